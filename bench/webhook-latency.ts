import { performance } from 'node:perf_hooks';
import { ENTITY, userEdit, waitAllClean } from './support/beteiligte';
import { knob, percentile, QUICK, runBench, sleep, type BenchContext, type BenchOutput } from './support/harness';
import { passMilestones } from './support/history';
import { atMost, round, type Figure } from './support/report';
import { createUnlinkedRecords } from './support/seed';
import { startBenchStack, type BenchStack } from './support/stack';
import { sampleRss, startWorkerProcesses, stopWorkerProcesses, WORKER_BUNDLE_MODE, WORKER_ENTRY, WORKER_MEMORY, type WorkerProcess } from './support/worker-process';
import { beteiligteWorkflowId } from '../workflows/messages';

/**
 * Webhook → clean latency under a sustained edit rate: EspoCRM user edits on linked records,
 * delivered by the simulator's webhook job (timer), until the new value is in Advoware and the
 * EspoCRM record reads `clean` again. Open loop: edits go out on schedule whatever the backlog.
 */
interface Edit {
  espoId: string;
  betNr: number;
  value: string;
  startedAt: number;
  /** Wall clock of the edit, to line it up with the run's history timestamps. */
  startedAtEpoch: number;
  doneAt?: number;
  superseded?: boolean;
}

const BASE_DAY = Date.UTC(1940, 0, 1);
/** A distinct Geburtsdatum per edit, so "the new value is visible" is unambiguous. */
const valueFor = (i: number) => new Date(BASE_DAY + i * 86_400_000).toISOString().slice(0, 10);

function isDone(stack: BenchStack, edit: Edit): boolean {
  const party = stack.sims.advoware.state.getBeteiligte(edit.betNr);
  if (!party || !String(party.geburtsdatum ?? '').startsWith(edit.value)) return false;
  return stack.sims.espocrm.state.getRecord(ENTITY, edit.espoId)?.syncStatus === 'clean';
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/**
 * Where the time goes, from the histories of each record's last run: EspoCRM's webhook job +
 * HTTP + start, workflow started → pass scheduled (a debounce timer, if one is configured, and
 * the first workflow task), and the pass activity.
 */
async function phaseMedians(stack: BenchStack, edits: Edit[]): Promise<Figure[]> {
  const delivery: number[] = [];
  const toPass: number[] = [];
  const pass: number[] = [];
  for (const edit of edits) {
    const m = await passMilestones(stack.temporal, beteiligteWorkflowId(edit.espoId));
    delivery.push(m.started - edit.startedAtEpoch);
    if (m.passScheduled !== undefined) toPass.push(m.passScheduled - m.started);
    if (m.passScheduled !== undefined && m.passCompleted !== undefined) pass.push(m.passCompleted - m.passScheduled);
  }
  return [
    { metric: `phase median: edit → workflow started (webhook job, HTTP, start) [n=${delivery.length}]`, value: round(median(delivery), 0), unit: 'ms' },
    { metric: 'phase median: workflow started → pass scheduled (debounce if any, first task)', value: round(median(toPass), 0), unit: 'ms' },
    { metric: 'phase median: pass activity scheduled → completed', value: round(median(pass), 0), unit: 'ms' },
  ];
}

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const rate = knob('BENCH_RATE', 20, 5);
  const seconds = knob('BENCH_SECONDS', 60, 5);
  const webhookIntervalMs = knob('BENCH_WEBHOOK_INTERVAL_MS', 200, 200);
  // The product's default settings unless BENCH_DEBOUNCE asks for a trailing debounce.
  const productEnv: Record<string, string> = process.env.BENCH_DEBOUNCE ? { BETEILIGTE_DEBOUNCE: process.env.BENCH_DEBOUNCE } : {};
  // Each record is edited about every 10 s, well apart from its previous edit's pass.
  const poolSize = Math.max(10, Math.ceil(rate * 10));
  const stack = await startBenchStack({ temporalAddress, env: productEnv, sims: { webhookIntervalMs }, inProcessWorkers: false });
  let workers: WorkerProcess[] = [];
  try {
    log('starting the worker process…');
    workers = await startWorkerProcesses(stack, 1);
    const startupRssMiB = Math.round(workers[0].rssMiB());
    log(`linking ${poolSize} records first (create webhooks)…`);
    const ids = createUnlinkedRecords(stack, { persons: poolSize, seed: 7 });
    await waitAllClean(stack, ids, 180_000);
    const pool = ids.map((id) => ({ id, betNr: stack.sims.espocrm.state.getRecord(ENTITY, id)?.betnr as number }));
    // Let the linking passes' stragglers drain so they do not count against the first edits.
    await sleep(1_000);

    const total = Math.round(rate * seconds);
    const debounce = `${stack.config.beteiligte.debounceMs}ms`;
    log(`sending ${total} edits at ${rate}/s for ${seconds} s (webhook job every ${webhookIntervalMs} ms, debounce ${debounce})…`);
    const workerRss = sampleRss(workers);
    const edits: Edit[] = [];
    const open = new Set<Edit>();
    const latestByRecord = new Map<string, Edit>();
    let checking = true;
    const checker = (async () => {
      while (checking || open.size > 0) {
        const now = performance.now();
        for (const edit of open) {
          if (isDone(stack, edit)) {
            edit.doneAt = now;
            open.delete(edit);
          }
        }
        await sleep(5);
      }
    })();

    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const target = pool[i % pool.length];
      const previous = latestByRecord.get(target.id);
      if (previous && previous.doneAt === undefined) {
        previous.superseded = true;
        open.delete(previous);
      }
      const edit: Edit = { espoId: target.id, betNr: target.betNr, value: valueFor(i), startedAt: performance.now(), startedAtEpoch: Date.now() };
      userEdit(stack, target.id, { geburtsdatum: edit.value });
      edits.push(edit);
      open.add(edit);
      latestByRecord.set(target.id, edit);
    }
    const sendSeconds = (performance.now() - start) / 1000;
    const drainDeadline = Date.now() + 120_000;
    while (open.size > 0 && Date.now() < drainDeadline) await sleep(50);
    const unfinished = open.size;
    for (const edit of open) {
      const record = stack.sims.espocrm.state.getRecord(ENTITY, edit.espoId);
      const party = stack.sims.advoware.state.getBeteiligte(edit.betNr);
      const run = await stack.temporal.workflow.getHandle(beteiligteWorkflowId(edit.espoId)).describe().catch(() => undefined);
      log(`not clean: ${edit.espoId} status=${String(record?.syncStatus)} error=${String(record?.syncLastError ?? record?.syncError ?? '')} espo=${String(record?.geburtsdatum)} advoware=${String(party?.geburtsdatum)} wanted=${edit.value} run=${run?.status.name}`);
    }
    const workerRssPeak = workerRss.stop();
    checking = false;
    open.clear();
    await checker;

    const phases = await phaseMedians(stack, [...latestByRecord.values()].filter((e) => e.doneAt !== undefined));
    const latencies = edits.filter((e) => e.doneAt !== undefined).map((e) => (e.doneAt as number) - e.startedAt).sort((a, b) => a - b);
    const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
    const ms = (v: number) => round(v, 0);
    log(`done: ${latencies.length}/${edits.length} measured, p50 ${ms(percentile(latencies, 50))} ms, p95 ${ms(percentile(latencies, 95))} ms, p99 ${ms(percentile(latencies, 99))} ms`);
    return {
      settings: {
        BENCH_RATE: rate,
        BENCH_SECONDS: seconds,
        records: poolSize,
        webhookIntervalMs,
        BETEILIGTE_DEBOUNCE: debounce,
        ADVOWARE_MAX_ACTIVITIES_PER_SECOND: stack.config.advoware.maxActivitiesPerSecond,
        webhookSkipOwn: true,
        workerProcesses: 1,
        workerEntry: WORKER_ENTRY,
        workerBundle: WORKER_BUNDLE_MODE, workerMemory: WORKER_MEMORY,
      },
      figures: [
        { metric: 'edits sent', value: edits.length, unit: 'edits' },
        { metric: 'achieved edit rate', value: round(edits.length / sendSeconds, 1), unit: 'edits/s' },
        { metric: 'edits measured (clean, value in Advoware)', value: latencies.length, unit: 'edits' },
        { metric: 'edits superseded by a later edit before clean', value: edits.filter((e) => e.superseded).length, unit: 'edits' },
        { metric: 'edits not clean within 120 s after the last edit', value: unfinished, unit: 'edits' },
        { metric: 'latency p50', value: ms(percentile(latencies, 50)), unit: 'ms', ...(QUICK ? {} : { target: atMost(250) }) },
        { metric: 'latency p95', value: ms(percentile(latencies, 95)), unit: 'ms' },
        { metric: 'latency p99', value: ms(percentile(latencies, 99)), unit: 'ms', ...(QUICK ? {} : { target: atMost(600) }) },
        { metric: 'latency max', value: ms(latencies[latencies.length - 1] ?? NaN), unit: 'ms' },
        { metric: 'latency mean', value: ms(mean), unit: 'ms' },
        ...phases,
        { metric: 'worker process RSS after start-up (workflow bundle built)', value: startupRssMiB, unit: 'MiB' },
        { metric: 'worker process RSS peak during the edit run (own process, sampled every 100 ms)', value: workerRssPeak, unit: 'MiB', target: atMost(250) },
      ],
      details: { latenciesMs: latencies.map((v) => round(v, 1)) },
    };
  } finally {
    await stopWorkerProcesses(workers);
    await stack.close();
  }
}

runBench('webhook-latency', 'Webhook → clean latency at a sustained EspoCRM edit rate', bench);
