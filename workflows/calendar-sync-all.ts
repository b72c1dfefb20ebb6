import { patched, proxyActivities, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createCalendarRequestActivities } from '../activities/calendar-request';
import type { CalendarSyncAllInput, CalendarSyncAllResult } from './messages';
import { SyncKind, SyncOutcome } from './search-attributes';
import { taskQueuesFor } from './task-queues';

type Activities = ReturnType<typeof createCalendarActivities> & ReturnType<typeof createCalendarRequestActivities>;

const DEFAULT_CONCURRENCY = 3;
/**
 * Employees' passes are paced per Google user and project-wide inside the worker
 * (activities/google-pace.ts), so waiting for many at once costs nothing and lets a first sync
 * run at Google's quota instead of three employees at a time.
 */
const PARALLEL_CONCURRENCY = 20;

/**
 * Schedule `calendar-sync` (also API and CLI): lists employees and asks each employee's
 * long-lived workflow for a pass, a few at a time. One employee's failure is recorded in the
 * result and never stops the others.
 */
export async function calendarSyncAll(input: CalendarSyncAllInput = {}): Promise<CalendarSyncAllResult> {
  const { listEmployeeKuerzel, findUnknownKuerzel } = proxyActivities<Activities>({
    taskQueue: taskQueuesFor(workflowInfo().taskQueue).advoware,
    startToCloseTimeout: '1 minute',
    retry: { maximumAttempts: 5 },
  });
  const { syncEmployeeAndWait } = proxyActivities<Activities>({
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '1 minute',
    retry: { maximumAttempts: 3 },
  });
  upsertSearchAttributes([{ key: SyncKind, value: 'calendar-all' }]);

  const employees: CalendarSyncAllResult['employees'] = [];
  let kuerzel = input.kuerzel?.length ? input.kuerzel : await listEmployeeKuerzel();
  // Named Kürzel (API, CLI) must be real employees: another string would start a workflow that
  // impersonates `<k>@domain` in Google. Listed ones come from Advoware already.
  if (input.kuerzel?.length && patched('calendar-only-known-employees')) {
    const unknown = new Set(await findUnknownKuerzel(input.kuerzel));
    for (const k of unknown) employees.push({ kuerzel: k, outcome: 'unknown_employee', error: `${k} is not an active Advoware employee (nor in GOOGLE_CALENDAR_MAPPING)` });
    kuerzel = kuerzel.filter((k) => !unknown.has(k));
  }
  const queue = [...kuerzel];
  const worker = async () => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      try {
        // fullContent stays undefined for scheduled runs: each employee keeps the mode last asked for.
        employees.push(await syncEmployeeAndWait({ kuerzel: k, fullContent: input.fullContent, requestId: uuid4(), ...(input.waitMs ? { waitMs: input.waitMs } : {}) }));
      } catch (err) {
        employees.push({ kuerzel: k, outcome: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  // Runs recorded with three at a time must schedule in the same order when replayed.
  const concurrency = input.concurrency ?? (patched('calendar-all-parallel') ? PARALLEL_CONCURRENCY : DEFAULT_CONCURRENCY);
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, kuerzel.length)) }, worker));
  const failed = employees.filter((e) => e.outcome === 'failed' || e.outcome === 'timed_out' || e.outcome === 'unknown_employee').length;
  upsertSearchAttributes([{ key: SyncOutcome, value: failed ? 'failed' : 'clean' }]);
  return { employees: employees.sort((a, b) => a.kuerzel.localeCompare(b.kuerzel)) };
}
