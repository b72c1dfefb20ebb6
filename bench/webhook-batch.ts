import { performance } from 'node:perf_hooks';
import { webhookSignature } from '../sim/espocrm/signature';
import { ENTITY, isLinkedAndClean } from './support/beteiligte';
import { callCounts, total, type CallCounts } from './support/calls';
import { knob, QUICK, runBench, sleep, type BenchContext, type BenchOutput } from './support/harness';
import { atMost, exactly, round } from './support/report';
import { createUnlinkedRecords } from './support/seed';
import { startBenchStack } from './support/stack';
import { startWorkerProcesses, stopWorkerProcesses, WORKER_BUNDLE_MODE, WORKER_ENTRY, WORKER_MEMORY, type WorkerProcess } from './support/worker-process';

/**
 * One signed EspoCRM create webhook carrying N new records (EspoCRM batches up to its job size):
 * how long the API takes to answer (a batch of WEBHOOK_INTAKE_BATCH_MIN ids or more: after one start of
 * the `webhookIntake` run, which hands each id to its workflow on the worker), and whether
 * all N end linked and clean with exactly N Advoware creates. Product defaults; one worker process.
 */
const creates = (counts: CallCounts) => Object.entries(counts).reduce((n, [key, v]) => n + (/^POST \S*\/Beteiligte$/.test(key) ? v : 0), 0);

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const size = knob('BENCH_BATCH', 500, 50);
  const stack = await startBenchStack({ temporalAddress, env: {}, sims: { webhookIntervalMs: 0 }, inProcessWorkers: false });
  let workers: WorkerProcess[] = [];
  try {
    workers = await startWorkerProcesses(stack, 1);
    const ids = createUnlinkedRecords(stack, { persons: size, seed: 23 });
    stack.sims.espocrm.counter.reset();
    stack.sims.advoware.counter.reset();
    const body = JSON.stringify(ids.map((id) => stack.sims.espocrm.state.getRecord(ENTITY, id)));
    const [webhookId, secret] = Object.entries(stack.config.espocrm.webhookSecrets)[0];
    // A running API has its Temporal connection open; open it before the clock starts (/ready does).
    const ready = await fetch(`${stack.apiUrl}/ready`);
    if (!ready.ok) throw new Error(`API not ready: ${ready.status}`);
    log(`posting one signed create webhook with ${ids.length} new records (${Math.round(body.length / 1024)} KiB)…`);

    const start = performance.now();
    const response = await fetch(`${stack.apiUrl}/vmh/webhook/beteiligte/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', signature: webhookSignature(webhookId, secret, body) },
      body,
    });
    const answeredMs = performance.now() - start;
    const answer = (await response.json()) as { ids?: string[]; intake?: string };
    log(`answered ${response.status} after ${round(answeredMs, 0)} ms${answer.intake ? ` (intake run ${answer.intake})` : ' (ids started directly)'}; waiting for all records to be clean…`);

    const open = new Set(ids);
    const deadline = Date.now() + 10 * 60_000;
    while (open.size > 0 && Date.now() < deadline) {
      for (const id of open) if (isLinkedAndClean(stack, id)) open.delete(id);
      await sleep(50);
    }
    const allCleanSeconds = (performance.now() - start) / 1000;
    await sleep(2_000);
    const advo = callCounts(stack.sims.advoware.counter);
    return {
      settings: { BENCH_BATCH: size, workerProcesses: 1, workerEntry: WORKER_ENTRY, workerBundle: WORKER_BUNDLE_MODE, workerMemory: WORKER_MEMORY, BETEILIGTE_START_CONCURRENCY: stack.config.beteiligte.startConcurrency, WEBHOOK_INTAKE_BATCH_MIN: stack.config.beteiligte.webhookIntakeBatchMin, ADVOWARE_MAX_ACTIVITIES_PER_SECOND: stack.config.advoware.maxActivitiesPerSecond },
      figures: [
        { metric: 'HTTP status of the webhook answer', value: response.status, target: exactly(200) },
        { metric: 'ids acknowledged in the answer', value: answer.ids?.length ?? 0, unit: 'ids', target: exactly(size) },
        { metric: 'webhook answered after', value: round(answeredMs, 0), unit: 'ms', ...(QUICK ? {} : { target: atMost(2000) }) },
        { metric: 'records linked and clean', value: size - open.size, unit: 'records', target: exactly(size) },
        { metric: 'webhook → last record clean', value: round(allCleanSeconds, 1), unit: 's' },
        { metric: 'Advoware creates (POST Beteiligte)', value: creates(advo), unit: 'calls', target: exactly(size) },
        { metric: 'Advoware calls per record', value: round(total(advo) / size, 2), unit: 'calls' },
      ],
      details: { advowareCalls: advo },
    };
  } finally {
    await stopWorkerProcesses(workers);
    await stack.close();
  }
}

runBench('webhook-batch', 'One signed create webhook with many new records: answer time, all linked, exact creates', bench);
