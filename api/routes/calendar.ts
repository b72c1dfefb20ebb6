import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../workflows/calendar-sync-employee';
import { calendarStartOptions, calendarSyncRequestedSignal, KUERZEL_PATTERN } from '../../workflows/messages';
import type { AuthHook } from '../auth';
import type { TemporalAccess } from '../temporal';

const body = z
  .object({
    kuerzel: z
      .string()
      .refine((k) => k === 'ALL' || KUERZEL_PATTERN.test(k), 'kuerzel must be "ALL" or an employee Kürzel (1–10 letters/digits)')
      .default('ALL'),
    full_content: z.boolean().default(true),
  })
  .strict();
const triggered = z.object({ status: z.literal('triggered'), kuerzel: z.string(), workflowId: z.string(), message: z.string() });

/** `POST /advoware/calendar/sync`: starts the all-employees run or one employee's pass. */
export const calendarRoutes = (temporal: TemporalAccess, auth: AuthHook, allWorkflowId = 'calendar-sync-api'): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/advoware/calendar/sync',
    {
      onRequest: auth,
      schema: {
        tags: ['calendar'],
        summary: 'Trigger the calendar sync for all employees or one Kürzel',
        security: [{ apiKey: [] }],
        body: body.optional(),
        response: { 202: triggered },
      },
    },
    async (request, reply) => {
      const { kuerzel, full_content: fullContent } = body.parse(request.body ?? {});
      if (kuerzel === 'ALL') {
        // One all-employees run at a time: a second trigger joins the running one.
        const handle = await temporal.client.workflow.start(calendarSyncAll, {
          taskQueue: temporal.taskQueue,
          workflowId: allWorkflowId,
          args: [{ fullContent }],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        return reply.code(202).send({ status: 'triggered', kuerzel, workflowId: handle.workflowId, message: 'Calendar sync triggered for ALL' });
      }
      const k = kuerzel.toUpperCase();
      const handle = await temporal.client.workflow.signalWithStart(calendarSyncEmployee, {
        ...calendarStartOptions(k, temporal.taskQueue, fullContent),
        signal: calendarSyncRequestedSignal,
        signalArgs: [{ fullContent }],
      });
      return reply.code(202).send({ status: 'triggered', kuerzel: k, workflowId: handle.workflowId, message: `Calendar sync triggered for ${k}` });
    },
  );
};
