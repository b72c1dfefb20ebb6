import { performance } from 'node:perf_hooks';
import { calendarSyncAll } from '../workflows/calendar-sync-all';
import { calendarWorkflowId, type CalendarSyncAllResult } from '../workflows/messages';
import { callCounts, describeCalls, total, type CallCounts } from './support/calls';
import { knob, runBench, type BenchContext, type BenchOutput } from './support/harness';
import { activitySpanMs, countHistory } from './support/history';
import { round, type Figure } from './support/report';
import { seedCalendars } from './support/seed';
import { startBenchStack, type BenchStack } from './support/stack';

/**
 * Calendar sync against the Google simulator with its per-user quota on (600/min): wall time of
 * the first full sync for E employees × T Termine, and the external calls of a no-change
 * incremental pass, per employee; then the same for one employee with a large calendar.
 */
const XL = 'XL';

async function syncAll(stack: BenchStack, kuerzel?: string[]): Promise<{ seconds: number; result: CalendarSyncAllResult }> {
  const start = performance.now();
  const result = await stack.temporal.workflow.execute(calendarSyncAll, {
    taskQueue: stack.taskQueue,
    workflowId: `bench-calendar-${Date.now()}`,
    args: [kuerzel ? { kuerzel } : {}],
  });
  return { seconds: (performance.now() - start) / 1000, result };
}

function outcomes(result: CalendarSyncAllResult): string {
  const counts: Record<string, number> = {};
  for (const e of result.employees) counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
  return Object.entries(counts).map(([o, n]) => `${o} ×${n}`).join(', ');
}

function googleEvents(stack: BenchStack, kuerzel: string): number {
  const owner = `${kuerzel.toLowerCase()}@kanzlei.example`;
  return stack.sims.google.state.listCalendars(owner).reduce((n, c) => n + stack.sims.google.state.listEvents(c.calendar.id).length, 0);
}

function resetCounters(stack: BenchStack): void {
  stack.sims.google.counter.reset();
  stack.sims.advoware.counter.reset();
}

function perEmployee(counts: CallCounts, employees: number): CallCounts {
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, round(n / employees, 2)]));
}

/** Events in each employee workflow's current run; 0 before the first pass started it. */
async function historyEvents(stack: BenchStack, kuerzel: string[]): Promise<number[]> {
  return Promise.all(
    kuerzel.map(async (k) => {
      try {
        return (await countHistory(stack.temporal, calendarWorkflowId(k))).events;
      } catch (err) {
        if (err instanceof Error && /NOT_FOUND|not found/i.test(err.message)) return 0;
        throw err;
      }
    }),
  );
}

interface PassMeasurement {
  seconds: number;
  result: CalendarSyncAllResult;
  google: CallCounts;
  /** Advoware calls without the once-per-run employee listing. */
  advoware: CallCounts;
  listing: number;
  /** History events each employee workflow added for this pass. */
  historyEvents: number[];
}

/** One calendarSyncAll run with counters reset before and history counted around it. */
async function measurePass(stack: BenchStack, kuerzel: string[], listAll: boolean): Promise<PassMeasurement> {
  const before = await historyEvents(stack, kuerzel);
  resetCounters(stack);
  const { seconds, result } = await syncAll(stack, listAll ? undefined : kuerzel);
  const google = callCounts(stack.sims.google.counter);
  const { 'GET /connector/api/v1/advonet/Mitarbeiter': listing = 0, ...advoware } = callCounts(stack.sims.advoware.counter);
  const after = await historyEvents(stack, kuerzel);
  return { seconds, result, google, advoware, listing, historyEvents: after.map((n, i) => n - before[i]) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function passFigures(label: string, pass: PassMeasurement, employees: number): Figure[] {
  const google = perEmployee(pass.google, employees);
  const advoware = perEmployee(pass.advoware, employees);
  return [
    { metric: `${label}: outcomes`, value: outcomes(pass.result), unit: '' },
    { metric: `${label}: external calls per employee`, value: round((total(pass.google) + total(pass.advoware)) / employees, 2), unit: 'calls' },
    { metric: `${label}: calls per employee`, value: `${describeCalls(google)}, ${describeCalls(advoware)}`, unit: '' },
    { metric: `${label}: history events per employee`, value: round(mean(pass.historyEvents), 1), unit: 'events' },
  ];
}

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const employees = knob('BENCH_EMPLOYEES', 5, 2);
  const termine = knob('BENCH_TERMINE', 300, 20);
  const xlTermine = knob('BENCH_XL_TERMINE', 500, 50);
  const stack = await startBenchStack({
    temporalAddress,
    // The window the seed data covers (30 days back, 90 ahead).
    env: { CALENDAR_PAST_DAYS: '30', CALENDAR_FUTURE_DAYS: '90' },
    sims: { googleRateLimits: true },
  });
  try {
    const seeded = seedCalendars(stack, { employees, terminePerEmployee: termine });
    const kuerzel = seeded.employees.map((e) => e.kuerzel).sort();
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};

    log(`first full sync: ${employees} employees × ${termine} Termine (${seeded.termine} in total)…`);
    const first = await measurePass(stack, kuerzel, true);
    const events = kuerzel.map((k) => googleEvents(stack, k));
    const spans = await Promise.all(kuerzel.map((k) => activitySpanMs(stack.temporal, calendarWorkflowId(k))));
    log(`first sync: ${round(first.seconds, 1)} s, ${outcomes(first.result)}, ${events.reduce((a, b) => a + b, 0)} Google events`);
    // The sync token is taken before our own inserts, so the next pass reads them back once (as no-ops).
    const echo = await measurePass(stack, kuerzel, true);
    const steady = await measurePass(stack, kuerzel, true);
    log(`no-change passes: after fill ${round(echo.seconds, 1)} s, steady ${round(steady.seconds, 1)} s; per employee ${describeCalls(perEmployee({ ...steady.google, ...steady.advoware }, employees))}`);

    figures.push(
      { metric: `E×T first full sync wall time (${employees} × ${termine})`, value: round(first.seconds, 1), unit: 's' },
      { metric: 'E×T first sync outcomes', value: outcomes(first.result), unit: '' },
      { metric: 'E×T Google events created', value: events.reduce((a, b) => a + b, 0), unit: 'events' },
      { metric: 'E×T first sync per employee (pass activities), mean', value: round(mean(spans) / 1000, 1), unit: 's' },
      { metric: 'E×T first sync Google calls', value: total(first.google), unit: 'calls' },
      { metric: 'E×T first sync history events per employee', value: round(mean(first.historyEvents), 1), unit: 'events' },
      ...passFigures('E×T no-change pass right after fill', echo, employees),
      { metric: 'E×T steady no-change pass wall time (all employees)', value: round(steady.seconds, 1), unit: 's' },
      ...passFigures('E×T steady no-change pass', steady, employees),
      { metric: 'E×T Advoware employee listing per calendarSyncAll run', value: steady.listing, unit: 'calls' },
    );
    details.employees = { kuerzel, googleEvents: events, firstSyncActivitySpanMs: spans, first, noChangeAfterFill: echo, noChangeSteady: steady };

    log(`one employee (${XL}) with ${xlTermine} Termine: first sync…`);
    seedCalendars(stack, { employees: 1, terminePerEmployee: xlTermine, seed: 99, rename: (e) => ({ ...e, kuerzel: XL, email: 'xl@kanzlei.example' }) });
    const xlFirst = await measurePass(stack, [XL], false);
    const xlEvents = googleEvents(stack, XL);
    const xlEcho = await measurePass(stack, [XL], false);
    const xlSteady = await measurePass(stack, [XL], false);
    log(`${XL}: first sync ${round(xlFirst.seconds, 1)} s (${xlEvents} events); steady no-change pass ${total(xlSteady.google) + total(xlSteady.advoware)} calls`);
    figures.push(
      { metric: `1 employee: Google events (${xlTermine} Termine)`, value: xlEvents, unit: 'events' },
      { metric: '1 employee: first full sync wall time', value: round(xlFirst.seconds, 1), unit: 's' },
      ...passFigures('1 employee: no-change pass right after fill', xlEcho, 1),
      ...passFigures('1 employee: steady no-change pass', xlSteady, 1),
    );
    details.singleEmployee = { termine: xlTermine, googleEvents: xlEvents, first: xlFirst, noChangeAfterFill: xlEcho, noChangeSteady: xlSteady };

    return {
      settings: {
        BENCH_EMPLOYEES: employees,
        BENCH_TERMINE: termine,
        BENCH_XL_TERMINE: xlTermine,
        GOOGLE_MAX_RPS_PER_USER: stack.config.google.maxRpsPerUser,
        googleSimUserQuotaPerMinute: 600,
        calendarSyncAllConcurrency: 3,
        CALENDAR_PAST_DAYS: 30,
        CALENDAR_FUTURE_DAYS: 90,
      },
      figures,
      details,
    };
  } finally {
    await stack.close();
  }
}

runBench('calendar', 'Calendar sync: first full sync and no-change incremental pass, Google quota on', bench);
