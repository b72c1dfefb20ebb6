import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  CALENDAR_EMPLOYEE_WORKFLOW,
  calendarPassUpdate,
  calendarStartOptions,
  calendarWorkflowId,
  type CalendarPassAnswer,
} from '../../workflows/messages';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';

export interface CalendarPassOptions {
  kuerzel: string;
  /** Main task queue (the employee workflow runs there). */
  taskQueue: string;
  requestId: string;
  /** Undefined keeps the mode the employee's workflow last used (full content when it starts now). */
  fullContent?: boolean;
  /** How long to wait for the answer; after that the caller gets `failed` or `timed_out` with the reason. */
  timeoutMs: number;
  /** Aborts the wait early (an activity being cancelled). */
  signal?: AbortSignal;
}

export interface CalendarPassResult {
  kuerzel: string;
  requestId: string;
  /** The pass outcome, or `timed_out` when the pass neither ended nor failed within the wait. */
  outcome: CalendarPassAnswer['outcome'] | 'timed_out';
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The validator turns requests away while a run continues as new; the next run takes them. */
const isHandover = (err: unknown) => err instanceof WorkflowUpdateFailedError && /continuing as new/.test(String((err.cause as Error | undefined)?.message));

/**
 * Asks `calendar:{K}` for a pass and waits for that pass's outcome through the `requestPass`
 * Update (update-with-start: starts the workflow if it is not running). The wait is bounded: when
 * the deadline passes first, the workflow's pending pass activity tells whether the pass keeps
 * failing (→ `failed` with its last error) or is merely still busy (→ `timed_out`).
 */
export async function requestCalendarPass(client: Client, options: CalendarPassOptions): Promise<CalendarPassResult> {
  const { kuerzel, requestId } = options;
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const start = calendarStartOptions(kuerzel, options.taskQueue, options.fullContent ?? true);
  for (;;) {
    try {
      const answer = await client.withAbortSignal(signal, async () => {
        const handle = await client.workflow.startUpdateWithStart(calendarPassUpdate, {
          args: [{ requestId, ...(options.fullContent !== undefined ? { fullContent: options.fullContent } : {}) }],
          // The request id doubles as the Update id: a retried caller re-attaches to the same Update.
          updateId: requestId,
          waitForStage: 'ACCEPTED',
          startWorkflowOperation: new WithStartWorkflowOperation(CALENDAR_EMPLOYEE_WORKFLOW, { ...start, workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING }),
        });
        return handle.result();
      });
      return { kuerzel, requestId, outcome: answer.outcome, ...(answer.error ? { error: answer.error } : {}) };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      if (deadline.aborted) return { kuerzel, requestId, ...(await whyNoAnswer(client, kuerzel, options.timeoutMs)) };
      if (!isHandover(err)) throw err;
      await sleep(200);
    }
  }
}

/** What the employee's workflow is doing when the wait ran out: a retrying pass activity carries its last failure. */
async function whyNoAnswer(client: Client, kuerzel: string, timeoutMs: number): Promise<Pick<CalendarPassResult, 'outcome' | 'error'>> {
  const waited = `${Math.round(timeoutMs / 1000)} s`;
  const described = await client.workflow
    .getHandle(calendarWorkflowId(kuerzel))
    .describe()
    .catch(() => undefined);
  const failing = described?.raw.pendingActivities?.find((a) => a.lastFailure?.message);
  if (failing) {
    const attempts = Math.max(1, (failing.attempt ?? 2) - 1);
    // The raw failure's message is encoded (and encrypted) by our failure converter: decode it with the client's converter.
    const lastError = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, failing.lastFailure);
    return { outcome: 'failed', error: `pass still failing after ${waited} (${failing.activityType?.name ?? 'activity'}, ${attempts} failed attempt${attempts === 1 ? '' : 's'}): ${lastError?.message ?? failing.lastFailure!.message}` };
  }
  if (!described) return { outcome: 'timed_out', error: `no answer within ${waited}: workflow ${calendarWorkflowId(kuerzel)} not found` };
  return { outcome: 'timed_out', error: `no answer within ${waited}: the pass is still running (${described.status.name})` };
}
