import { activityInfo, heartbeat, sleep, ApplicationFailure } from '@temporalio/activity';
import { AdvowareNotFoundError, lookUpTermine, type AdvowareClient } from '../clients/advoware';
import { GoogleFullSyncRequiredError, GoogleRateLimitError, type GoogleCalendarClient, type GoogleEvent as WireEvent, type GoogleUserCalendar } from '../clients/google';
import type { Client } from '@temporalio/client';
import { loadCalendarSnapshot } from '../clients/temporal/calendar-snapshot';
import type { CalendarSnapshotRef } from '../workflows/messages';
import { GooglePacing } from './google-pace';
import {
  hashTermin,
  linkPropertiesPatch,
  planCalendarPass,
  syncWindow,
  unknownKuerzel,
  type AdvowareTermin,
  type AdvowareWrites,
  type CalendarAction,
  type CalendarSnapshot,
  type ConflictPolicy,
  type SnapshotOverlay,
  diffSnapshots,
  limitOverlay,
  untouchedOverlay,
  type GoogleEvent,
} from '../domain/calendar';
import type { ShadowSummary, SyncMode } from '../domain/shadow';

export interface CalendarActivityDeps {
  advoware: AdvowareClient;
  google?: GoogleCalendarClient;
  policy: ConflictPolicy;
  deleteGuard: number;
  /** Most Advoware creates per pass (CALENDAR_CREATE_GUARD); unlimited when absent. */
  createGuard?: number;
  /** CALENDAR_ADVOWARE_WRITES; the planner's `all` when absent. */
  advowareWrites?: AdvowareWrites;
  pastDays: number;
  futureDays: number;
  debugKuerzel: string[];
  calendarNameTemplate: string;
  /** Kürzel of GOOGLE_CALENDAR_MAPPING: accepted even when Advoware does not list them. */
  mappedKuerzel?: string[];
  /** Client-side pacing per Google user, below the 600/min quota. */
  googleMaxPerSecond: number;
  /** Client-side pacing of all users together, below the project's 10,000/min quota (default: unlimited). */
  googleMaxPerSecondProject?: number;
  /** Reads snapshots by query (planEmployeePass with `snapshotFrom`). */
  temporal?: Client;
  /** Size bounds of one pass with `snapshotFrom`: planned actions and recorded snapshot changes. */
  maxActionsPerPass?: number;
  maxSnapshotChangesPerPass?: number;
  now?: () => number;
}

export interface PlanPassInput {
  kuerzel: string;
  calendarId: string | null;
  syncToken: string | null;
  /** Inline snapshot (runs before the packed form); empty when `snapshotFrom` is given. */
  snapshot: CalendarSnapshot;
  /** Read the snapshot from this workflow run by query instead (keeps it out of history). */
  snapshotFrom?: CalendarSnapshotRef;
  fullContent: boolean;
}

export interface PlannedPass {
  calendarId: string;
  fullSync: boolean;
  /** Token for the next incremental pass (taken before our writes; our own writes come back as no-ops). */
  nextSyncToken: string | null;
  actions: CalendarAction[];
  /** The whole next snapshot (inline form only; `{}` with `snapshotFrom`). */
  nextSnapshot: CalendarSnapshot;
  /** With `snapshotFrom`: the changes to record once every action has been applied. */
  snapshotDiff?: SnapshotOverlay;
  /** With `snapshotFrom`: entries after this pass (for status), before Advoware creates are linked. */
  linked?: number;
  /** With `snapshotFrom`: actions or changes were left for the next pass (size bound); the token did not move. */
  more?: boolean;
  aborted: { wouldDelete: number; guard: number } | null;
  /** The create guard withheld every Advoware create of this pass. */
  createAborted?: { wouldCreate: number; guard: number } | null;
  counts: Record<string, number>;
  /** Set by CALENDAR_MODE shadow/off (activities/shadow/modes.ts): the workflow then keeps its state. */
  mode?: SyncMode;
  shadow?: ShadowSummary;
}

export interface ApplyInput {
  kuerzel: string;
  calendarId: string;
  actions: CalendarAction[];
  fullContent: boolean;
}

export interface ApplyResult {
  applied: number;
  /** Termine created in Advoware for Google-born events: link them into the snapshot. */
  links: { frNr: number; eventId: string; hash: string; start: string; end?: string | null }[];
  /** Shadow mode: the writes this batch would have made. */
  shadow?: ShadowSummary;
}

/** domain/ types events with explicit nulls; the googleapis schema says the same with optional fields. */
const wire = (event: GoogleEvent): WireEvent => event as WireEvent;

export const createCalendarActivities = (deps: CalendarActivityDeps) => {
  const now = deps.now ?? Date.now;
  const google = (): GoogleCalendarClient => {
    if (!deps.google) throw ApplicationFailure.nonRetryable('Google Calendar is not configured (GOOGLE_SERVICE_ACCOUNT_JSON or _FILE)', 'GoogleNotConfigured');
    return deps.google;
  };

  const pacing = new GooglePacing(deps.googleMaxPerSecond, deps.googleMaxPerSecondProject ?? Number.POSITIVE_INFINITY);

  /**
   * Paces one user's calls (per user and project-wide) and rides out quota errors in place, honouring Retry-After, so progress is kept.
   * `sleep` is the activity's own: it rejects with CancelledFailure once the activity is cancelled, so these waits end at cancellation too.
   */
  const pacer = (kuerzel: string) => {
    const user = google().forKuerzel(kuerzel);
    return async <T>(call: (u: GoogleUserCalendar) => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        await pacing.take(kuerzel.toUpperCase(), sleep);
        try {
          return await call(user);
        } catch (err) {
          if (!(err instanceof GoogleRateLimitError) || attempt >= 6) throw err;
          await sleep(err.retryAfterMs ?? Math.min(30_000, 500 * 2 ** attempt));
        }
      }
    };
  };

  /** A Termin of this employee on that day with the event's content that no Google event links to yet. */
  async function findUnlinkedTwin(
    input: ApplyInput,
    action: Extract<CalendarAction, { kind: 'advoware.create' }>,
    call: ReturnType<typeof pacer>,
  ): Promise<number | undefined> {
    const sameDay = (await deps.advoware.listTermine({ kuerzel: input.kuerzel, from: action.start, to: action.start })).termine;
    const twins = sameDay.filter((t) => t.frNr > 0 && hashTermin(t, { fullContent: input.fullContent }) === action.hash).sort((a, b) => a.frNr - b.frNr);
    for (const twin of twins) {
      const linked = await call((u) => u.listEvents({ calendarId: input.calendarId, privateExtendedProperty: `advowareFrNr=${twin.frNr}` }));
      if (!linked.items.some((e) => e.status !== 'cancelled')) return twin.frNr;
    }
    return undefined;
  }

  const temporal = (): Client => {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('temporal client not wired (needed to read the calendar snapshot)', 'Misconfigured');
    return deps.temporal;
  };

  /**
   * Keeps one pass's history O(changes) and every payload bounded: at most maxActionsPerPass
   * actions and maxSnapshotChangesPerPass snapshot changes. When actions are cut, only changes no
   * planned action touches are recorded; the next pass (at once) sees the applied ones agree.
   */
  function boundPass(before: CalendarSnapshot, after: CalendarSnapshot, actions: CalendarAction[]) {
    const maxActions = deps.maxActionsPerPass ?? 300;
    const cutActions = actions.length > maxActions;
    const full = diffSnapshots(before, after);
    const { overlay, cut } = limitOverlay(cutActions ? untouchedOverlay(full, before, actions) : full, deps.maxSnapshotChangesPerPass ?? 1500);
    return { actions: cutActions ? actions.slice(0, maxActions) : actions, overlay, more: cutActions || cut };
  }

  async function listTermine(kuerzel: string): Promise<{ termine: AdvowareTermin[]; unreadable: number; window: { from: string; to: string } }> {
    const window = syncWindow(now(), deps.pastDays, deps.futureDays);
    // Unreadable rows are logged (with frNr) by the client and only counted here: one odd row never fails the pass.
    const { termine, rejected } = await deps.advoware.listTermine({ kuerzel, ...window });
    return { termine: termine.filter((termin) => termin.frNr > 0), unreadable: rejected.length, window };
  }

  return {
    async listEmployeeKuerzel(): Promise<string[]> {
      const employees = await deps.advoware.listEmployees();
      const active = employees.filter((e) => e.aktiv !== false).map((e) => e.kuerzel);
      if (!deps.debugKuerzel.length) return active;
      const wanted = new Set(deps.debugKuerzel.map((k) => k.toUpperCase()));
      return active.filter((k) => wanted.has(k.toUpperCase()));
    },

    /** Of the requested Kürzel, those that are no active employee (nor mapped): they get no workflow. */
    async findUnknownKuerzel(kuerzel: string[]): Promise<string[]> {
      return unknownKuerzel(kuerzel, await deps.advoware.listEmployees(), deps.mappedKuerzel);
    },

    /** Reads both sides and lets domain/ plan; looks up Termine that left the window before deleting anything. */
    async planEmployeePass(input: PlanPassInput): Promise<PlannedPass> {
      const call = pacer(input.kuerzel);
      const snapshot = input.snapshotFrom ? await loadCalendarSnapshot(temporal(), input.snapshotFrom) : input.snapshot;
      const calendarId = input.calendarId ?? (await call((u) => u.ensureCalendar(deps.calendarNameTemplate.replace('{kuerzel}', input.kuerzel), { timeZone: 'Europe/Berlin' })));
      const { termine, unreadable, window } = await listTermine(input.kuerzel);
      heartbeat({ phase: 'listed-advoware', termine: termine.length });

      let fullSync = !input.syncToken;
      let listed;
      try {
        listed = await call((u) => u.listEvents({ calendarId, syncToken: input.syncToken ?? undefined, showDeleted: !fullSync }));
      } catch (err) {
        if (!(err instanceof GoogleFullSyncRequiredError)) throw err;
        fullSync = true;
        listed = await call((u) => u.listEvents({ calendarId }));
      }
      heartbeat({ phase: 'listed-google', events: listed.items.length });

      const base = {
        kuerzel: input.kuerzel,
        googleEvents: listed.items as GoogleEvent[],
        fullSync,
        snapshot,
        policy: deps.policy,
        deleteGuard: deps.deleteGuard,
        createGuard: deps.createGuard,
        advowareWrites: deps.advowareWrites,
        fullContent: input.fullContent,
        window,
      };
      let plan = planCalendarPass({ ...base, termine });
      if (plan.lookups.length) {
        // A window list cannot tell "deleted" from "moved away": ask for each before deleting.
        const { found, missing } = await lookUpTermine(deps.advoware, plan.lookups);
        plan = planCalendarPass({ ...base, termine: [...termine, ...found], confirmedMissing: missing });
      }
      const bounded = input.snapshotFrom ? boundPass(snapshot, plan.nextSnapshot, plan.actions) : undefined;
      return {
        calendarId,
        fullSync,
        // Withheld creates must be seen again: no token, so the next pass lists every event.
        // A pass cut by the size bound keeps the old token: the next one reads the same changes again.
        nextSyncToken: plan.createAborted ? null : bounded?.more ? (fullSync ? null : input.syncToken) : (listed.nextSyncToken ?? null),
        actions: bounded ? bounded.actions : plan.actions,
        nextSnapshot: bounded ? {} : plan.nextSnapshot,
        ...(bounded ? { snapshotDiff: bounded.overlay, more: bounded.more, linked: Object.keys(plan.nextSnapshot).length } : {}),
        aborted: plan.aborted ? { wouldDelete: plan.aborted.wouldDelete, guard: plan.aborted.guard } : null,
        createAborted: plan.createAborted ? { wouldCreate: plan.createAborted.wouldCreate, guard: plan.createAborted.guard } : null,
        counts: {
          ...plan.counts,
          ...Object.fromEntries(Object.entries(plan.skipped).map(([k, v]) => [`skipped_${k}`, v])),
          skipped_unreadableRows: unreadable,
          ...(plan.createAborted ? { advowareCreatesWithheld: plan.createAborted.wouldCreate } : {}),
        },
      };
    },

    /** Applies a batch of planned actions; heartbeats its position so a retry resumes instead of redoing. */
    async applyEmployeeActions(input: ApplyInput): Promise<ApplyResult> {
      const call = pacer(input.kuerzel);
      const resume = (activityInfo().heartbeatDetails as { done?: number; links?: ApplyResult['links'] } | undefined) ?? {};
      const links = resume.links ?? [];
      let done = resume.done ?? 0;
      for (; done < input.actions.length; done++) {
        const action = input.actions[done];
        switch (action.kind) {
          case 'google.insert': {
            const inserted = await call((u) => u.insertEvent(input.calendarId, wire({ ...action.event, id: action.eventId })));
            // 409: an earlier attempt created it; make it match the plan.
            if (inserted.alreadyExists) await call((u) => u.updateEvent(input.calendarId, action.eventId, wire({ ...action.event, id: action.eventId })));
            break;
          }
          case 'google.update':
            await call((u) => u.updateEvent(input.calendarId, action.eventId, wire(action.event))).catch(async (err: unknown) => {
              if ((err as Error).name !== 'GoogleNotFoundError') throw err;
              await call((u) => u.insertEvent(input.calendarId, wire({ ...action.event, id: action.eventId })));
            });
            break;
          case 'google.delete':
            await call((u) => u.deleteEvent(input.calendarId, action.eventId));
            break;
          case 'advoware.create': {
            // A retry may follow a create whose answer or link patch was lost: adopt that Termin instead of creating a twin.
            const earlier = activityInfo().attempt > 1 ? await findUnlinkedTwin(input, action, call) : undefined;
            const frNr = earlier ?? (await deps.advoware.createTermin({ ...action.termin, anwalt: input.kuerzel })).frNr;
            heartbeat({ done, links: [...links, { frNr, eventId: action.eventId, hash: action.hash, start: action.start, end: action.end }] });
            await call((u) => u.patchEvent(input.calendarId, action.eventId, wire(linkPropertiesPatch({ frNr, hash: action.hash, kuerzel: input.kuerzel }))));
            links.push({ frNr, eventId: action.eventId, hash: action.hash, start: action.start, end: action.end });
            break;
          }
          case 'advoware.update':
            await deps.advoware.updateTermin(action.frNr, action.patch);
            break;
          case 'advoware.delete':
            await deps.advoware.deleteTermin(action.frNr).catch((err: unknown) => {
              if (!(err instanceof AdvowareNotFoundError)) throw err;
            });
            break;
        }
        heartbeat({ done: done + 1, links });
      }
      return { applied: input.actions.length, links };
    },
  };
};
