import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdvowareAuthError, AdvowareError, AdvowareResponseTooLargeError, advowareMessageOf, type AdvowareClient } from '../../clients/advoware';
import { checkProxyEndpoint } from '../../domain/proxy-endpoint';
import type { AuthHook } from '../auth';
import type { ApiMetrics } from '../metrics';

const query = z
  .object({ endpoint: z.string().optional().describe('relative Advoware path, e.g. api/v1/advonet/Mitarbeiter') })
  .catchall(z.union([z.string(), z.array(z.string())]));
const success = z.object({ result: z.unknown() });
const failure = z.object({ error: z.string(), upstreamStatus: z.number().nullable().optional(), details: z.unknown().optional(), message: z.string().optional() });

/** Longest upstream error text passed on; Advoware's error pages can carry stack traces and SQL. */
export const UPSTREAM_DETAIL_MAX = 200;

/**
 * Advoware's own error text, cleaned for callers: the `error`/`message` field or the text body,
 * markup and control characters removed, whitespace collapsed, cut to UPSTREAM_DETAIL_MAX.
 */
export function upstreamDetail(body: unknown): string | undefined {
  const text = advowareMessageOf(body);
  if (!text) return undefined;
  const clean = text
    .replace(/<[^>]*>/g, ' ')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return undefined;
  return clean.length > UPSTREAM_DETAIL_MAX ? `${clean.slice(0, UPSTREAM_DETAIL_MAX - 1)}…` : clean;
}

export interface ProxyDeps {
  advoware: AdvowareClient;
  auth: AuthHook;
  metrics: ApiMetrics;
  /** Upstream bodies above this are not relayed (502); keeps one call from exhausting memory. */
  maxResponseBytes: number;
}

/**
 * `GET|POST|PUT|DELETE /advoware/proxy?endpoint=…`: authenticated pass-through that hides the
 * Advoware token dance. Advoware's status is mirrored; when Advoware is down or our own
 * credentials fail, callers get 502 (never 401, which would blame their API key).
 */
export const proxyRoutes = (deps: ProxyDeps): FastifyPluginAsyncZod => async (app) => {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/advoware/proxy',
      // Before the body is read: unauthenticated callers cost no parsing.
      onRequest: deps.auth,
      schema: {
        tags: ['advoware'],
        summary: `${method} pass-through to the Advoware API`,
        security: [{ apiKey: [] }],
        querystring: query,
        ...(method === 'POST' || method === 'PUT' ? { body: z.unknown().optional() } : {}),
        response: { 200: success, 201: success, 204: success, '4xx': failure, 502: failure },
      },
      handler: async (request, reply) => {
        const { endpoint, ...forwarded } = request.query;
        const check = checkProxyEndpoint(endpoint);
        if (!check.ok) return reply.code(400).send({ error: 'Bad Request', message: check.reason });
        const body = method === 'POST' || method === 'PUT' ? request.body : undefined;
        try {
          const upstream = await deps.advoware.request(method, check.path, { query: forwarded, body, maxResponseBytes: deps.maxResponseBytes });
          deps.metrics.proxyRequests.inc({ method, status: String(upstream.status) });
          if (upstream.status >= 500) {
            return reply.code(502).send({ error: 'Advoware upstream error', upstreamStatus: upstream.status, details: upstreamDetail(upstream.body) });
          }
          if (upstream.status === 401) {
            return reply.code(502).send({ error: 'Advoware rejected the proxy credentials', upstreamStatus: 401, details: upstreamDetail(upstream.body) });
          }
          if (upstream.status >= 400) {
            // Mirror Advoware's own 4xx (e.g. 403 on Kommunikation DELETE) so callers see the real reason.
            return reply.code(upstream.status as 400).send({ error: 'Advoware rejected the request', upstreamStatus: upstream.status, details: upstreamDetail(upstream.body) });
          }
          return reply.code(upstream.status as 200).send({ result: upstream.body });
        } catch (err) {
          deps.metrics.proxyRequests.inc({ method, status: 'error' });
          if (!(err instanceof AdvowareError)) throw err;
          request.log.warn({ err, endpoint: check.path }, 'advoware proxy upstream failure');
          const error =
            err instanceof AdvowareAuthError ? 'Advoware authentication failed' : err instanceof AdvowareResponseTooLargeError ? 'Advoware response too large' : 'Advoware unreachable';
          return reply.code(502).send({ error, upstreamStatus: err.status ?? null, details: upstreamDetail(err.advowareMessage ?? err.message) });
        }
      },
    });
  }
};
