/**
 * The decision for one frNr: given the Termin (if Advoware listed it), the Google event
 * claiming it (if listed) and the snapshot entry (if the pair was synced before), produce at
 * most ONE action and the pair's next snapshot entry. Rules in docs/SYNC_RULES.md (calendar); the choices
 * this file makes where §9 is silent are commented where they are made.
 */
import { eventToCommon, hashCommon, hashPrefix, terminToCommon, type CommonTermin } from './common';
import { eventIdForFrNr } from './event-id';
import { eventToTerminFields, terminPatchFromEvent, terminToEvent, ANONYMISED_SUMMARY } from './mapping';
import type { ListedEvent } from './plan-index';
import type { CalendarAction, CalendarSnapshot, PlanInput, PlanSkipped, SnapshotEntry } from './plan-types';
import { placeInWindow, spanOf, type WindowPlace } from './span';
import { timestampMillis } from './time';
import type { AdvowareTermin } from './types';

type Side = 'advoware' | 'google';

export interface PassState {
  input: PlanInput;
  actions: CalendarAction[];
  next: CalendarSnapshot;
  skipped: PlanSkipped;
  unchanged: number;
  conflicts: number;
  /** frNrs known not to be this calendar's Termine any more (404 on lookup, or another lawyer's). */
  missing: Set<number>;
  lookups: Set<number>;
}

export interface PairInput {
  frNr: number;
  termin?: AdvowareTermin;
  event?: ListedEvent;
  entry?: SnapshotEntry;
}

function tryCommon(make: () => CommonTermin, state: PassState): CommonTermin | null {
  try {
    return make();
  } catch {
    state.skipped.invalid++;
    return null;
  }
}

export function inWindow(date: string | undefined, window: PlanInput['window']): boolean {
  return date !== undefined && date >= window.from && date <= window.to;
}

/** `newest`: the later of Advoware's zuletztGeaendertAm and Google's updated; Advoware on ties or missing stamps. */
function resolveConflict(state: PassState, termin: AdvowareTermin | undefined, eventUpdated: string | null | undefined): Side {
  state.conflicts++;
  const { policy } = state.input;
  if (policy !== 'newest') return policy;
  const advoware = timestampMillis(termin?.zuletztGeaendertAm);
  const google = timestampMillis(eventUpdated);
  return advoware !== null && google !== null && google > advoware ? 'google' : 'advoware';
}

function keep(state: PassState, frNr: number, entry: SnapshotEntry | undefined): void {
  if (entry) state.next[String(frNr)] = entry;
}

/** The snapshot entry for a pair agreeing on `common`, with the span window decisions need. */
function agreedEntry(eventId: string, hash: string, common: CommonTermin): SnapshotEntry {
  const { start, end } = spanOf(common);
  return { eventId, hash, start, end };
}

function pushGoogleWrite(state: PassState, kind: 'google.insert' | 'google.update', frNr: number, termin: AdvowareTermin, common: CommonTermin, eventId: string, origin?: ListedEvent['origin']): void {
  const { kuerzel, fullContent } = state.input;
  const event = terminToEvent(termin, { kuerzel, fullContent, eventId, origin: origin ?? 'advoware' });
  state.actions.push({ kind, frNr, eventId, event });
  state.next[String(frNr)] = agreedEntry(eventId, hashCommon(common), common);
}

/** May this pass write Advoware at all (`advowareWrites` other than `none`)? */
export function advowareWritable(state: PassState): boolean {
  return (state.input.advowareWrites ?? 'all') !== 'none';
}

export function pushAdvowareCreate(state: PassState, listed: ListedEvent, common: CommonTermin): void {
  const { kuerzel, fullContent } = state.input;
  // Google-born content is the user's own, so it is copied even in anonymised mode — except
  // the placeholder summary itself, which must never become a Termin's text.
  const termin = eventToTerminFields(listed.event, { kuerzel, fullContent: true });
  if (!fullContent && termin.text === ANONYMISED_SUMMARY) termin.text = '';
  const hash = hashCommon(eventToCommon(listed.event, fullContent));
  const { start, end } = spanOf(common);
  state.actions.push({ kind: 'advoware.create', eventId: listed.id, termin, hash, start, end });
}

/** Both sides listed and live: the three-way comparison against the agreed hash. */
function planLinked(state: PassState, frNr: number, termin: AdvowareTermin, tCommon: CommonTermin, listed: ListedEvent, eCommon: CommonTermin, base: string | null, entry: SnapshotEntry | undefined): void {
  const advowareHash = hashCommon(tCommon);
  const googleHash = hashCommon(eCommon);
  if (advowareHash === googleHash) {
    state.next[String(frNr)] = agreedEntry(listed.id, advowareHash, tCommon);
    // An event we link to without our properties (found by snapshot or id) gets them back.
    if (listed.propsFrNr !== frNr) pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, listed.id, listed.origin);
    else state.unchanged++;
    return;
  }
  let winner: Side;
  if (base !== null && !base.startsWith(hashPrefix(tCommon.content !== null))) {
    // The baseline was taken in the other content mode (or an older hash version): the Google
    // side may hold placeholders, so Advoware is authoritative for this one pass.
    winner = 'advoware';
  } else {
    const advowareChanged = base === null || advowareHash !== base;
    const googleChanged = base === null || googleHash !== base;
    if (advowareChanged && googleChanged) winner = resolveConflict(state, termin, listed.event.updated);
    else winner = advowareChanged ? 'advoware' : 'google';
  }
  // A mirror (`none`): the Google edit is undone from Advoware.
  if (winner === 'advoware' || !advowareWritable(state)) {
    pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, listed.id, listed.origin);
    return;
  }
  if (eCommon.recurrenceLossy !== null) {
    state.skipped.lossyRecurrence++;
    keep(state, frNr, entry);
    return;
  }
  const patch = terminPatchFromEvent(termin, listed.event, { fullContent: state.input.fullContent });
  state.actions.push({ kind: 'advoware.update', frNr, eventId: listed.id, patch });
  state.next[String(frNr)] = agreedEntry(listed.id, googleHash, eCommon);
}

/** Termin listed, its event deleted in Google (cancelled, or missing from a full list). */
function planGoogleDeleted(state: PassState, frNr: number, termin: AdvowareTermin, tCommon: CommonTermin, entry: SnapshotEntry, listed: ListedEvent | undefined): void {
  if (hashCommon(tCommon) !== entry.hash) {
    // Deleted in Google but edited in Advoware since: the policy decides; for `newest` an
    // unknown deletion time (event not listed) counts as the newer change.
    const winner = resolveConflict(state, termin, listed ? listed.event.updated : '9999-12-31T23:59:59Z');
    if (winner === 'advoware') {
      // Updating a cancelled event with status confirmed restores it under the same id.
      pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, entry.eventId, listed?.origin);
      return;
    }
  }
  if (!advowareDeleteAllowed(state, listed)) {
    // The write policy protects the Termin: put the event back (same id) instead.
    pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, entry.eventId, listed?.origin);
    return;
  }
  state.actions.push({ kind: 'advoware.delete', frNr, eventId: entry.eventId });
}

/**
 * `all` deletes; `none` never; `no_delete` only Termine the bridge itself created from a Google
 * event (origin `google`). An event whose origin is unknown (a deletion Google reports without
 * properties, or one missing from a full list) counts as Advoware-born: the safe side.
 */
function advowareDeleteAllowed(state: PassState, listed: ListedEvent | undefined): boolean {
  const writes = state.input.advowareWrites ?? 'all';
  if (writes === 'all') return true;
  return writes === 'no_delete' && listed?.origin === 'google';
}

/**
 * Where the pair's agreed span lies. `undated`: no date known at all (kept, never deleted on
 * the window rule). `unsure`: an older snapshot entry that began before the window without a
 * recorded last day — it may be a series still running into the window.
 */
function placePair(entry: SnapshotEntry, eCommon: CommonTermin | null, window: PlanInput['window']): WindowPlace | 'undated' | 'unsure' {
  if (entry.start === undefined) return eCommon ? placeInWindow(spanOf(eCommon), window) : 'undated';
  if (entry.end === undefined && entry.start < window.from) return 'unsure';
  return placeInWindow({ start: entry.start, end: entry.end === undefined ? entry.start : entry.end }, window);
}

/** Termin not listed (deleted in Advoware, moved out of the window, or now someone else's). */
function planAdvowareMissing(state: PassState, frNr: number, entry: SnapshotEntry, listed: ListedEvent | undefined, eCommon: CommonTermin | null): void {
  const { window, fullSync } = state.input;
  const confirmed = state.missing.has(frNr);
  // Advoware lists every Termin whose span (multi-day, or a series up to turnusBis) overlaps
  // the window, so only a pair whose agreed span does so is expected in the list.
  const place = confirmed ? 'inside' : placePair(entry, eCommon, window);
  if (place !== 'inside') {
    // Out of the window now: leave the event alone. Past entries are dropped from the
    // snapshot so it does not grow forever; the deterministic id and the link properties
    // find the pair again should the Termin ever come back into the window.
    // A pair kept beyond the window's end is one no Advoware list shows, so an edit or delete
    // there would go unseen until the window reaches it (up to a year): unlike Google, Advoware
    // has no change feed, so it is looked up on every pass. Such pairs are few (only a move
    // past the horizon creates one) and each is listed normally once the window reaches it.
    // An `unsure` entry is looked up once: the answer rewrites it with its span.
    if (place === 'ahead' || place === 'unsure' || (eCommon && hashCommon(eCommon) !== entry.hash)) state.lookups.add(frNr);
    if (place !== 'behind') {
      keep(state, frNr, entry);
      state.skipped.outOfWindow++;
    }
    return;
  }
  if (listed?.cancelled || (fullSync && !listed)) return; // gone on both sides
  if (!confirmed) state.lookups.add(frNr);
  if (listed && eCommon && hashCommon(eCommon) !== entry.hash) {
    // Deleted in Advoware but edited in Google since. Under `newest` the Advoware deletion
    // time is unknown, so the deletion wins.
    if (resolveConflict(state, undefined, null) === 'google' && advowareWritable(state)) {
      if (eCommon.recurrenceLossy !== null) {
        state.skipped.lossyRecurrence++;
        keep(state, frNr, entry);
      } else {
        pushAdvowareCreate(state, listed, eCommon);
      }
      return;
    }
  }
  state.actions.push({ kind: 'google.delete', frNr, eventId: listed?.id ?? entry.eventId });
}

/** An event links to a frNr we hold no record of and Advoware did not list. */
function planOrphan(state: PassState, frNr: number, listed: ListedEvent, eCommon: CommonTermin): void {
  if (state.missing.has(frNr)) {
    // Confirmed gone (or someone else's): a ghost of ours.
    state.actions.push({ kind: 'google.delete', frNr, eventId: listed.id });
  } else if (placeInWindow(spanOf(eCommon), state.input.window) === 'inside') {
    state.skipped.orphanedLinks++;
    state.lookups.add(frNr);
  } else {
    state.skipped.outOfWindow++;
  }
}

export function planPair(state: PassState, pair: PairInput): void {
  const { frNr, termin, event: listed, entry } = pair;
  const { fullContent, fullSync } = state.input;
  const live = listed && !listed.cancelled ? listed : undefined;
  const eCommon = live ? tryCommon(() => eventToCommon(live.event, fullContent), state) : null;
  if (live && eCommon === null) return keep(state, frNr, entry);

  if (!termin) {
    if (entry) return planAdvowareMissing(state, frNr, entry, listed, eCommon);
    if (live && eCommon) planOrphan(state, frNr, live, eCommon);
    return;
  }

  const tCommon = tryCommon(() => terminToCommon(termin, fullContent), state);
  if (tCommon === null) return keep(state, frNr, entry);

  if (live && eCommon) {
    const base = entry?.hash ?? (live.propsFrNr === frNr ? live.propsHash : null);
    return planLinked(state, frNr, termin, tCommon, live, eCommon, base, entry);
  }
  // A full Google list holds every live event of the calendar, whatever its date (only the
  // Advoware side is limited to a window), so a linked event missing from it was deleted —
  // also for a Termin beyond the window that a lookup brought in.
  const missingFromFull = fullSync && !listed;
  if (entry && (listed?.cancelled || missingFromFull)) return planGoogleDeleted(state, frNr, termin, tCommon, entry, listed);
  if (listed?.cancelled) {
    // A cancelled event we hold no record of (snapshot lost, or a Termin that came back to
    // this calendar): restore it rather than lose the Termin from Google.
    return pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, listed.id, listed.origin);
  }
  if (entry) {
    // Not in the incremental list: unchanged since the last pass.
    if (hashCommon(tCommon) === entry.hash) {
      state.unchanged++;
      // Rewritten rather than kept, so entries of older snapshots gain their span.
      state.next[String(frNr)] = agreedEntry(entry.eventId, entry.hash, tCommon);
      return;
    }
    return pushGoogleWrite(state, 'google.update', frNr, termin, tCommon, entry.eventId);
  }
  // New Termin. If the deterministic id exists already (an earlier attempt), Google answers
  // 409 and the caller updates that event instead: still one event.
  pushGoogleWrite(state, 'google.insert', frNr, termin, tCommon, eventIdForFrNr(frNr));
}
