import { performance } from 'node:perf_hooks';
import { toEspoTimestamp } from '../domain/beteiligte';
import { beteiligteSweep } from '../workflows/beteiligte-sweep';
import { ENTITY } from './support/beteiligte';
import { callCounts, total } from './support/calls';
import { knob, runBench, sleep, type BenchContext, type BenchOutput } from './support/harness';
import { atMost, round, type Figure } from './support/report';
import { startBenchStack, type BenchStack } from './support/stack';
import { sampleRss, startWorkerProcesses, stopWorkerProcesses, WORKER_BUNDLE_MODE, WORKER_ENTRY, WORKER_MEMORY, type WorkerProcess } from './support/worker-process';

/**
 * The sweep over a large EspoCRM with no changes: every record linked, clean and synced within
 * BETEILIGTE_STALE_AFTER, so nothing is due. One sweep at the small size, then the table grows
 * to the large size and the sweep runs again; the worker's RSS (own process) and the sweep's
 * time per 1,000 records at both sizes. The sweep asks EspoCRM for due records only, page by page
 * (keyset on id), so its memory must not grow with the table.
 */
function addSyncedRecords(stack: BenchStack, from: number, to: number): void {
  const synced = toEspoTimestamp(Date.now());
  for (let i = from; i < to; i += 1) {
    stack.sims.espocrm.state.createRecord(
      ENTITY,
      { name: `Sweep Person ${i}`, firstName: 'Sweep', lastName: `Person ${i}`, betnr: 500_000 + i, syncStatus: 'clean', advowareLastSync: synced },
      { skipDuplicateCheck: true },
    );
  }
}

async function sweepOnce(stack: BenchStack, workers: WorkerProcess[]) {
  stack.sims.espocrm.counter.reset();
  const rss = sampleRss(workers, 50);
  const start = performance.now();
  const result = await stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `bench-sweep-${Date.now()}` });
  const ms = performance.now() - start;
  await sleep(500);
  return { result, ms, rssPeakMiB: rss.stop(), rssAfterMiB: Math.round(workers[0].rssMiB()), espocrmCalls: total(callCounts(stack.sims.espocrm.counter)) };
}

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const small = knob('BENCH_SWEEP_SMALL', 10_000, 1_000);
  const large = knob('BENCH_SWEEP_LARGE', 100_000, 10_000);
  const stack = await startBenchStack({ temporalAddress, env: {}, sims: { webhookIntervalMs: 0 }, inProcessWorkers: false });
  let workers: WorkerProcess[] = [];
  try {
    workers = await startWorkerProcesses(stack, 1);
    addSyncedRecords(stack, 0, small);
    // A warm-up sweep, so both measured sweeps run on a worker that has run one before.
    await sweepOnce(stack, workers);
    log(`sweep over ${small} records…`);
    const atSmall = await sweepOnce(stack, workers);
    log(`growing EspoCRM to ${large} records…`);
    addSyncedRecords(stack, small, large);
    log(`sweep over ${large} records…`);
    const atLarge = await sweepOnce(stack, workers);
    const growth = (atLarge.rssPeakMiB - atSmall.rssPeakMiB) / atSmall.rssPeakMiB;
    const figures: Figure[] = [];
    for (const [size, run] of [
      [small, atSmall],
      [large, atLarge],
    ] as const) {
      figures.push(
        { metric: `[${size} records] records examined (due) / handed over`, value: `${run.result.examined} / ${run.result.signalled}` },
        { metric: `[${size} records] sweep duration`, value: round(run.ms, 0), unit: 'ms' },
        { metric: `[${size} records] time per 1,000 records`, value: round(run.ms / (size / 1000), 1), unit: 'ms' },
        { metric: `[${size} records] EspoCRM calls of the sweep`, value: run.espocrmCalls, unit: 'calls' },
        { metric: `[${size} records] worker RSS peak during the sweep`, value: run.rssPeakMiB, unit: 'MiB' },
      );
    }
    figures.push(
      { metric: `worker RSS peak at ${large} vs ${small} records (signed)`, value: round(growth * 100, 1), unit: '%' },
      { metric: `worker RSS peak difference, ${large} vs ${small} records (absolute)`, value: round(Math.abs(growth) * 100, 1), unit: '%', target: atMost(10) },
    );
    return {
      settings: { BENCH_SWEEP_SMALL: small, BENCH_SWEEP_LARGE: large, BETEILIGTE_SWEEP_PAGE_SIZE: stack.config.beteiligte.sweepPageSize, workerEntry: WORKER_ENTRY, workerBundle: WORKER_BUNDLE_MODE, workerMemory: WORKER_MEMORY, records: 'linked, clean, synced now (nothing due)' },
      figures,
    };
  } finally {
    await stopWorkerProcesses(workers);
    await stack.close();
  }
}

runBench('sweep-scale', 'Sweep over a large EspoCRM with no changes: worker RSS and time per 1,000 records', bench);
