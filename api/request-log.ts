import type { FastifyInstance } from 'fastify';
import { CLIENT_CLOSED_REQUEST } from './client-gone';
import type { ApiMetrics } from './metrics';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server/logger/type-provider variant
type AnyFastify = FastifyInstance<any, any, any, any, any>;

/**
 * One line per request: method, route pattern (never the URL: proxy queries carry names),
 * status and duration. The same labels feed the HTTP metrics.
 */
export function registerRequestLog(app: AnyFastify, metrics?: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const durationMs = Math.round(reply.elapsedTime * 10) / 10;
    const line = { method: request.method, route, status, durationMs };
    if (status >= 500) request.log.error(line, 'request completed');
    else request.log.info(line, 'request completed');
    metrics?.httpRequests.inc({ method: request.method, route, status: String(status) });
    metrics?.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  // A client that hangs up before its answer gets no onResponse (nor, here, Fastify's
  // onRequestAbort): count it as 499 (nginx's "client closed request"), so callers giving up on
  // long waits show in the log and the metrics.
  app.addHook('onRequest', async (request, reply) => {
    reply.raw.once('close', () => {
      if (reply.raw.writableFinished) return;
      const route = request.routeOptions.url ?? 'unmatched';
      const durationMs = Math.round(reply.elapsedTime * 10) / 10;
      request.log.info({ method: request.method, route, status: CLIENT_CLOSED_REQUEST, durationMs }, 'client closed the connection before the answer');
      metrics?.httpRequests.inc({ method: request.method, route, status: String(CLIENT_CLOSED_REQUEST) });
      metrics?.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  });
}
