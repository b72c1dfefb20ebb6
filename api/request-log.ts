import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLIENT_CLOSED_REQUEST, onClientGone } from './client-gone';
import type { ApiMetrics } from './metrics';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server/logger/type-provider variant
type AnyFastify = FastifyInstance<any, any, any, any, any>;

/**
 * One line per request: method, route pattern (never the URL: proxy queries carry names),
 * status and duration. The same labels feed the HTTP metrics.
 */
export function registerRequestLog(app: AnyFastify, metrics?: ApiMetrics): void {
  const record = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const line = { method: request.method, route, status, durationMs: Math.round(reply.elapsedTime * 10) / 10 };
    if (status >= 500) request.log.error(line, message);
    else request.log.info(line, message);
    metrics?.httpRequests.inc({ method: request.method, route, status: String(status) });
    metrics?.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  };
  app.addHook('onResponse', async (request, reply) => record(request, reply, reply.statusCode, 'request completed'));
  // A client that hangs up before its answer gets no onResponse (nor, here, Fastify's
  // onRequestAbort): count it as 499 (nginx's "client closed request"), so callers giving up on
  // long waits show in the log and the metrics.
  app.addHook('onRequest', async (request, reply) => {
    onClientGone(reply, () => record(request, reply, CLIENT_CLOSED_REQUEST, 'client closed the connection before the answer'));
  });
}
