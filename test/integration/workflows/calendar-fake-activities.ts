import type { Client } from '@temporalio/client';
import type { createCalendarActivities, ApplyInput, ApplyResult, PlannedPass, PlanPassInput } from '../../../activities/calendar';
import { createCalendarRequestActivities } from '../../../activities/calendar-request';
import { createCalendarSnapshotActivities } from '../../../activities/calendar-snapshot';
import { loadCalendarSnapshot } from '../../../clients/temporal/calendar-snapshot';
import { diffSnapshots } from '../../../domain/calendar';
import type { CalendarAction, CalendarSnapshot } from '../../../domain/calendar';

type CalendarActivities = ReturnType<typeof createCalendarActivities>;

/** How the fake answers for one employee; `call` counts from 1 per activity and employee. */
export interface EmployeeScript {
  plan?: (call: number, input: PlanPassInput) => Promise<PlannedPass> | PlannedPass;
  apply?: (call: number, input: ApplyInput) => Promise<ApplyResult> | ApplyResult;
}

/** Every input the workflow sent, in order (copies: they crossed the data converter). */
export interface EmployeeCalls {
  plan: PlanPassInput[];
  apply: ApplyInput[];
}

/** A plan with nothing to do unless the test says otherwise: snapshot and token stay as they were. */
export function plannedPass(input: PlanPassInput, overrides: Partial<PlannedPass> = {}): PlannedPass {
  return {
    calendarId: `cal-${input.kuerzel}`,
    fullSync: input.syncToken === null,
    nextSyncToken: input.syncToken ?? `token-${input.kuerzel}`,
    actions: [],
    nextSnapshot: input.snapshot,
    aborted: null,
    counts: {},
    ...overrides,
  };
}

/** `count` Google inserts for Termine frNr `firstFrNr`…, each with its own event id. */
export function googleInserts(count: number, firstFrNr = 1000): CalendarAction[] {
  return Array.from({ length: count }, (_, i) => {
    const frNr = firstFrNr + i;
    return { kind: 'google.insert', frNr, eventId: `ev${frNr}`, event: { summary: `Termin ${frNr}`, start: { date: '2026-05-04' }, end: { date: '2026-05-05' } } };
  });
}

/** A Google-born event Advoware does not know yet. */
export function advowareCreate(eventId: string, start = '2026-05-04'): Extract<CalendarAction, { kind: 'advoware.create' }> {
  return { kind: 'advoware.create', eventId, termin: { text: `from Google ${eventId}` }, hash: `hash-${eventId}`, start, end: null };
}

/** A snapshot linking frNr `firstFrNr`… to the events `googleInserts` names. */
export function snapshotOf(count: number, firstFrNr = 1000): CalendarSnapshot {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [String(firstFrNr + i), { eventId: `ev${firstFrNr + i}`, hash: `h${firstFrNr + i}`, start: '2026-05-04' }]));
}

/** The default apply: every advoware.create gets the next frNr from `frNrFrom` and is reported as a link. */
export function applyCreatingTermine(frNrFrom: number) {
  let next = frNrFrom;
  return (_call: number, input: ApplyInput): ApplyResult => ({
    applied: input.actions.length,
    links: input.actions.flatMap((a) => (a.kind === 'advoware.create' ? [{ frNr: next++, eventId: a.eventId, hash: a.hash, start: a.start, end: a.end }] : [])),
  });
}

/**
 * Test doubles for the calendar activities on the Google and Advoware queues. They run in the
 * test process (the workers are in-process), so tests script plans per Kürzel and read the
 * calls back without Google or Advoware.
 */
export class FakeCalendarActivities {
  /** What `listEmployeeKuerzel` answers (the real one filters by CALENDAR_SYNC_DEBUG_KUERZEL). */
  employees: string[] = [];
  listCalls = 0;
  /** Reads snapshots by query when the workflow passes them by reference. */
  client?: Client;
  private readonly scripts = new Map<string, EmployeeScript>();
  private readonly recorded = new Map<string, EmployeeCalls>();

  private requireClient(): Client {
    if (!this.client) throw new Error('FakeCalendarActivities.client is needed to read snapshots by query');
    return this.client;
  }

  script(kuerzel: string, script: EmployeeScript): void {
    this.scripts.set(kuerzel, script);
  }

  calls(kuerzel: string): EmployeeCalls {
    let calls = this.recorded.get(kuerzel);
    if (!calls) {
      calls = { plan: [], apply: [] };
      this.recorded.set(kuerzel, calls);
    }
    return calls;
  }

  googleActivities(): Pick<CalendarActivities, 'planEmployeePass' | 'applyEmployeeActions'> {
    return {
      planEmployeePass: async (raw) => {
        // Like the real activity: a snapshot given by reference is read by query; scripts see it inline.
        const { snapshotFrom, ...rest } = raw;
        const input: PlanPassInput = snapshotFrom ? { ...rest, snapshot: await loadCalendarSnapshot(this.requireClient(), snapshotFrom) } : raw;
        const calls = this.calls(input.kuerzel);
        calls.plan.push(input);
        const script = this.scripts.get(input.kuerzel)?.plan;
        const planned = script ? await script(calls.plan.length, input) : plannedPass(input);
        if (!snapshotFrom) return planned;
        // …and answers with the changes only, as the real one does.
        return { ...planned, nextSnapshot: {}, snapshotDiff: planned.snapshotDiff ?? diffSnapshots(input.snapshot, planned.nextSnapshot), linked: Object.keys(planned.nextSnapshot).length };
      },
      applyEmployeeActions: async (input) => {
        const calls = this.calls(input.kuerzel);
        calls.apply.push(input);
        const script = this.scripts.get(input.kuerzel)?.apply;
        return script ? script(calls.apply.length, input) : { applied: input.actions.length, links: [] };
      },
    };
  }

  /** Kürzel `findUnknownKuerzel` calls unknown (not an active employee). */
  unknown = new Set<string>();

  advowareActivities(): Pick<CalendarActivities, 'listEmployeeKuerzel' | 'findUnknownKuerzel'> {
    return {
      listEmployeeKuerzel: async () => {
        this.listCalls += 1;
        return [...this.employees];
      },
      findUnknownKuerzel: async (kuerzel: string[]) => kuerzel.filter((k) => this.unknown.has(k)),
    };
  }
}

/**
 * The production `syncEmployeeAndWait` (update-with-start `calendar:{K}`, answered when the pass
 * ends): it only needs the Temporal client and the main queue, never Advoware or Google.
 */
export function realSyncEmployeeAndWait(client: Client, taskQueue: string, waitTimeoutMs = 60_000) {
  // packCalendarSnapshot runs on the main queue too (continue-as-new of the employee workflow).
  return { ...createCalendarRequestActivities({ temporal: client, taskQueue, waitTimeoutMs }), ...createCalendarSnapshotActivities({ temporal: client }) };
}

/**
 * Counts activities running at once. Each holds until `target` have been in flight together
 * (or `maxHoldMs` passed), then a little longer so a surplus one would still overlap.
 */
export class ConcurrencyProbe {
  current = 0;
  max = 0;
  constructor(
    private readonly target: number,
    private readonly maxHoldMs = 5000,
    private readonly overlapMs = 300,
  ) {}

  async during<T>(work: () => Promise<T> | T): Promise<T> {
    this.current += 1;
    this.max = Math.max(this.max, this.current);
    try {
      const deadline = Date.now() + this.maxHoldMs;
      while (this.max < this.target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, this.overlapMs));
      return await work();
    } finally {
      this.current -= 1;
    }
  }
}
