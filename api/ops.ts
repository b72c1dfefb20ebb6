import Fastify, { LogController } from 'fastify';
import swagger, { type StaticDocumentSpec } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Registry } from 'prom-client';
import type { Logger } from '../config/logger';
import { registerErrorHandler } from './errors';
import { registerRequestLog } from './request-log';

/** @fastify/swagger writes OpenAPI 3.0 (its default `3.0.3`), the versions static mode serves. */
export type OpenApiDocument = StaticDocumentSpec['document'];

export interface OpsDeps {
  logger: Logger;
  registry: Registry;
  /** The public app's OpenAPI document (`app.swagger()` after `ready()`); no `/docs` without it. */
  openapi?: OpenApiDocument;
  /** Extra liveness detail, e.g. the worker's state; `ok: false` answers 503. */
  health?: () => { ok: boolean; [detail: string]: unknown };
}

/**
 * The operations listener: Prometheus `/metrics`, `/docs` and `/health`. It binds to its own
 * port (`API_OPS_PORT` / `WORKER_OPS_PORT`, on `OPS_HOST`), which the reverse proxy never
 * exposes, so the metrics and the API description stay on the internal network.
 */
export async function buildOpsApp(deps: OpsDeps) {
  const app = Fastify({ loggerInstance: deps.logger, logController: new LogController({ disableRequestLogging: true }) });
  registerErrorHandler(app);
  registerRequestLog(app);
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', deps.registry.contentType);
    return deps.registry.metrics();
  });
  app.get('/health', async (_request, reply) => {
    const state = deps.health?.() ?? { ok: true };
    return reply.code(state.ok ? 200 : 503).send({ status: state.ok ? 'ok' : 'unhealthy', ...state });
  });
  if (deps.openapi) {
    await app.register(swagger, { mode: 'static', specification: { document: deps.openapi } });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }
  return app;
}

export type OpsApp = Awaited<ReturnType<typeof buildOpsApp>>;
