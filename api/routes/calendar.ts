import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import type { AdvowareClient } from '../../clients/advoware';
import { requestCalendarPass, type CalendarPassResult } from '../../clients/temporal/calendar-pass';
import { unknownKuerzel } from '../../domain/calendar';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../workflows/calendar-sync-employee';
import { calendarStartOptions, calendarSyncRequestedSignal, calendarWorkflowId, KUERZEL_PATTERN } from '../../workflows/messages';
import type { AuthHook } from '../auth';
import { clientGoneSignal, CLIENT_CLOSED_REQUEST } from '../client-gone';
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
    // true: answer with the pass outcome (one Kürzel only) instead of 202 at once.
    wait: z.boolean().default(false),
    /** Seconds to wait at most; default and upper bound CALENDAR_SYNC_WAIT_TIMEOUT. */
    timeout_s: z.number().int().positive().optional(),
  })
  .strict();
const failure = z.object({ error: z.string(), message: z.string() });
// Schema violations carry the error handler's `details` (api/errors.ts).
const badRequest = failure.extend({ details: z.array(z.object({ path: z.string(), message: z.string().optional() })).optional() });

export interface CalendarRouteDeps {
  temporal: TemporalAccess;
  auth: AuthHook;
  /** Asked whether a Kürzel is an active employee before any workflow starts. */
  advoware: Pick<AdvowareClient, 'listEmployees'>;
  /** GOOGLE_CALENDAR_MAPPING's Kürzel: accepted without an Advoware employee. */
  mappedKuerzel: string[];
  allWorkflowId?: string;
  /** CALENDAR_SYNC_WAIT_TIMEOUT: how long `wait: true` waits for the pass (default and maximum). */
  waitTimeoutMs: number;
  /** Gauge of callers being waited for (`calendar_sync_waits`). */
  waits?: { inc(): void; dec(): void };
}
const triggered = z.object({ status: z.literal('triggered'), kuerzel: z.string(), workflowId: z.string(), message: z.string() });
const OUTCOMES = ['clean', 'no_change', 'failed', 'aborted_delete_guard', 'aborted_create_guard', 'shadow', 'off', 'timed_out'] as const satisfies readonly CalendarPassResult['outcome'][];
const outcome = z.enum(OUTCOMES);
const completed = z.object({ status: z.literal('completed'), kuerzel: z.string(), workflowId: z.string(), outcome, error: z.string().optional() });
const passFailure = failure.extend({ kuerzel: z.string(), workflowId: z.string(), outcome });

/** A pass that failed is a failed request (502, its error); no answer in time is a gateway timeout (504). */
function passStatus(result: CalendarPassResult): 200 | 502 | 504 {
  if (result.outcome === 'failed') return 502;
  if (result.outcome === 'timed_out') return 504;
  return 200;
}

/**
 * `POST /advoware/calendar/sync`: starts the all-employees run or one employee's pass. Without
 * `wait` it answers 202 at once (signal-with-start); with `wait` (one Kürzel) it asks for the pass
 * through the requestPass Update, as `calendar sync` on the CLI does, and answers with its outcome.
 */
export const calendarRoutes = ({ temporal, auth, advoware, mappedKuerzel, allWorkflowId = 'calendar-sync-api', waitTimeoutMs, waits }: CalendarRouteDeps): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/advoware/calendar/sync',
    {
      onRequest: auth,
      schema: {
        tags: ['calendar'],
        summary: 'Trigger the calendar sync for all employees or one Kürzel; with `wait` (one Kürzel) answer with the pass outcome',
        security: [{ apiKey: [] }],
        body: body.optional(),
        response: { 200: completed, 202: triggered, 400: badRequest, 404: failure, 499: failure, 502: passFailure, 503: failure, 504: passFailure },
      },
    },
    async (request, reply) => {
      const { kuerzel, full_content: fullContent, wait, timeout_s: timeoutS } = body.parse(request.body ?? {});
      if (wait && kuerzel === 'ALL') return reply.code(400).send({ error: 'Bad Request', message: 'wait needs one Kürzel; for ALL, trigger without wait and watch the calendar-sync-api run' });
      const maxS = Math.floor(waitTimeoutMs / 1000);
      if (timeoutS !== undefined && (!wait || timeoutS > maxS)) {
        return reply.code(400).send({ error: 'Bad Request', message: wait ? `timeout_s must be at most ${maxS} (CALENDAR_SYNC_WAIT_TIMEOUT)` : 'timeout_s needs wait: true' });
      }
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
      if (wait) {
        // The CLI's path (calendarSyncAll → syncEmployeeAndWait): the requestPass Update with
        // start, answered when this pass ends, or after the bounded wait with the reason.
        // A caller that gives up (closes the connection) ends the wait; the pass itself runs on.
        const clientGone = clientGoneSignal(reply);
        let result: CalendarPassResult;
        waits?.inc();
        try {
          result = await requestCalendarPass(temporal.client, {
            kuerzel: k,
            taskQueue: temporal.taskQueue,
            requestId: `api-${randomUUID()}`,
            fullContent,
            timeoutMs: timeoutS !== undefined ? timeoutS * 1000 : waitTimeoutMs,
            signal: clientGone.signal,
          });
        } catch (err) {
          if (!clientGone.signal.aborted) throw err;
          request.log.info({ kuerzel: k }, 'client disconnected: stopped waiting for the calendar pass (the pass runs on)');
          return reply.code(CLIENT_CLOSED_REQUEST).send({ error: 'Client Closed Request', message: 'the client disconnected before the pass ended; the pass runs on' });
        } finally {
          clientGone.dispose();
          waits?.dec();
        }
        const status = passStatus(result);
        const answer = { kuerzel: k, workflowId: calendarWorkflowId(k), outcome: result.outcome };
        if (status === 200) return reply.code(200).send({ status: 'completed', ...answer, ...(result.error ? { error: result.error } : {}) });
        const message = result.outcome === 'failed' ? `calendar pass for ${k} failed: ${result.error ?? 'no error given'}` : (result.error ?? `no answer for ${k} in time`);
        return reply.code(status).send({ error: status === 502 ? 'Bad Gateway' : 'Gateway Timeout', message, ...answer });
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
