import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AdvowareAuthError, AdvowareError, type AdvowareClient } from '../../clients/advoware';
import { checkProxyEndpoint } from '../../domain/proxy-endpoint';
import { apiKeyFrom, type AuthHook } from '../auth';
import type { ApiMetrics } from '../metrics';
import { createRateLimiter } from '../rate-limit';

const query = z
  .object({ endpoint: z.string().optional().describe('relative Advoware path, e.g. api/v1/advonet/Mitarbeiter') })
  .catchall(z.union([z.string(), z.array(z.string())]));
const success = z.object({ result: z.unknown() });
const failure = z.object({ error: z.string(), upstreamStatus: z.number().nullable().optional(), details: z.unknown().optional(), message: z.string().optional() });

export interface ProxyDeps {
  advoware: AdvowareClient;
  auth: AuthHook;
  metrics: ApiMetrics;
  rateLimitPerMinute: number;
}

/**
 * `GET|POST|PUT|DELETE /advoware/proxy?endpoint=…`: authenticated pass-through that hides the
 * Advoware token dance. Advoware's status is mirrored; when Advoware is down or our own
 * credentials fail, callers get 502 (never 401, which would blame their API key).
 */
export const proxyRoutes = (deps: ProxyDeps): FastifyPluginAsyncZod => async (app) => {
  const limiter = createRateLimiter(deps.rateLimitPerMinute);

  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    app.route({
      method,
      url: '/advoware/proxy',
      preHandler: [
        deps.auth,
        async (request, reply) => {
          const waitMs = limiter.take(apiKeyFrom(request) ?? '');
          if (waitMs > 0) {
            reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
            return reply.code(429).send({ error: 'Too Many Requests', message: 'Proxy rate limit for this API key exceeded' });
          }
        },
      ],
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
          const upstream = await deps.advoware.request(method, check.path, { query: forwarded, body });
          deps.metrics.proxyRequests.inc({ method, status: String(upstream.status) });
          if (upstream.status >= 500) {
            return reply.code(502).send({ error: 'Advoware upstream error', upstreamStatus: upstream.status, details: upstream.body });
          }
          if (upstream.status === 401) {
            return reply.code(502).send({ error: 'Advoware rejected the proxy credentials', upstreamStatus: 401, details: upstream.body });
          }
          if (upstream.status >= 400) {
            // Mirror Advoware's own 4xx (e.g. 403 on Kommunikation DELETE) so callers see the real reason.
            return reply.code(upstream.status as 400).send({ error: 'Advoware rejected the request', upstreamStatus: upstream.status, details: upstream.body });
          }
          return reply.code(upstream.status as 200).send({ result: upstream.body });
        } catch (err) {
          deps.metrics.proxyRequests.inc({ method, status: 'error' });
          if (!(err instanceof AdvowareError)) throw err;
          request.log.warn({ err, endpoint: check.path }, 'advoware proxy upstream failure');
          const error = err instanceof AdvowareAuthError ? 'Advoware authentication failed' : 'Advoware unreachable';
          return reply.code(502).send({ error, upstreamStatus: err.status ?? null, details: err.advowareMessage ?? err.message });
        }
      },
    });
  }
};
