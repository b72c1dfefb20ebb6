import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AdvowareClient } from '../clients/advoware';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import { requireApiKey } from './auth';
import { registerErrorHandler } from './errors';
import { createApiMetrics, type ApiMetrics } from './metrics';
import { calendarRoutes } from './routes/calendar';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
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

/** Builds the Fastify app (plugins + routes) without listening, so tests can use inject(). */
export async function buildApp(deps: ApiDeps) {
  const { config } = deps;
  const metrics = deps.metrics ?? createApiMetrics();
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.api.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'advoware-bridge', version: '0.1.0', description: 'EspoCRM ↔ Advoware ↔ Google Calendar sync on Temporal' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const auth = requireApiKey(config.api.apiKeys);
  await app.register(healthRoutes(deps.temporal));
  await app.register(metricsRoutes(metrics));
  await app.register(pingRoutes(deps.temporal, auth));
  await app.register(calendarRoutes(deps.temporal, auth));
  await app.register(
    webhookRoutes({
      temporal: deps.temporal,
      metrics,
      secrets: config.espocrm.webhookSecrets,
      allowUnsigned: config.espocrm.allowUnsignedWebhooks,
      debounceMs: config.beteiligte.debounceMs,
      startConcurrency: config.beteiligte.startConcurrency,
    }),
  );
  await app.register(proxyRoutes({ advoware: deps.advoware, auth, metrics, rateLimitPerMinute: config.api.rateLimitPerMinute }));
  return app;
}

export type ApiApp = Awaited<ReturnType<typeof buildApp>>;
