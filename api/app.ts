import Fastify, { LogController } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AdvowareClient } from '../clients/advoware';
import { parseCalendarMapping } from '../clients/google/settings';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import { createAuthGuard } from './auth';
import { registerErrorHandler } from './errors';
import { createApiMetrics, type ApiMetrics } from './metrics';
import { registerRequestLog } from './request-log';
import { temporalPayloadCodec } from '../clients/temporal/connection';
import { calendarRoutes } from './routes/calendar';
import { codecRoutes } from './routes/codec';
import { healthRoutes } from './routes/health';
import { pingRoutes } from './routes/ping';
import { proxyRoutes } from './routes/proxy';
import { webhookRoutes } from './routes/webhooks';
import type { TemporalAccess } from './temporal';

export interface ApiDeps {
  config: Config;
  logger: Logger;
  temporal: TemporalAccess;
  advoware: AdvowareClient;
  metrics?: ApiMetrics;
}

/**
 * Builds the public Fastify app (plugins + routes) without listening, so tests can use inject().
 * `/metrics` and `/docs` are not here: they live on the operations app (api/ops.ts), which
 * listens on its own port.
 */
export async function buildApp(deps: ApiDeps) {
  const { config } = deps;
  const metrics = deps.metrics ?? createApiMetrics();
  const app = Fastify({
    loggerInstance: deps.logger,
    // Fastify's own request lines carry the URL with its query (names, in proxy calls); ours do not.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.api.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // Behind the TLS reverse proxy the client address is in X-Forwarded-For; trust only that proxy.
    trustProxy: config.api.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerRequestLog(app, metrics);

  // Every route, per client address, in `onRequest` (before any body is read).
  await app.register(rateLimit, { global: true, max: config.api.rateLimitPerMinute, timeWindow: 60_000, hook: 'onRequest' });

  // Collects the OpenAPI document from the route schemas; the UI is served by the ops app.
  await app.register(swagger, {
    openapi: {
      info: { title: 'advoware-bridge', version: '0.1.0', description: 'EspoCRM ↔ Advoware ↔ Google Calendar sync on Temporal' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    },
    transform: jsonSchemaTransform,
  });

  const guard = createAuthGuard(app, config.api.apiKeys, config.api.authFailuresPerMinute);
  await app.register(healthRoutes(deps.temporal));
  await app.register(pingRoutes(deps.temporal, guard.hook));
  const mappedKuerzel = [...parseCalendarMapping(config.google.calendarMapping).keys()];
  await app.register(calendarRoutes({ temporal: deps.temporal, auth: guard.hook, advoware: deps.advoware, mappedKuerzel, waitTimeoutMs: config.calendar.syncWaitTimeoutMs, waits: metrics.calendarWaits }));
  await app.register(
    webhookRoutes({
      temporal: deps.temporal,
      metrics,
      guard,
      secrets: config.espocrm.webhookSecrets,
      allowUnsigned: config.espocrm.allowUnsignedWebhooks,
      debounceMs: config.beteiligte.debounceMs,
      startConcurrency: config.beteiligte.startConcurrency,
      intakeBatchMin: config.beteiligte.webhookIntakeBatchMin,
    }),
  );
  await app.register(
    codecRoutes({ codec: temporalPayloadCodec(config.temporal), guard, uiToken: config.api.codecUiToken, uiOrigins: config.api.uiOrigins }),
  );
  await app.register(proxyRoutes({ advoware: deps.advoware, auth: guard.hook, metrics, maxResponseBytes: config.advoware.proxyMaxResponseBytes }));
  return app;
}

export type ApiApp = Awaited<ReturnType<typeof buildApp>>;
