import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { calendarSyncAll } from '../workflows/calendar-sync-all';
import { calendarWorkflowId } from '../workflows/messages';
import { knob, runBench, type BenchContext, type BenchOutput } from './support/harness';
import { round, type Figure } from './support/report';
import { seedCalendars } from './support/seed';
import { startBenchStack } from './support/stack';
import { sampleRss, startWorkerProcesses, stopWorkerProcesses, WORKER_MEMORY, type WorkerProcess } from './support/worker-process';

/**
 * Bounded history: one employee with many Termine in the window — first sync, then no-change
 * passes — and what each pass adds to the workflow's history (bytes of the encoded events) and
 * the largest single payload in any of its runs. Google's quota is off in this bench: it measures
 * bytes, not time (the `calendar` bench measures time at the quota). The worker runs in a process
 * of its own with the deployed memory settings: the largest calendar pass must fit its heap.
 */
const K = 'XL';
const NO_CHANGE_PASSES = 3;
const PER_PASS_TARGET_KB = 64;
const PAYLOAD_TARGET_KB = 256;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Every run of the workflow, oldest first (continue-as-new chain via firstExecutionRunId). */
async function runs(client: Client, workflowId: string): Promise<{ runId: string; events: HistoryEvent[] }[]> {
  const found: { runId: string; events: HistoryEvent[]; start: number }[] = [];
  for await (const info of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    // Small pages: one page of a first sync's history can exceed gRPC's 4 MB message limit.
    const events: HistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId, runId: info.runId }, maximumPageSize: 50, nextPageToken });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    found.push({ runId: info.runId, events, start: info.startTime.getTime() });
  }
  return found.sort((a, b) => a.start - b.start);
}

const eventBytes = (e: HistoryEvent) => temporal.api.history.v1.HistoryEvent.encode(e).finish().length;

/** Largest `Payload.data` anywhere in an event. */
function largestPayload(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  if (value instanceof Uint8Array) return 0;
  const record = value as Record<string, unknown>;
  let max = record.data instanceof Uint8Array && 'metadata' in record ? record.data.length : 0;
  for (const child of Object.values(record)) max = Math.max(max, largestPayload(child));
  return max;
}

async function totals(client: Client): Promise<{ bytes: number; events: number; runs: number; largest: number }> {
  const all = await runs(client, calendarWorkflowId(K));
  let bytes = 0;
  let events = 0;
  let largest = 0;
  for (const run of all) {
    for (const e of run.events) {
      bytes += eventBytes(e);
      events += 1;
      largest = Math.max(largest, largestPayload(e));
    }
  }
  return { bytes, events, runs: all.length, largest };
}

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const termine = knob('BENCH_XL_TERMINE', 5000, 200);
  const stack = await startBenchStack({ temporalAddress, env: { CALENDAR_PAST_DAYS: '30', CALENDAR_FUTURE_DAYS: '90', CALENDAR_SYNC_WAIT_TIMEOUT: '60m' }, sims: { googleRateLimits: false }, inProcessWorkers: false });
  let workers: WorkerProcess[] = [];
  try {
    workers = await startWorkerProcesses(stack, 1);
    seedCalendars(stack, { employees: 1, terminePerEmployee: termine, seed: 99, rename: (e) => ({ ...e, kuerzel: K, email: 'xl@kanzlei.example' }) });
    const pass = async () => {
      const before = await totals(stack.temporal).catch(() => ({ bytes: 0, events: 0, runs: 0, largest: 0 }));
      const started = performance.now();
      const result = await stack.temporal.workflow.execute(calendarSyncAll, { taskQueue: stack.taskQueue, workflowId: `bench-history-${Date.now()}`, args: [{ kuerzel: [K] }] });
      const seconds = (performance.now() - started) / 1000;
      const after = await totals(stack.temporal);
      return { seconds, outcome: result.employees[0]?.outcome, bytes: after.bytes - before.bytes, events: after.events - before.events, runs: after.runs, largest: after.largest };
    };
    log(`one employee, ${termine} Termine: first sync (Google quota off)…`);
    const rss = sampleRss(workers);
    const first = await pass();
    const firstSyncRssPeak = rss.stop();
    const events = stack.sims.google.state.listCalendars('xl@kanzlei.example').reduce((n, c) => n + stack.sims.google.state.listEvents(c.calendar.id).length, 0);
    log(`first sync: ${round(first.seconds, 1)} s, ${first.outcome}, ${events} events, ${round(first.bytes / 1024, 1)} KB history in ${first.runs} run(s)`);
    const noChange = [];
    for (let i = 0; i < NO_CHANGE_PASSES; i++) noChange.push(await pass());
    const perPass = noChange.map((p) => round(p.bytes / 1024, 1));
    const largest = Math.max(first.largest, ...noChange.map((p) => p.largest));
    log(`no-change passes: ${perPass.join(', ')} KB; largest payload ${round(largest / 1024, 1)} KB`);
    const figures: Figure[] = [
      { metric: `${termine} Termine: Google events after first sync`, value: events, unit: 'events' },
      { metric: 'first sync: outcome', value: String(first.outcome), unit: '' },
      { metric: 'first sync: wall time (Google quota off)', value: round(first.seconds, 1), unit: 's' },
      { metric: 'first sync: history added (all runs)', value: round(first.bytes / 1024, 1), unit: 'KB' },
      { metric: 'first sync: history events added', value: first.events, unit: 'events' },
      { metric: 'workflow runs after first sync', value: first.runs, unit: 'runs' },
      ...noChange.map((p, i) => ({ metric: `no-change pass ${i + 1}: history added (target ≤ ${PER_PASS_TARGET_KB} KB), outcome ${p.outcome}`, value: round(p.bytes / 1024, 1), unit: 'KB' })),
      { metric: `largest payload in any run (target ≤ ${PAYLOAD_TARGET_KB} KB)`, value: round(largest / 1024, 1), unit: 'KB' },
      { metric: 'worker process RSS peak during the first sync (deployed memory settings)', value: firstSyncRssPeak, unit: 'MiB' },
    ];
    return {
      settings: { BENCH_XL_TERMINE: termine, CALENDAR_MAX_ACTIONS_PER_PASS: stack.config.calendar.maxActionsPerPass, googleQuota: 'off', workerMemory: WORKER_MEMORY },
      figures,
      details: { first, noChange },
    };
  } finally {
    await stack.temporal.workflow.getHandle(calendarWorkflowId(K)).terminate('bench done').catch(() => undefined);
    await stopWorkerProcesses(workers);
    await stack.close();
  }
}

runBench('calendar-history', 'Calendar history per pass: one employee with a large calendar, first sync then no-change passes', bench);
