import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ping } from '../../workflows/ping';
import type { AuthHook } from '../auth';
import type { TemporalAccess } from '../temporal';

const body = z.object({ message: z.string().min(1).max(200).default('ping') }).strict();
const result = z.object({ message: z.string(), workflowId: z.string(), answeredBy: z.string() });

/** Runs the `ping` workflow end to end so an operator can prove API → Temporal → worker works. */
export const pingRoutes = (temporal: TemporalAccess, auth: AuthHook): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/admin/ping',
    {
      onRequest: auth,
      schema: { tags: ['operations'], summary: 'Round trip through Temporal and a worker', security: [{ apiKey: [] }], body: body.optional(), response: { 200: result } },
    },
    async (request) => {
      const message = request.body?.message ?? 'ping';
      return temporal.client.workflow.execute(ping, {
        taskQueue: temporal.taskQueue,
        workflowId: `ping:${request.id}:${Date.now()}`,
        args: [message],
        workflowExecutionTimeout: '30 seconds',
      });
    },
  );
};
