import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TemporalAccess } from '../temporal';

const healthBody = z.object({ status: z.literal('ok') });
const readyBody = z.object({ status: z.enum(['ready', 'not_ready']), temporal: z.string() });

/** Liveness (process up) and readiness (Temporal reachable, so webhooks can be accepted). */
export const healthRoutes = (temporal: TemporalAccess): FastifyPluginAsyncZod => async (app) => {
  app.get('/health', { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: healthBody } } }, async () => ({ status: 'ok' as const }));

  app.get(
    '/ready',
    { schema: { tags: ['operations'], summary: 'Readiness: Temporal reachable', response: { 200: readyBody, 503: readyBody } } },
    async (_request, reply) => {
      try {
        await temporal.checkReachable();
        return { status: 'ready' as const, temporal: 'reachable' };
      } catch (err) {
        reply.log.warn({ err }, 'Temporal not reachable');
        return reply.code(503).send({ status: 'not_ready' as const, temporal: 'unreachable' });
      }
    },
  );
};
