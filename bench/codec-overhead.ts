import { performance } from 'node:perf_hooks';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { temporalPayloadCodec } from '../clients/temporal/connection';
import { defaultTemporalConfig } from '../config';
import { seedSimulators } from '../sim/start-all';
import { beteiligteSweep } from '../workflows/beteiligte-sweep';
import { calendarSyncAll } from '../workflows/calendar-sync-all';
import { SWEEP_RUN_TEXT, CALENDAR_ALL_RUN_TEXT } from '../workflows/run-details';
import { knob, runBench, waitFor, type BenchContext, type BenchOutput } from './support/harness';
import { atMost, round, type Figure } from './support/report';
import { startBenchStack } from './support/stack';

/**
 * What the AES-256-GCM payload codec costs per pass: the same seeded Beteiligte sweep and
 * calendar pass, once with encryption on (the default) and once with TEMPORAL_PAYLOAD_ENCRYPTION=off,
 * each on fresh simulators and queues. Figures: stored history bytes (all runs of the stack),
 * wall time of the Beteiligte pass (sweep → every record clean) and of the calendar pass, and the
 * codec's own cost per payload.
 */
interface ModeResult {
  historyBytes: number;
  workflows: number;
  beteiligteSeconds: number;
  calendarSeconds: number;
}

async function runMode(ctx: BenchContext, encryption: 'on' | 'off', records: number): Promise<ModeResult> {
  const stack = await startBenchStack({ temporalAddress: ctx.temporalAddress, env: { TEMPORAL_PAYLOAD_ENCRYPTION: encryption, CALENDAR_PAST_DAYS: '10', CALENDAR_FUTURE_DAYS: '60' }, sims: { webhookIntervalMs: 0 } });
  try {
    const persons = Math.ceil(records * 0.75);
    seedSimulators(stack.sims, { seed: 21, persons, companies: records - persons, employees: 3, terminePerEmployee: 25, startDate: new Date().toISOString().slice(0, 10) });
    const t0 = performance.now();
    await stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `bench-codec-sweep-${encryption}-${Date.now()}`, ...SWEEP_RUN_TEXT });
    await waitFor('every record clean', () => stack.sims.espocrm.state.listRecords('CBeteiligte').every((r) => r.syncStatus === 'clean'), 300_000, 100);
    const beteiligteSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await stack.temporal.workflow.execute(calendarSyncAll, { taskQueue: stack.taskQueue, workflowId: `bench-codec-cal-${encryption}-${Date.now()}`, args: [{}], ...CALENDAR_ALL_RUN_TEXT });
    const calendarSeconds = (performance.now() - t1) / 1000;
    let historyBytes = 0;
    let workflows = 0;
    for await (const execution of stack.temporal.workflow.list({ query: `TaskQueue="${stack.taskQueue}"` })) {
      const history = await stack.temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
      workflows += 1;
    }
    ctx.log(`encryption ${encryption}: ${workflows} runs, ${historyBytes} history bytes, Beteiligte ${round(beteiligteSeconds, 2)} s, calendar ${round(calendarSeconds, 2)} s`);
    return { historyBytes, workflows, beteiligteSeconds, calendarSeconds };
  } finally {
    // calendar:{K} ids are per namespace and these runs stay open: end them, or the next mode's
    // update-with-start would join a run whose task queue has no worker any more.
    for await (const execution of stack.temporal.workflow.list({ query: `TaskQueue="${stack.taskQueue}" AND ExecutionStatus="Running"` })) {
      await stack.temporal.workflow.getHandle(execution.workflowId, execution.runId).terminate('bench mode finished').catch(() => undefined);
    }
    await stack.close();
  }
}

/** Encode + decode of one record-sized payload, averaged. */
async function codecMicroseconds(): Promise<number> {
  const codec = temporalPayloadCodec(defaultTemporalConfig())!;
  const record = { name: 'Müller-Lüdenscheidt', vorname: 'Anna', geburtsdatum: '1970-01-01', kommunikation: Array.from({ length: 6 }, (_, i) => ({ tlf: `+49 511 12345${i}`, kommKz: i })) };
  const payload = defaultPayloadConverter.toPayload(record)!;
  const n = 20_000;
  const start = performance.now();
  for (let i = 0; i < n; i++) await codec.decode(await codec.encode([payload]));
  return ((performance.now() - start) * 1000) / n;
}

runBench('codec-overhead', 'Payload codec overhead per pass (AES-256-GCM on vs off)', async (ctx): Promise<BenchOutput> => {
  const records = knob('BENCH_CODEC_RECORDS', 40, 8);
  const off = await runMode(ctx, 'off', records);
  const on = await runMode(ctx, 'on', records);
  const pct = (a: number, b: number) => round(((a - b) / b) * 100, 1);
  const figures: Figure[] = [
    { metric: `history bytes, encryption off [${off.workflows} runs]`, value: off.historyBytes, unit: 'B' },
    { metric: `history bytes, encryption on [${on.workflows} runs]`, value: on.historyBytes, unit: 'B' },
    { metric: 'history size overhead', value: pct(on.historyBytes, off.historyBytes), unit: '%' },
    { metric: `Beteiligte pass (${records} records, sweep → all clean), off`, value: round(off.beteiligteSeconds, 2), unit: 's' },
    { metric: `Beteiligte pass (${records} records, sweep → all clean), on`, value: round(on.beteiligteSeconds, 2), unit: 's' },
    { metric: 'Beteiligte pass time overhead', value: pct(on.beteiligteSeconds, off.beteiligteSeconds), unit: '%', target: atMost(10) },
    { metric: 'calendar pass (3 employees × 25 Termine), off', value: round(off.calendarSeconds, 2), unit: 's' },
    { metric: 'calendar pass (3 employees × 25 Termine), on', value: round(on.calendarSeconds, 2), unit: 's' },
    { metric: 'calendar pass time overhead', value: pct(on.calendarSeconds, off.calendarSeconds), unit: '%', target: atMost(10) },
    { metric: 'codec encode+decode per record-sized payload', value: round(await codecMicroseconds(), 1), unit: 'µs' },
  ];
  return { settings: { records, employees: 3, terminePerEmployee: 25, order: 'off then on' }, figures };
});
