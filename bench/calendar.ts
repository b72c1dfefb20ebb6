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

async function historyEvents(stack: BenchStack, kuerzel: string[]): Promise<number[]> {
  return Promise.all(kuerzel.map(async (k) => (await countHistory(stack.temporal, calendarWorkflowId(k))).events));
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
    resetCounters(stack);
    const first = await syncAll(stack);
    const firstGoogle = callCounts(stack.sims.google.counter);
    const events = kuerzel.map((k) => googleEvents(stack, k));
    const spans = await Promise.all(kuerzel.map((k) => activitySpanMs(stack.temporal, calendarWorkflowId(k))));
    const eventsAfterFirst = await historyEvents(stack, kuerzel);
    log(`first sync: ${round(first.seconds, 1)} s, ${outcomes(first.result)}, ${events.reduce((a, b) => a + b, 0)} Google events`);

    log('no-change incremental pass…');
    resetCounters(stack);
    const second = await syncAll(stack);
    const secondGoogle = callCounts(stack.sims.google.counter);
    const secondAdvo = callCounts(stack.sims.advoware.counter);
    const eventsAfterSecond = await historyEvents(stack, kuerzel);
    const incrementalEvents = eventsAfterSecond.map((n, i) => n - eventsAfterFirst[i]);
    const googlePer = perEmployee(secondGoogle, employees);
    // calendarSyncAll lists the employees once per run; the rest is per employee.
    const { 'GET /connector/api/v1/advonet/Mitarbeiter': listing = 0, ...advoRest } = secondAdvo;
    const advoPer = perEmployee(advoRest, employees);
    log(`no-change pass: ${round(second.seconds, 1)} s, ${outcomes(second.result)}; per employee Google ${describeCalls(googlePer)}; Advoware ${describeCalls(advoPer)}`);

    figures.push(
      { metric: `E×T first full sync wall time (${employees} × ${termine})`, value: round(first.seconds, 1), unit: 's' },
      { metric: 'E×T first sync outcomes', value: outcomes(first.result), unit: '' },
      { metric: 'E×T Google events created', value: events.reduce((a, b) => a + b, 0), unit: 'events' },
      { metric: 'E×T first sync per employee (pass activities), mean', value: round(spans.reduce((a, b) => a + b, 0) / spans.length / 1000, 1), unit: 's' },
      { metric: 'E×T first sync Google calls', value: total(firstGoogle), unit: 'calls' },
      { metric: 'E×T no-change pass wall time (all employees)', value: round(second.seconds, 1), unit: 's' },
      { metric: 'E×T no-change pass outcomes', value: outcomes(second.result), unit: '' },
      { metric: 'E×T no-change pass Google calls per employee', value: round(total(secondGoogle) / employees, 2), unit: 'calls' },
      { metric: 'E×T no-change pass Advoware calls per employee', value: round(total(advoRest) / employees, 2), unit: 'calls' },
      { metric: 'E×T no-change pass calls per employee', value: `${describeCalls(googlePer)}, ${describeCalls(advoPer)}`, unit: '' },
      { metric: 'E×T no-change pass Advoware employee listing (once per run)', value: listing, unit: 'calls' },
      { metric: 'calendar history events per no-change pass (mean per employee)', value: round(incrementalEvents.reduce((a, b) => a + b, 0) / employees, 1), unit: 'events' },
    );
    details.employees = { kuerzel, googleEvents: events, firstSyncActivitySpanMs: spans, firstGoogleCalls: firstGoogle, noChangeGoogleCalls: secondGoogle, noChangeAdvowareCalls: secondAdvo, historyEventsAfterFirst: eventsAfterFirst, historyEventsPerNoChangePass: incrementalEvents };

    log(`one employee (${XL}) with ${xlTermine} Termine: first sync…`);
    seedCalendars(stack, { employees: 1, terminePerEmployee: xlTermine, seed: 99, rename: (e) => ({ ...e, kuerzel: XL, email: 'xl@kanzlei.example' }) });
    resetCounters(stack);
    const xlFirst = await syncAll(stack, [XL]);
    const xlEvents = googleEvents(stack, XL);
    const [xlHistoryAfterFirst] = await historyEvents(stack, [XL]);
    resetCounters(stack);
    const xlSecond = await syncAll(stack, [XL]);
    const xlGoogle = callCounts(stack.sims.google.counter);
    const xlAdvo = callCounts(stack.sims.advoware.counter);
    const [xlHistoryAfterSecond] = await historyEvents(stack, [XL]);
    log(`${XL}: first sync ${round(xlFirst.seconds, 1)} s (${xlEvents} events), no-change pass ${total(xlGoogle) + total(xlAdvo)} calls`);
    figures.push(
      { metric: `single employee: Google events (${xlTermine} Termine)`, value: xlEvents, unit: 'events' },
      { metric: 'single employee: first full sync wall time', value: round(xlFirst.seconds, 1), unit: 's' },
      { metric: 'single employee: no-change pass outcome', value: outcomes(xlSecond.result), unit: '' },
      { metric: 'single employee: no-change pass external calls', value: total(xlGoogle) + total(xlAdvo), unit: 'calls' },
      { metric: 'single employee: no-change pass calls', value: `${describeCalls(xlGoogle)}, ${describeCalls(xlAdvo)}`, unit: '' },
      { metric: 'single employee: history events per no-change pass', value: xlHistoryAfterSecond - xlHistoryAfterFirst, unit: 'events' },
    );
    details.singleEmployee = { termine: xlTermine, googleEvents: xlEvents, noChangeGoogleCalls: xlGoogle, noChangeAdvowareCalls: xlAdvo };

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
