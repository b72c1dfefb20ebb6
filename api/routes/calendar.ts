import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { AdvowareClient } from '../../clients/advoware';
import { unknownKuerzel } from '../../domain/calendar';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../workflows/calendar-sync-employee';
import { calendarStartOptions, calendarSyncRequestedSignal, KUERZEL_PATTERN } from '../../workflows/messages';
import type { AuthHook } from '../auth';
import type { TemporalAccess } from '../temporal';
import { CALENDAR_ALL_RUN_TEXT } from '../../workflows/run-details';

const body = z
  .object({
    kuerzel: z
      .string()
      .refine((k) => k === 'ALL' || KUERZEL_PATTERN.test(k), 'kuerzel must be "ALL" or an employee Kürzel (1–10 letters/digits)')
      .default('ALL'),
    // No default: a request that does not name the mode keeps the employee's stored one.
    full_content: z.boolean().optional(),
  })
  .strict();
const failure = z.object({ error: z.string(), message: z.string() });

export interface CalendarRouteDeps {
  temporal: TemporalAccess;
  auth: AuthHook;
  /** Asked whether a Kürzel is an active employee before any workflow starts. */
  advoware: Pick<AdvowareClient, 'listEmployees'>;
  /** GOOGLE_CALENDAR_MAPPING's Kürzel: accepted without an Advoware employee. */
  mappedKuerzel: string[];
  allWorkflowId?: string;
}
const triggered = z.object({ status: z.literal('triggered'), kuerzel: z.string(), workflowId: z.string(), message: z.string() });

/** `POST /advoware/calendar/sync`: starts the all-employees run or one employee's pass. */
export const calendarRoutes = ({ temporal, auth, advoware, mappedKuerzel, allWorkflowId = 'calendar-sync-api' }: CalendarRouteDeps): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/advoware/calendar/sync',
    {
      onRequest: auth,
      schema: {
        tags: ['calendar'],
        summary: 'Trigger the calendar sync for all employees or one Kürzel',
        security: [{ apiKey: [] }],
        body: body.optional(),
        response: { 202: triggered, 404: failure, 503: failure },
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
          ...CALENDAR_ALL_RUN_TEXT,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        return reply.code(202).send({ status: 'triggered', kuerzel, workflowId: handle.workflowId, message: 'Calendar sync triggered for ALL' });
      }
      const k = kuerzel.toUpperCase();
      // Only real employees: any other string would start a workflow impersonating `<k>@domain`.
      let employees;
      try {
        employees = await advoware.listEmployees();
      } catch (err) {
        request.log.error({ err }, 'Advoware employee list unavailable');
        return reply.code(503).send({ error: 'Service Unavailable', message: 'Advoware unreachable: cannot check the Kürzel; retry later' });
      }
      if (unknownKuerzel([k], employees, mappedKuerzel).length > 0) {
        return reply.code(404).send({ error: 'Not Found', message: `${k} is not an active Advoware employee (nor in GOOGLE_CALENDAR_MAPPING)` });
      }
      const handle = await temporal.client.workflow.signalWithStart(calendarSyncEmployee, {
        ...calendarStartOptions(k, temporal.taskQueue, fullContent ?? true),
        signal: calendarSyncRequestedSignal,
        signalArgs: [{ fullContent }],
      });
      return reply.code(202).send({ status: 'triggered', kuerzel: k, workflowId: handle.workflowId, message: `Calendar sync triggered for ${k}` });
    },
  );
};
