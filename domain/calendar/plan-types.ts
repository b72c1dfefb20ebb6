/** Input and output shapes of the calendar planner (plan.ts). */
import type { AdvowareTermin, GoogleEvent } from './types';

export interface SnapshotEntry {
  eventId: string;
  /** Content hash both sides agreed on (hashTermin === hashEvent at that time). */
  hash: string;
  /**
   * The agreed Berlin start date (`YYYY-MM-DD`). A Termin missing from Advoware's window list
   * only counts as deleted when its span [start, end] overlaps the window. Optional so older
   * snapshots stay readable; without it a missing Termin is never treated as deleted.
   */
  start?: string;
  /**
   * The agreed last day (inclusive) of the last occurrence; null for an open-ended series.
   * Advoware lists a multi-day entry or series that began before the window, so a pair is
   * judged by this span, not by `start` alone. Absent in older snapshots: a pair starting
   * before the window is then looked up once rather than forgotten.
   */
  end?: string | null;
}

/** What both sides agreed on after the last pass, keyed by `String(frNr)`. */
export type CalendarSnapshot = Record<string, SnapshotEntry>;

export type ConflictPolicy = 'advoware' | 'google' | 'newest';

/**
 * What the bridge may write to Advoware (`CALENDAR_ADVOWARE_WRITES`).
 * - `all`: creates, updates and deletes follow Google.
 * - `no_delete`: never deletes a Termin because its Advoware-born event was deleted in Google;
 *   the event is put back instead (a Frist must survive a slip in a phone calendar).
 * - `none`: Google is a mirror: Google-side edits and deletes are undone from Advoware, and
 *   events created in Google stay in Google only.
 */
export type AdvowareWrites = 'all' | 'no_delete' | 'none';

export interface PlanInput {
  kuerzel: string;
  /** Complete Advoware list for the window (plus any Termine the caller looked up by frNr). */
  termine: AdvowareTermin[];
  /** Full list when `fullSync`, else only the changes since the sync token (cancelled ones included). */
  googleEvents: GoogleEvent[];
  fullSync: boolean;
  snapshot: CalendarSnapshot;
  policy: ConflictPolicy;
  /** Most deletes (both sides together) allowed in one pass. */
  deleteGuard: number;
  /** Most Advoware creates allowed in one pass; more withholds them all. Unlimited when absent. */
  createGuard?: number;
  /** Default `all` (the planner's original behaviour); production passes the configured value. */
  advowareWrites?: AdvowareWrites;
  fullContent: boolean;
  /** Inclusive `YYYY-MM-DD` bounds of the Advoware list. */
  window: { from: string; to: string };
  /**
   * frNrs from an earlier plan's `lookups` that `GET Termine/{frNr}` answered with 404.
   * (Found ones are appended to `termine`.) Optional: without lookups the window rule applies.
   */
  confirmedMissing?: number[];
}

export type CalendarAction =
  | { kind: 'google.insert'; frNr: number; eventId: string; event: GoogleEvent }
  | { kind: 'google.update'; frNr: number; eventId: string; event: GoogleEvent }
  /** frNr null: a duplicate copy of an already linked event. */
  | { kind: 'google.delete'; frNr: number | null; eventId: string }
  /** After creating, call linkAfterAdvowareCreate and write linkPropertiesPatch to the event. */
  | { kind: 'advoware.create'; eventId: string; termin: Partial<AdvowareTermin>; hash: string; start: string; end: string | null }
  | { kind: 'advoware.update'; frNr: number; eventId: string; patch: Partial<AdvowareTermin> }
  | { kind: 'advoware.delete'; frNr: number; eventId: string };

export interface PlanCounts {
  googleInserts: number;
  googleUpdates: number;
  googleDeletes: number;
  advowareCreates: number;
  advowareUpdates: number;
  advowareDeletes: number;
  /** Linked pairs that already agreed. */
  unchanged: number;
  /** Pairs changed on both sides (or change vs delete) that the policy decided. */
  conflicts: number;
}

export interface PlanSkipped {
  negativeFrNr: number;
  outOfWindow: number;
  /** Google recurrences or instance exceptions Advoware cannot hold; not written to Advoware. */
  lossyRecurrence: number;
  /** Termine of another lawyer (or the general `ALLE`/`Allgemein` entries). */
  foreignAnwalt: number;
  /** Entries whose dates cannot be read. */
  invalid: number;
  /** Events linked to a frNr that is neither in the Advoware list nor in the snapshot; left alone. */
  orphanedLinks: number;
  /** Google-born events not copied to Advoware because `advowareWrites` is `none`. */
  advowareWritesOff: number;
}

export interface CalendarPlan {
  actions: CalendarAction[];
  /** Snapshot after all actions succeed (advoware.create entries get linked by the caller later). */
  nextSnapshot: CalendarSnapshot;
  aborted: null | { reason: 'delete_guard'; wouldDelete: number; guard: number };
  /**
   * More Advoware creates than `createGuard` (e.g. the bridge pointed at a calendar that already
   * holds hundreds of events): ALL creates of the pass are withheld, the rest goes ahead.
   */
  createAborted: null | { reason: 'create_guard'; wouldCreate: number; guard: number };
  /**
   * frNrs whose Termin is not in the window list although a decision depends on it (a planned
   * delete, a linked event edited or sitting inside the window) or whose Advoware side no list
   * shows at all (a pair kept beyond the window's end). A window list cannot tell "deleted"
   * from "moved out of the window"; a caller that can afford one GET per frNr looks them up,
   * appends the found Termine to `termine`, passes the 404s as `confirmedMissing` and plans
   * again. Without that, the plan as returned follows the window rule.
   */
  lookups: number[];
  counts: PlanCounts;
  skipped: PlanSkipped;
}
