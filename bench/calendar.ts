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
 * Calendar sync against the Google simulator with its quotas on (600/min per user, 10,000/min
 * per project): wall time of the first full sync for E employees × T Termine next to the time
 * Google's quota allows, 403 quota answers, and the external calls of a no-change incremental
 * pass per employee — for two sizes (5 × 300 and 20 × 300 by default), each on a fresh stack.
 */
const USER_QUOTA_PER_SECOND = 600 / 60;
const PROJECT_QUOTA_PER_SECOND = 10_000 / 60;
const RATIO_TARGET = 1.2;

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

interface Size {
  employees: number;
  termine: number;
}

/** The fastest Google allows: each user at 10/s in parallel, all users together at 10,000/min. */
export function quotaBoundSeconds(googleCalls: number, employees: number): number {
  return Math.max(googleCalls / employees / USER_QUOTA_PER_SECOND, googleCalls / PROJECT_QUOTA_PER_SECOND);
}

async function measureSize(temporalAddress: string, size: Size, log: (line: string) => void): Promise<{ figures: Figure[]; details: Record<string, unknown>; settings: Record<string, number> }> {
  const label = `${size.employees}×${size.termine}`;
  const stack = await startBenchStack({
    temporalAddress,
    // The window the seed data covers (30 days back, 90 ahead).
    env: { CALENDAR_PAST_DAYS: '30', CALENDAR_FUTURE_DAYS: '90' },
    sims: { googleRateLimits: true },
  });
  try {
    const seeded = seedCalendars(stack, { employees: size.employees, terminePerEmployee: size.termine });
    const kuerzel = seeded.employees.map((e) => e.kuerzel).sort();
    log(`first full sync: ${label} (${seeded.termine} Termine in total)…`);
    const rejectedBefore = stack.sims.google.quotaRejections();
    const first = await measurePass(stack, kuerzel, true);
    const rejected = stack.sims.google.quotaRejections();
    const quota403 = rejected.user + rejected.project - rejectedBefore.user - rejectedBefore.project;
    const events = kuerzel.map((k) => googleEvents(stack, k));
    const spans = await Promise.all(kuerzel.map((k) => activitySpanMs(stack.temporal, calendarWorkflowId(k))));
    const bound = quotaBoundSeconds(total(first.google), size.employees);
    const ratio = first.seconds / bound;
    log(`${label}: first sync ${round(first.seconds, 1)} s, quota-bound ${round(bound, 1)} s, ratio ${round(ratio, 2)}; ${outcomes(first.result)}, ${quota403} quota 403s`);
    // The sync token is taken before our own inserts, so the next pass reads them back once (as no-ops).
    const echo = await measurePass(stack, kuerzel, true);
    const steady = await measurePass(stack, kuerzel, true);
    log(`${label}: no-change passes: after fill ${round(echo.seconds, 1)} s, steady ${round(steady.seconds, 1)} s; per employee ${describeCalls(perEmployee({ ...steady.google, ...steady.advoware }, size.employees))}`);
    const failed = first.result.employees.filter((e) => e.outcome !== 'clean').length;
    const figures: Figure[] = [
      { metric: `${label} first full sync wall time`, value: round(first.seconds, 1), unit: 's' },
      { metric: `${label} quota-bound time (Google calls ÷ employees ÷ 10/s, or ÷ 166.7/s project-wide)`, value: round(bound, 1), unit: 's' },
      { metric: `${label} first sync ÷ quota-bound time (target ≤ ${RATIO_TARGET})`, value: round(ratio, 2), unit: '×' },
      { metric: `${label} first sync outcomes`, value: outcomes(first.result), unit: '' },
      { metric: `${label} passes not clean (unretried errors, target 0)`, value: failed, unit: 'passes' },
      { metric: `${label} Google 403 quota answers (each retried in place)`, value: quota403, unit: 'answers' },
      { metric: `${label} Google events created`, value: events.reduce((a, b) => a + b, 0), unit: 'events' },
      { metric: `${label} first sync Google calls`, value: total(first.google), unit: 'calls' },
      { metric: `${label} first sync per employee (pass activities), mean`, value: round(mean(spans) / 1000, 1), unit: 's' },
      { metric: `${label} first sync history events per employee`, value: round(mean(first.historyEvents), 1), unit: 'events' },
      ...passFigures(`${label} no-change pass right after fill`, echo, size.employees),
      { metric: `${label} steady no-change pass wall time (all employees)`, value: round(steady.seconds, 1), unit: 's' },
      ...passFigures(`${label} steady no-change pass (target 2 calls per employee)`, steady, size.employees),
      { metric: `${label} Advoware employee listing per calendarSyncAll run`, value: steady.listing, unit: 'calls' },
    ];
    return {
      figures,
      details: { kuerzel, googleEvents: events, firstSyncActivitySpanMs: spans, quota403: { before: rejectedBefore, after: rejected }, first, noChangeAfterFill: echo, noChangeSteady: steady },
      settings: { GOOGLE_MAX_RPS_PER_USER: stack.config.google.maxRpsPerUser, GOOGLE_MAX_RPS_PROJECT: stack.config.google.maxRpsProject },
    };
  } finally {
    // Employee workflows are long-lived: end them, or the next size's stack (same Kürzel, same server) would ask a run whose queue has no worker.
    for (const k of stack.sims.advoware.state.listEmployees().map((e) => e.kuerzel)) {
      await stack.temporal.workflow.getHandle(calendarWorkflowId(k)).terminate('bench size done').catch(() => undefined);
    }
    await stack.close();
  }
}

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  const termine = knob('BENCH_TERMINE', 300, 20);
  const sizes: Size[] = [
    { employees: knob('BENCH_EMPLOYEES', 5, 2), termine },
    { employees: knob('BENCH_EMPLOYEES_LARGE', 20, 4), termine },
  ];
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  let settings: Record<string, number> = {};
  for (const size of sizes) {
    const measured = await measureSize(temporalAddress, size, log);
    figures.push(...measured.figures);
    details[`${size.employees}x${size.termine}`] = measured.details;
    settings = measured.settings;
  }
  return {
    settings: {
      BENCH_EMPLOYEES: sizes[0].employees,
      BENCH_EMPLOYEES_LARGE: sizes[1].employees,
      BENCH_TERMINE: termine,
      ...settings,
      googleSimQuotaPerMinute: '600/user, 10000/project',
      CALENDAR_PAST_DAYS: 30,
      CALENDAR_FUTURE_DAYS: 90,
    },
    figures,
    details,
  };
}

runBench('calendar', 'Calendar sync at Google quota: first full sync vs quota-bound time, no-change pass cost', bench);
