import { performance } from 'node:perf_hooks';
import { beteiligteSweep } from '../workflows/beteiligte-sweep';
import { ENTITY, isLinkedAndClean } from './support/beteiligte';
import { callCounts, total } from './support/calls';
import { knob, percentile, runBench, sleep, type BenchContext, type BenchOutput } from './support/harness';
import { round } from './support/report';
import { createUnlinkedRecords } from './support/seed';
import { startBenchStack } from './support/stack';

/**
 * Initial sync throughput: N unlinked EspoCRM records (no webhooks delivered) → one sweep →
 * every record linked to a new Advoware Beteiligte and `clean`. Records/s over the whole run.
 */
async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const records = knob('BENCH_RECORDS', 200, 20);
  const debounce = process.env.BENCH_DEBOUNCE ?? '100ms';
  const persons = Math.ceil(records * 0.75);
  // Webhook job off: the sweep alone must find the records (queued create events are never sent).
  const stack = await startBenchStack({ temporalAddress, env: { BETEILIGTE_DEBOUNCE: debounce }, sims: { webhookIntervalMs: 0 } });
  try {
    const ids = createUnlinkedRecords(stack, { persons, companies: records - persons, seed: 11 });
    stack.sims.espocrm.counter.reset();
    stack.sims.advoware.counter.reset();
    log(`${ids.length} unlinked records (${persons} persons, ${records - persons} companies); running the sweep…`);

    const start = performance.now();
    const cleanAt = new Map<string, number>();
    const sweep = stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `bench-sweep-${Date.now()}` });
    let sweepMs = NaN;
    void sweep.then(() => (sweepMs = performance.now() - start)).catch(() => undefined);
    const deadline = Date.now() + 15 * 60_000;
    let lastLogged = 0;
    while (cleanAt.size < ids.length && Date.now() < deadline) {
      for (const id of ids) if (!cleanAt.has(id) && isLinkedAndClean(stack.sims.espocrm.state.getRecord(ENTITY, id))) cleanAt.set(id, performance.now() - start);
      if (Date.now() - lastLogged > 5_000) {
        lastLogged = Date.now();
        log(`${cleanAt.size}/${ids.length} clean`);
      }
      await sleep(20);
    }
    const result = await sweep;
    const elapsed = (Math.max(...cleanAt.values()) || NaN) / 1000;
    const times = [...cleanAt.values()].sort((a, b) => a - b);
    const espo = callCounts(stack.sims.espocrm.counter);
    const advo = callCounts(stack.sims.advoware.counter);
    log(`${cleanAt.size}/${ids.length} clean after ${round(elapsed, 1)} s`);
    return {
      settings: {
        BENCH_RECORDS: records,
        BETEILIGTE_DEBOUNCE: debounce,
        ADVOWARE_MAX_ACTIVITIES_PER_SECOND: stack.config.advoware.maxActivitiesPerSecond,
      },
      figures: [
        { metric: 'records', value: ids.length, unit: 'records' },
        { metric: 'records signalled by the sweep', value: result.signalled, unit: 'records' },
        { metric: 'records linked and clean', value: cleanAt.size, unit: 'records' },
        { metric: 'sweep workflow duration (page + signal all)', value: round(sweepMs / 1000, 1), unit: 's' },
        { metric: 'sweep start → last record clean', value: round(elapsed, 1), unit: 's' },
        { metric: 'throughput', value: round(cleanAt.size / elapsed, 1), unit: 'records/s' },
        { metric: 'time to clean p50 (from sweep start)', value: round(percentile(times, 50) / 1000, 1), unit: 's' },
        { metric: 'Advoware calls per record', value: round(total(advo) / ids.length, 2), unit: 'calls' },
        { metric: 'EspoCRM calls per record (incl. sweep paging)', value: round(total(espo) / ids.length, 2), unit: 'calls' },
      ],
      details: { advowareCalls: advo, espocrmCalls: espo },
    };
  } finally {
    await stack.close();
  }
}

runBench('initial-sync', 'Initial sync throughput: unlinked EspoCRM records → sweep → all clean', bench);
