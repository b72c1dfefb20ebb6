/**
 * The calendar planner: one pure pass over both calendars of one employee, deciding every
 * write. The caller (an activity) fetches, calls planCalendarPass, applies the actions and
 * stores `nextSnapshot`; nothing here does I/O or reads the clock.
 *
 * Designed against the classic calendar-sync failures:
 * - duplicates: deterministic event ids (a retried insert is a 409, not a second event), no
 *   insert while the snapshot or a listed event claims the frNr, at most one action per frNr,
 *   unlinked events matched to new Termine by content before anything is created, and copies
 *   of an already linked event removed;
 * - ghost events: deletes follow on either side, but only on evidence from a complete list
 *   (or an explicit cancellation) and only for pairs whose agreed span (first day to last
 *   occurrence's last day) overlaps the window;
 * - ping-pong: one content hash computed identically from both sides; a pair whose hashes
 *   agree is never written, whatever the timestamps say;
 * - mass deletes: more than `deleteGuard` deletes in a pass → `aborted`, and ALL deletes of
 *   the pass are withheld (their snapshot entries kept, so the next pass sees them again)
 *   while inserts and updates still go ahead: they never lose data, and holding them back
 *   would hide unrelated edits behind an operator decision.
 *
 * A window list cannot tell a deleted Termin from one moved out of the window: see
 * `CalendarPlan.lookups` for the optional second round that settles it.
 */
import { eventToCommon, hashCommon, terminToCommon } from './common';
import { eventIdForFrNr } from './event-id';
import { linkProperties } from './mapping';
import { indexPass, type ListedEvent, type PassIndex } from './plan-index';
import { advowareWritable, inWindow, planPair, pushAdvowareCreate, type PassState } from './plan-pair';
import type { CalendarAction, CalendarPlan, CalendarSnapshot, PlanCounts, PlanInput, SnapshotEntry } from './plan-types';
import { startDate } from './time';
import type { GoogleEvent } from './types';

export type * from './plan-types';

function safeHash(make: () => string): string | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/**
 * Choose the one event that stays linked to a frNr; other live copies that show the same
 * content are removed, copies with different content are treated as new Google events.
 */
function resolveDuplicates(state: PassState, index: PassIndex): Map<number, ListedEvent | undefined> {
  const { snapshot, fullContent } = state.input;
  const chosen = new Map<number, ListedEvent | undefined>();
  for (const [frNr, claims] of index.claims) {
    const entry = snapshot[String(frNr)];
    const sorted = [...claims].sort((a, b) => a.id.localeCompare(b.id));
    const canonical = entry
      ? sorted.find((c) => c.id === entry.eventId)
      : (sorted.find((c) => !c.cancelled && c.id === eventIdForFrNr(frNr)) ?? sorted.find((c) => !c.cancelled) ?? sorted[0]);
    chosen.set(frNr, canonical);
    const keptHash = canonical && !canonical.cancelled ? safeHash(() => hashCommon(eventToCommon(canonical.event, fullContent))) : entry?.hash;
    for (const copy of sorted) {
      if (copy === canonical || copy.cancelled) continue;
      const copyHash = safeHash(() => hashCommon(eventToCommon(copy.event, fullContent)));
      if (copyHash !== null && (copyHash === keptHash || copyHash === entry?.hash)) state.actions.push({ kind: 'google.delete', frNr: null, eventId: copy.id });
      else index.unlinked.push({ ...copy, propsFrNr: null, origin: null });
    }
  }
  return chosen;
}

function importable(listed: ListedEvent): boolean {
  const type = listed.event.eventType;
  // origin 'advoware' without a frNr is our own event with damaged properties: never import it.
  return !listed.cancelled && (!type || type === 'default') && listed.origin !== 'advoware';
}

/**
 * In full-content mode, an unlinked Google event whose content equals exactly one new Termin
 * (and vice versa) is the same appointment — typically an Advoware create whose link was never
 * written back, or events carried over from the system we replace. Link instead of duplicating.
 */
function matchByContent(state: PassState, index: PassIndex, chosen: Map<number, ListedEvent | undefined>, candidates: ListedEvent[]): ListedEvent[] {
  if (!state.input.fullContent) return candidates;
  const newTermine = new Map<string, number[]>();
  for (const [frNr, termin] of index.termine) {
    if (state.input.snapshot[String(frNr)] || chosen.has(frNr)) continue;
    const hash = safeHash(() => hashCommon(terminToCommon(termin, true)));
    if (hash !== null) newTermine.set(hash, [...(newTermine.get(hash) ?? []), frNr]);
  }
  const eventsByHash = new Map<string, ListedEvent[]>();
  for (const listed of candidates) {
    const hash = safeHash(() => hashCommon(eventToCommon(listed.event, true)));
    if (hash !== null) eventsByHash.set(hash, [...(eventsByHash.get(hash) ?? []), listed]);
  }
  const matched = new Set<ListedEvent>();
  for (const [hash, events] of eventsByHash) {
    const frNrs = newTermine.get(hash);
    if (events.length === 1 && frNrs?.length === 1) {
      chosen.set(frNrs[0], events[0]);
      matched.add(events[0]);
    }
  }
  return candidates.filter((c) => !matched.has(c));
}

function planUnlinked(state: PassState, candidates: ListedEvent[]): void {
  for (const listed of candidates) {
    let common;
    try {
      common = eventToCommon(listed.event, state.input.fullContent);
    } catch {
      state.skipped.invalid++;
      continue;
    }
    if (!inWindow(startDate(common.times), state.input.window)) state.skipped.outOfWindow++;
    else if (common.recurrenceLossy !== null) state.skipped.lossyRecurrence++;
    else if (!advowareWritable(state)) state.skipped.advowareWritesOff++;
    else pushAdvowareCreate(state, listed, common);
  }
}

type DeleteAction = Extract<CalendarAction, { kind: 'google.delete' | 'advoware.delete' }>;

function isDelete(action: CalendarAction): action is DeleteAction {
  return action.kind === 'google.delete' || action.kind === 'advoware.delete';
}

function applyDeleteGuard(state: PassState): CalendarPlan['aborted'] {
  const deletes = state.actions.filter(isDelete);
  const guard = state.input.deleteGuard;
  if (deletes.length <= guard) return null;
  state.actions = state.actions.filter((a) => !isDelete(a));
  for (const action of deletes) {
    if (action.frNr === null) continue;
    const previous = state.input.snapshot[String(action.frNr)];
    if (previous) state.next[String(action.frNr)] = previous;
  }
  return { reason: 'delete_guard', wouldDelete: deletes.length, guard };
}

/**
 * Like the delete guard, for creates: a pass that would create more Termine than the guard
 * (typically the bridge pointed at a calendar already full of events) creates none of them.
 * The events stay unlinked, so a later pass with a raised guard still finds them.
 */
function applyCreateGuard(state: PassState): CalendarPlan['createAborted'] {
  const guard = state.input.createGuard;
  const creates = state.actions.filter((a) => a.kind === 'advoware.create').length;
  if (guard === undefined || creates <= guard) return null;
  state.actions = state.actions.filter((a) => a.kind !== 'advoware.create');
  return { reason: 'create_guard', wouldCreate: creates, guard };
}

function countActions(state: PassState): PlanCounts {
  const count = (kind: CalendarAction['kind']) => state.actions.filter((a) => a.kind === kind).length;
  return {
    googleInserts: count('google.insert'),
    googleUpdates: count('google.update'),
    googleDeletes: count('google.delete'),
    advowareCreates: count('advoware.create'),
    advowareUpdates: count('advoware.update'),
    advowareDeletes: count('advoware.delete'),
    unchanged: state.unchanged,
    conflicts: state.conflicts,
  };
}

export function planCalendarPass(input: PlanInput): CalendarPlan {
  const state: PassState = {
    input,
    actions: [],
    next: {},
    skipped: { negativeFrNr: 0, outOfWindow: 0, lossyRecurrence: 0, foreignAnwalt: 0, invalid: 0, orphanedLinks: 0, advowareWritesOff: 0 },
    unchanged: 0,
    conflicts: 0,
    missing: new Set(input.confirmedMissing ?? []),
    lookups: new Set(),
  };
  const index = indexPass(input.kuerzel, input.termine, input.googleEvents, input.snapshot, state.skipped);
  for (const frNr of index.foreign) state.missing.add(frNr);
  const chosen = resolveDuplicates(state, index);
  const candidates = index.unlinked.filter(importable);
  const toCreate = matchByContent(state, index, chosen, candidates);

  const frNrs = new Set<number>([...Object.keys(input.snapshot).map(Number), ...index.termine.keys(), ...chosen.keys()]);
  for (const frNr of [...frNrs].sort((a, b) => a - b)) {
    planPair(state, { frNr, termin: index.termine.get(frNr), event: chosen.get(frNr), entry: input.snapshot[String(frNr)] });
  }
  planUnlinked(state, toCreate);

  const createAborted = applyCreateGuard(state);
  const aborted = applyDeleteGuard(state);
  // Deletes last: if a pass stops half-way, the non-destructive writes are done first.
  state.actions = [...state.actions.filter((a) => !isDelete(a)), ...state.actions.filter(isDelete)];
  const lookups = [...state.lookups].sort((a, b) => a - b);
  return { actions: state.actions, nextSnapshot: state.next, aborted, createAborted, counts: countActions(state), skipped: state.skipped, lookups };
}

export interface LinkInput {
  frNr: number;
  eventId: string;
  hash: string;
  start?: string;
  /** The action's `end`; optional for links recorded before it existed. */
  end?: string | null;
}

/** Record the pair an `advoware.create` produced (frNr assigned by Advoware). */
export function linkAfterAdvowareCreate(snapshot: CalendarSnapshot, link: LinkInput): CalendarSnapshot {
  const entry: SnapshotEntry = { eventId: link.eventId, hash: link.hash };
  if (link.start !== undefined) entry.start = link.start;
  if (link.end !== undefined) entry.end = link.end;
  return { ...snapshot, [String(link.frNr)]: entry };
}

/** The patch that writes the new link into the Google event (events.patch merges private keys). */
export function linkPropertiesPatch(link: { frNr: number; hash: string; kuerzel: string }): Pick<GoogleEvent, 'extendedProperties'> {
  return { extendedProperties: { private: linkProperties(link.frNr, link.hash, link.kuerzel, 'google') } };
}
