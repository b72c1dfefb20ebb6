import { describe, expect, it } from 'vitest';
import { terminToCommon } from './common';
import { eventIdForFrNr } from './event-id';
import { hashEvent, hashTermin, terminToEvent } from './mapping';
import { linkAfterAdvowareCreate, linkPropertiesPatch, planCalendarPass } from './plan';
import type { CalendarAction, CalendarPlan, CalendarSnapshot, PlanInput } from './plan-types';
import { spanOf } from './span';
import type { AdvowareTermin, GoogleEvent } from './types';

const K = 'SB';
const full = { fullContent: true, kuerzel: K };

const termin = (frNr: number, fields: Partial<AdvowareTermin> = {}): AdvowareTermin => ({
  frNr,
  datum: '2026-06-10',
  uhrzeitVon: '09:00:00',
  uhrzeitBis: '10:00:00',
  text: `Termin ${frNr}`,
  anwalt: K,
  zuletztGeaendertAm: '2026-06-01T08:00:00',
  ...fields,
});

/** Both sides agreeing on the given Termine, as after a successful pass. */
function synced(termine: AdvowareTermin[], opts = full): { snapshot: CalendarSnapshot; events: GoogleEvent[] } {
  const snapshot: CalendarSnapshot = {};
  const events = termine.map((t) => {
    const event = { ...terminToEvent(t, opts), updated: '2026-06-01T08:00:00Z' };
    snapshot[String(t.frNr)] = { eventId: event.id ?? '', hash: hashTermin(t, opts), ...spanOf(terminToCommon(t, opts.fullContent)) };
    return event;
  });
  return { snapshot, events };
}

function plan(input: Partial<PlanInput>): CalendarPlan {
  const result = planCalendarPass({
    kuerzel: K,
    termine: [],
    googleEvents: [],
    fullSync: true,
    snapshot: {},
    policy: 'advoware',
    deleteGuard: 50,
    fullContent: true,
    window: { from: '2026-05-01', to: '2026-12-31' },
    ...input,
  });
  const frNrs = result.actions.map((a) => ('frNr' in a ? a.frNr : null)).filter((f) => f !== null);
  expect(new Set(frNrs).size).toBe(frNrs.length); // never two actions for one frNr
  return result;
}

const kinds = (p: CalendarPlan) => p.actions.map((a) => a.kind);
const only = <K extends CalendarAction['kind']>(p: CalendarPlan, kind: K) => {
  expect(kinds(p)).toEqual([kind]);
  return p.actions[0] as Extract<CalendarAction, { kind: K }>;
};

describe('planCalendarPass — steady state', () => {
  it('does nothing when both sides agree with the snapshot', () => {
    const t = [termin(1), termin(2, { ganztaegig: true })];
    const { snapshot, events } = synced(t);
    const p = plan({ termine: t, googleEvents: events, snapshot });
    expect(p.actions).toEqual([]);
    expect(p.nextSnapshot).toEqual(snapshot);
    expect(p.counts.unchanged).toBe(2);
  });
});

describe('one-sided changes', () => {
  it('Advoware-only change → google.update with the new content', () => {
    const { snapshot, events } = synced([termin(1)]);
    const changed = termin(1, { text: 'verlegt', uhrzeitVon: '11:00:00', uhrzeitBis: '12:00:00' });
    const action = only(plan({ termine: [changed], googleEvents: events, snapshot }), 'google.update');
    expect(action.eventId).toBe(eventIdForFrNr(1));
    expect(action.event.summary).toBe('verlegt');
    expect(action.event.start?.dateTime).toBe('2026-06-10T11:00:00+02:00');
    expect(action.event.extendedProperties?.private?.advowareHash).toBe(hashTermin(changed, full));
  });

  it('Google-only change → advoware.update with just the changed fields', () => {
    const t = termin(1);
    const { snapshot, events } = synced([t]);
    const edited = { ...events[0], summary: 'in Google geändert' };
    const p = plan({ termine: [t], googleEvents: [edited], snapshot });
    const action = only(p, 'advoware.update');
    expect(action).toMatchObject({ frNr: 1, patch: { text: 'in Google geändert' } });
    expect(p.nextSnapshot['1'].hash).toBe(hashEvent(edited, full));
  });
});

describe('conflicts (both sides changed)', () => {
  const t = termin(1);
  const { snapshot, events } = synced([t]);
  const advowareEdit = termin(1, { text: 'Advoware', zuletztGeaendertAm: '2026-06-05T10:00:00' });
  const googleEdit = { ...events[0], summary: 'Google', updated: '2026-06-05T09:00:00Z' };

  it('policy advoware → Google is overwritten', () => {
    const p = plan({ termine: [advowareEdit], googleEvents: [googleEdit], snapshot, policy: 'advoware' });
    expect(only(p, 'google.update').event.summary).toBe('Advoware');
    expect(p.counts.conflicts).toBe(1);
  });

  it('policy google → Advoware is overwritten', () => {
    const p = plan({ termine: [advowareEdit], googleEvents: [googleEdit], snapshot, policy: 'google' });
    expect(only(p, 'advoware.update').patch).toEqual({ text: 'Google' });
  });

  it('policy newest → the later timestamp wins, either way', () => {
    expect(kinds(plan({ termine: [advowareEdit], googleEvents: [googleEdit], snapshot, policy: 'newest' }))).toEqual(['google.update']);
    const laterGoogle = { ...googleEdit, updated: '2026-06-05T10:00:01Z' };
    expect(kinds(plan({ termine: [advowareEdit], googleEvents: [laterGoogle], snapshot, policy: 'newest' }))).toEqual(['advoware.update']);
  });

  it('does not write when both sides made the same change', () => {
    const same = termin(1, { text: 'gleich' });
    const p = plan({ termine: [same], googleEvents: [{ ...events[0], summary: 'gleich' }], snapshot, policy: 'google' });
    expect(p.actions).toEqual([]);
    expect(p.nextSnapshot['1'].hash).toBe(hashTermin(same, full));
  });
});

describe('new entries', () => {
  it('new Termin → google.insert with the deterministic id', () => {
    const p = plan({ termine: [termin(7)] });
    const action = only(p, 'google.insert');
    expect(action.eventId).toBe(eventIdForFrNr(7));
    expect(action.event.id).toBe(eventIdForFrNr(7));
    expect(p.nextSnapshot['7']).toEqual({ eventId: eventIdForFrNr(7), hash: hashTermin(termin(7), full), start: '2026-06-10', end: '2026-06-10' });
  });

  it('does not insert when a listed Google event already carries the frNr (snapshot lost)', () => {
    const { events } = synced([termin(7)]);
    const p = plan({ termine: [termin(7)], googleEvents: events, snapshot: {} });
    expect(p.actions).toEqual([]);
    expect(p.nextSnapshot['7'].eventId).toBe(eventIdForFrNr(7));
  });

  it('new Google event (no link) → advoware.create, then linking', () => {
    const event: GoogleEvent = { id: 'googlegenerated0001', summary: 'Arzt', start: { dateTime: '2026-07-01T15:00:00+02:00' }, end: { dateTime: '2026-07-01T16:00:00+02:00' } };
    const p = plan({ googleEvents: [event] });
    const action = only(p, 'advoware.create');
    expect(action.eventId).toBe('googlegenerated0001');
    expect(action.termin).toMatchObject({ datum: '2026-07-01', uhrzeitVon: '15:00:00', text: 'Arzt', anwalt: K });
    expect(action.hash).toBe(hashEvent(event, full));
    expect(p.nextSnapshot).toEqual({});

    const linked = linkAfterAdvowareCreate(p.nextSnapshot, { frNr: 900, eventId: action.eventId, hash: action.hash, start: action.start, end: action.end });
    expect(linked['900']).toEqual({ eventId: 'googlegenerated0001', hash: action.hash, start: '2026-07-01', end: '2026-07-01' });
    expect(linkPropertiesPatch({ frNr: 900, hash: action.hash, kuerzel: K }).extendedProperties?.private).toMatchObject({ advowareFrNr: '900', origin: 'google' });
  });

  it('links an unlinked Google event to a new Termin with identical content instead of duplicating', () => {
    const t = termin(8);
    const { id: _id, extendedProperties: _p, ...copy } = terminToEvent(t, full);
    const p = plan({ termine: [t], googleEvents: [{ ...copy, id: 'legacyevent00001' }] });
    const action = only(p, 'google.update');
    expect(action.eventId).toBe('legacyevent00001');
    expect(action.event.extendedProperties?.private?.advowareFrNr).toBe('8');
  });

  it('ignores cancelled, out-of-window and non-default Google events', () => {
    const p = plan({
      googleEvents: [
        { id: 'gone0000001', status: 'cancelled' },
        { id: 'old00000001', summary: 'alt', start: { date: '2020-01-01' }, end: { date: '2020-01-02' } },
        { id: 'ooo00000001', eventType: 'outOfOffice', start: { date: '2026-07-01' }, end: { date: '2026-07-02' } },
      ],
    });
    expect(p.actions).toEqual([]);
    expect(p.skipped.outOfWindow).toBe(1);
  });
});

describe('deletes', () => {
  const t1 = termin(1);
  const t2 = termin(2);
  const { snapshot, events } = synced([t1, t2]);

  it('Termin missing from the complete Advoware list → google.delete', () => {
    const p = plan({ termine: [t1], googleEvents: events, snapshot });
    expect(only(p, 'google.delete')).toEqual({ kind: 'google.delete', frNr: 2, eventId: eventIdForFrNr(2) });
    expect(p.nextSnapshot['2']).toBeUndefined();
  });

  it('also deletes from an incremental Google pass (the event is unchanged, Advoware is complete)', () => {
    const p = plan({ termine: [t1], googleEvents: [], fullSync: false, snapshot });
    expect(only(p, 'google.delete').frNr).toBe(2);
  });

  it('cancelled Google event → advoware.delete', () => {
    const p = plan({ termine: [t1, t2], googleEvents: [events[0], { id: events[1].id, status: 'cancelled' }], fullSync: false, snapshot });
    expect(only(p, 'advoware.delete')).toEqual({ kind: 'advoware.delete', frNr: 2, eventId: eventIdForFrNr(2) });
  });

  it('event missing from a FULL Google list → advoware.delete; from an incremental list → unchanged', () => {
    expect(kinds(plan({ termine: [t1, t2], googleEvents: [events[0]], fullSync: true, snapshot }))).toEqual(['advoware.delete']);
    const incremental = plan({ termine: [t1, t2], googleEvents: [events[0]], fullSync: false, snapshot });
    expect(incremental.actions).toEqual([]);
    expect(incremental.nextSnapshot).toEqual(snapshot);
  });

  it('drops the pair silently when both sides deleted it', () => {
    const p = plan({ termine: [t1], googleEvents: [events[0], { id: events[1].id, status: 'cancelled' }], fullSync: false, snapshot });
    expect(p.actions).toEqual([]);
    expect(p.nextSnapshot['2']).toBeUndefined();
  });

  it('restores the Google event when it was deleted there but edited in Advoware (policy advoware)', () => {
    const edited = termin(2, { text: 'wichtig' });
    const p = plan({ termine: [t1, edited], googleEvents: [{ id: events[1].id, status: 'cancelled' }], fullSync: false, snapshot });
    const action = only(p, 'google.update');
    expect(action.event).toMatchObject({ status: 'confirmed', summary: 'wichtig' });
  });

  it('recreates in Advoware when deleted there but edited in Google (policy google)', () => {
    const edited = { ...events[1], summary: 'noch gebraucht' };
    const p = plan({ termine: [t1], googleEvents: [events[0], edited], snapshot, policy: 'google' });
    expect(only(p, 'advoware.create')).toMatchObject({ eventId: events[1].id, termin: { text: 'noch gebraucht' } });
  });

  it('leaves events of Termine that left the window alone, and forgets past ones', () => {
    const past = termin(3, { datum: '2026-04-01' });
    const future = termin(4, { datum: '2027-03-01' });
    const s = synced([past, future]);
    const p = plan({ termine: [], googleEvents: s.events, snapshot: s.snapshot });
    expect(p.actions).toEqual([]);
    expect(p.nextSnapshot).toEqual({ '4': s.snapshot['4'] });
    expect(p.skipped.outOfWindow).toBe(1);
  });

  it('delete guard: too many deletes → aborted, no deletes, other actions still planned', () => {
    const many = [1, 2, 3, 4].map((n) => termin(n));
    const s = synced(many);
    const p = plan({ termine: [termin(1, { text: 'neu' }), termin(10)], googleEvents: s.events, snapshot: s.snapshot, deleteGuard: 2 });
    expect(p.aborted).toEqual({ reason: 'delete_guard', wouldDelete: 3, guard: 2 });
    expect(kinds(p).sort()).toEqual(['google.insert', 'google.update']);
    for (const n of [2, 3, 4]) expect(p.nextSnapshot[String(n)]).toEqual(s.snapshot[String(n)]);
    expect(plan({ termine: [termin(1)], googleEvents: s.events, snapshot: s.snapshot, deleteGuard: 3 }).aborted).toBeNull();
  });
});

describe('filters', () => {
  it('skips negative frNr and other lawyers’ Termine', () => {
    const p = plan({ termine: [termin(-5), termin(6, { anwalt: 'XY' }), termin(7, { anwalt: 'ALLE' }), termin(8, { anwalt: 'sb' })] });
    expect(p.skipped).toMatchObject({ negativeFrNr: 1, foreignAnwalt: 2 });
    expect(p.actions.map((a) => ('frNr' in a ? a.frNr : null))).toEqual([8]);
  });

  it('removes the Google event of a Termin handed to another lawyer', () => {
    const { snapshot, events } = synced([termin(1)]);
    expect(only(plan({ termine: [termin(1, { anwalt: 'XY' })], googleEvents: events, snapshot }), 'google.delete').frNr).toBe(1);
  });
});

describe('incremental Google lists', () => {
  it('treats unlisted events as unchanged and updates them from Advoware by snapshot id', () => {
    const { snapshot } = synced([termin(1), termin(2)]);
    const p = plan({ termine: [termin(1), termin(2, { ort: 'Gericht' })], googleEvents: [], fullSync: false, snapshot });
    expect(only(p, 'google.update')).toMatchObject({ frNr: 2, eventId: eventIdForFrNr(2), event: { location: 'Gericht' } });
  });

  it('sees its own writes from the last pass as no change (no ping-pong)', () => {
    const t = termin(1, { text: 'geschrieben' });
    const first = plan({ termine: [t], googleEvents: [], fullSync: false, snapshot: synced([termin(1)]).snapshot });
    const written = (first.actions[0] as Extract<CalendarAction, { kind: 'google.update' }>).event;
    const second = plan({ termine: [t], googleEvents: [{ ...written, updated: '2026-06-10T12:00:00Z' }], fullSync: false, snapshot: first.nextSnapshot });
    expect(second.actions).toEqual([]);
  });
});

describe('special cases', () => {
  it('anonymised mode: Google text edits never flow back, time edits do', () => {
    const anon = { fullContent: false, kuerzel: K };
    const t = termin(1);
    const { snapshot, events } = synced([t], anon);
    const textOnly = plan({ termine: [t], googleEvents: [{ ...events[0], summary: 'Termin (bearbeitet)' }], snapshot, fullContent: false });
    expect(textOnly.actions).toEqual([]);
    const moved = { ...events[0], start: { dateTime: '2026-06-10T13:00:00+02:00' }, end: { dateTime: '2026-06-10T14:00:00+02:00' } };
    const patch = only(plan({ termine: [t], googleEvents: [moved], snapshot, fullContent: false }), 'advoware.update').patch;
    expect(patch).toMatchObject({ uhrzeitVon: '13:00:00' });
    expect(patch).not.toHaveProperty('text');
  });

  it('switching anonymised → full content makes Advoware authoritative once, whatever the policy', () => {
    const t = termin(1);
    const anon = synced([t], { fullContent: false, kuerzel: K });
    const p = plan({ termine: [t], googleEvents: anon.events, snapshot: anon.snapshot, policy: 'google' });
    expect(only(p, 'google.update').event.summary).toBe('Termin 1');
  });

  it('does not write a lossy Google recurrence into Advoware', () => {
    const t = termin(1, { turnus: 1, turnusArt: 2 });
    const { snapshot, events } = synced([t]);
    const p = plan({ termine: [t], googleEvents: [{ ...events[0], recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR'] }], snapshot });
    expect(p.actions).toEqual([]);
    expect(p.skipped.lossyRecurrence).toBe(1);
    expect(p.nextSnapshot).toEqual(snapshot);
  });

  it('skips single-instance exceptions of a series', () => {
    const p = plan({ googleEvents: [{ id: `${eventIdForFrNr(1)}_20260617T070000Z`, status: 'cancelled', recurringEventId: eventIdForFrNr(1) }] });
    expect(p.actions).toEqual([]);
    expect(p.skipped.lossyRecurrence).toBe(1);
  });

  it('removes an identical copy of a linked event, keeps a copy with different content as a new appointment', () => {
    const t = termin(1);
    const { snapshot, events } = synced([t]);
    const same = { ...events[0], id: 'copyofevent0001' };
    const different = { ...events[0], id: 'copyofevent0002', summary: 'andere Sache' };
    const p = plan({ termine: [t], googleEvents: [events[0], same, different], snapshot });
    expect(p.actions).toEqual(
      expect.arrayContaining([
        { kind: 'google.delete', frNr: null, eventId: 'copyofevent0001' },
        expect.objectContaining({ kind: 'advoware.create', eventId: 'copyofevent0002' }),
      ]),
    );
    expect(p.actions).toHaveLength(2);
  });

  it('restores the link properties on an event found only by its deterministic id', () => {
    const t = termin(1);
    const { snapshot, events } = synced([t]);
    const stripped = { ...events[0], extendedProperties: null };
    const action = only(plan({ termine: [t], googleEvents: [stripped], snapshot }), 'google.update');
    expect(action.event.extendedProperties?.private?.advowareFrNr).toBe('1');
  });

  it('counts unreadable entries instead of failing the pass', () => {
    const p = plan({ termine: [termin(1, { datum: 'kaputt' }), termin(2)] });
    expect(p.skipped.invalid).toBe(1);
    expect(kinds(p)).toEqual(['google.insert']);
  });
});

describe('lookups (deleted or only moved out of the window?)', () => {
  it('asks to look up a Termin before deleting its event, and follows the answer', () => {
    const { snapshot, events } = synced([termin(1), termin(2)]);
    const first = plan({ termine: [termin(1)], googleEvents: events, snapshot });
    expect(kinds(first)).toEqual(['google.delete']);
    expect(first.lookups).toEqual([2]);

    const moved = termin(2, { datum: '2027-02-01' });
    const found = plan({ termine: [termin(1), moved], googleEvents: events, snapshot });
    expect(only(found, 'google.update').event.start?.dateTime).toBe('2027-02-01T09:00:00+01:00');
    expect(found.lookups).toEqual([]);

    const gone = plan({ termine: [termin(1)], googleEvents: events, snapshot, confirmedMissing: [2] });
    expect(kinds(gone)).toEqual(['google.delete']);
    expect(gone.lookups).toEqual([]);
  });

  it('removes a ghost event whose Termin is confirmed gone even without a snapshot entry', () => {
    const { events } = synced([termin(5)]);
    const unknown = plan({ googleEvents: events });
    expect(unknown.actions).toEqual([]);
    expect(unknown.skipped.orphanedLinks).toBe(1);
    expect(unknown.lookups).toEqual([5]);
    expect(only(plan({ googleEvents: events, confirmedMissing: [5] }), 'google.delete')).toEqual({ kind: 'google.delete', frNr: 5, eventId: eventIdForFrNr(5) });
  });

  it('asks for the Termin when a linked event outside the window was edited in Google', () => {
    const t = termin(3, { datum: '2027-03-01' });
    const { snapshot, events } = synced([t]);
    const edited = { ...events[0], summary: 'neu' };
    const first = plan({ googleEvents: [edited], snapshot });
    expect(first.actions).toEqual([]);
    expect(first.lookups).toEqual([3]);
    expect(only(plan({ termine: [t], googleEvents: [edited], snapshot }), 'advoware.update').patch).toEqual({ text: 'neu' });
  });
});


describe('pairs beyond the window’s end (no Advoware list shows them)', () => {
  // Regression for the property counterexample (seed 2056924584): anonymised mode, a daily
  // series moved past the window in Advoware, then made non-recurring there. The second edit
  // was never seen, so Google kept the series while the snapshot claimed both sides agreed.
  const anon = { fullContent: false, kuerzel: K };
  const window = { from: '2026-03-01', to: '2026-12-31' };
  const series = termin(1000, { datum: '2026-03-01', uhrzeitVon: '00:00:00', uhrzeitBis: null, text: 'Besprechung', turnus: 1, turnusArt: 1, turnusBis: null });
  const moved = { ...series, datum: '2027-01-10' };
  const single = { ...moved, turnus: null };

  /** One pass as the activity runs it: plan, look up what the plan asks for, plan again. */
  function pass(listed: AdvowareTermin[], googleEvents: GoogleEvent[], snapshot: CalendarSnapshot, advoware: AdvowareTermin[]): CalendarPlan {
    const input = { termine: listed, googleEvents, snapshot, fullContent: false, window };
    const first = plan(input);
    if (first.lookups.length === 0) return first;
    const found = advoware.filter((t) => first.lookups.includes(t.frNr));
    const missing = first.lookups.filter((frNr) => !advoware.some((t) => t.frNr === frNr));
    return plan({ ...input, termine: [...listed, ...found], confirmedMissing: missing });
  }
  const written = (p: CalendarPlan) => (p.actions[0] as Extract<CalendarAction, { kind: 'google.update' }>).event;

  it('follows an Advoware edit made after the Termin left the window', () => {
    const { snapshot, events } = synced([series], anon);
    const afterMove = pass([], events, snapshot, [moved]);
    expect(only(afterMove, 'google.update').event.start?.dateTime).toBe('2027-01-10T00:00:00+01:00');
    expect(afterMove.nextSnapshot['1000'].start).toBe('2027-01-10');
    const movedEvent = written(afterMove);

    const first = plan({ googleEvents: [movedEvent], snapshot: afterMove.nextSnapshot, fullContent: false, window });
    expect(first.actions).toEqual([]);
    expect(first.lookups).toEqual([1000]);

    const afterEdit = pass([], [movedEvent], afterMove.nextSnapshot, [single]);
    const update = only(afterEdit, 'google.update');
    expect(update.event.recurrence).toBeUndefined();
    expect(hashEvent(update.event, anon)).toBe(hashTermin(single, anon));
    expect(afterEdit.nextSnapshot['1000']).toEqual({ eventId: movedEvent.id, hash: hashTermin(single, anon), start: '2027-01-10', end: '2027-01-10' });

    const steady = pass([], [update.event], afterEdit.nextSnapshot, [single]);
    expect(steady.actions).toEqual([]);
    expect(steady.nextSnapshot).toEqual(afterEdit.nextSnapshot);
  });

  it('removes the event when such a Termin is deleted in Advoware', () => {
    const { snapshot, events } = synced([moved], anon);
    const p = pass([], events, snapshot, []);
    expect(only(p, 'google.delete')).toEqual({ kind: 'google.delete', frNr: 1000, eventId: eventIdForFrNr(1000) });
    expect(p.nextSnapshot).toEqual({});
  });

  it('deletes such a Termin when its event is gone from a full Google list', () => {
    // Regression for the property counterexample (seed 20261128): the pair was kept although
    // Google had deleted the event, because absence from a full list only counted in the window.
    const { snapshot } = synced([single], anon);
    const p = pass([], [], snapshot, [single]);
    expect(only(p, 'advoware.delete')).toEqual({ kind: 'advoware.delete', frNr: 1000, eventId: eventIdForFrNr(1000) });
    expect(p.nextSnapshot).toEqual({});
  });

  it('does not look up pairs that fell behind the window (they are forgotten)', () => {
    const past = termin(3, { datum: '2026-02-01' });
    const { snapshot, events } = synced([past], anon);
    const p = plan({ googleEvents: events, snapshot, fullContent: false, window });
    expect(p.lookups).toEqual([]);
    expect(p.nextSnapshot).toEqual({});
  });
});

describe('series and multi-day entries that began before the window (listed by their span)', () => {
  // Advoware lists a Termin whose dates or series overlap the window, even when it began
  // earlier. Judging such a pair by its start made it look "behind" the window once it went
  // missing, so its deletion or edit never reached Google: the event kept showing inside it.
  const weekly = termin(20, { datum: '2026-04-01', turnus: 1, turnusArt: 2, turnusBis: null });
  const multiDay = termin(21, { datum: '2026-04-28', datumBis: '2026-05-03', ganztaegig: true, uhrzeitVon: null, uhrzeitBis: null });

  /** One pass as the activity runs it: plan, look up what the plan asks for, plan again. */
  function pass(input: Partial<PlanInput>, advoware: AdvowareTermin[]): CalendarPlan {
    const first = plan(input);
    if (first.lookups.length === 0) return first;
    const found = advoware.filter((t) => first.lookups.includes(t.frNr));
    const missing = first.lookups.filter((frNr) => !advoware.some((t) => t.frNr === frNr));
    return plan({ ...input, termine: [...(input.termine ?? []), ...found], confirmedMissing: missing });
  }

  it('records the last day of the span (null for an open-ended series) when the pair is made', () => {
    const p = plan({ termine: [weekly, multiDay] });
    expect(kinds(p)).toEqual(['google.insert', 'google.insert']);
    expect(p.nextSnapshot['20']).toMatchObject({ start: '2026-04-01', end: null });
    expect(p.nextSnapshot['21']).toMatchObject({ start: '2026-04-28', end: '2026-05-03' });
  });

  it('series deleted in Advoware → google.delete (after the lookup confirms it)', () => {
    const { snapshot, events } = synced([weekly]);
    const first = plan({ googleEvents: events, snapshot });
    expect(first.lookups).toEqual([20]);
    const p = pass({ googleEvents: events, snapshot }, []);
    expect(only(p, 'google.delete')).toEqual({ kind: 'google.delete', frNr: 20, eventId: eventIdForFrNr(20) });
    expect(p.nextSnapshot).toEqual({});
  });

  it('series ended in Advoware before the window (no longer listed) → google.update ends it in Google', () => {
    const { snapshot, events } = synced([weekly]);
    const ended = { ...weekly, turnusBis: '2026-04-22' };
    const p = pass({ googleEvents: events, snapshot, fullSync: false }, [ended]);
    const update = only(p, 'google.update');
    expect(update.event.recurrence).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20260422T215959Z']);
    expect(p.nextSnapshot['20']).toMatchObject({ hash: hashTermin(ended, full), start: '2026-04-01', end: '2026-04-22' });
    // Now fully behind the window: forgotten without a lookup.
    const next = plan({ googleEvents: [], fullSync: false, snapshot: p.nextSnapshot });
    expect(next.lookups).toEqual([]);
    expect(next.nextSnapshot).toEqual({});
  });

  it('multi-day entry starting before the window edited in Advoware → google.update', () => {
    const { snapshot, events } = synced([multiDay]);
    // Still listed (ends inside the window): a plain edit.
    const renamed = { ...multiDay, text: 'Urlaub (verlängert)' };
    expect(only(plan({ termine: [renamed], googleEvents: [], fullSync: false, snapshot }), 'google.update').event.summary).toBe('Urlaub (verlängert)');
    // Shortened so it ends before the window: no longer listed, found by the lookup.
    const shortened = { ...multiDay, datumBis: '2026-04-29' };
    const p = pass({ googleEvents: events, snapshot }, [shortened]);
    expect(only(p, 'google.update').event.end).toEqual({ date: '2026-04-30' });
    expect(p.nextSnapshot['21']).toMatchObject({ start: '2026-04-28', end: '2026-04-29' });
  });

  it('an entry of an older snapshot (no end) that began before the window is looked up once, not forgotten', () => {
    const { snapshot, events } = synced([weekly]);
    const older: CalendarSnapshot = { '20': { eventId: snapshot['20'].eventId, hash: snapshot['20'].hash, start: '2026-04-01' } };
    const first = plan({ googleEvents: [], fullSync: false, snapshot: older });
    expect(first.actions).toEqual([]);
    expect(first.lookups).toEqual([20]);
    expect(first.nextSnapshot).toEqual(older);
    // Still there: the entry gains its span.
    const found = pass({ googleEvents: [], fullSync: false, snapshot: older }, [weekly]);
    expect(found.actions).toEqual([]);
    expect(found.nextSnapshot['20']).toEqual({ ...older['20'], end: null });
    // Gone: its event is removed.
    expect(only(pass({ googleEvents: events, snapshot: older }, []), 'google.delete').frNr).toBe(20);
  });

  it('a linked event of such a series without snapshot entry is looked up and removed when the Termin is gone', () => {
    const { events } = synced([weekly]);
    const p = pass({ googleEvents: events }, []);
    expect(only(p, 'google.delete')).toEqual({ kind: 'google.delete', frNr: 20, eventId: eventIdForFrNr(20) });
  });
});

describe('write policy for Advoware (issue 12 item 1: a deleted Google event must not delete a Frist)', () => {
  const t1 = termin(1);
  const t2 = termin(2);
  const { snapshot, events } = synced([t1, t2]);
  const cancelled = { id: events[1].id, status: 'cancelled' };

  it('no_delete: a Google delete of an Advoware-born event is undone in Google, the Termin stays', () => {
    const p = plan({ termine: [t1, t2], googleEvents: [events[0], cancelled], fullSync: false, snapshot, advowareWrites: 'no_delete' });
    const action = only(p, 'google.update');
    expect(action).toMatchObject({ frNr: 2, eventId: events[1].id, event: { status: 'confirmed', summary: 'Termin 2' } });
    expect(p.nextSnapshot['2']).toEqual(snapshot['2']);
    // also when the event is simply missing from a full list
    expect(kinds(plan({ termine: [t1, t2], googleEvents: [events[0]], snapshot, advowareWrites: 'no_delete' }))).toEqual(['google.update']);
  });

  it('no_delete: a Termin the bridge created from a Google event follows that event’s delete', () => {
    const googleBorn = { ...events[1], status: 'cancelled', extendedProperties: { private: { ...events[1].extendedProperties?.private, origin: 'google' } } };
    expect(kinds(plan({ termine: [t1, t2], googleEvents: [events[0], googleBorn], fullSync: false, snapshot, advowareWrites: 'no_delete' }))).toEqual(['advoware.delete']);
  });

  it('no_delete still lets Google edits and new Google events reach Advoware', () => {
    const edited = { ...events[0], summary: 'verlegt' };
    const fresh: GoogleEvent = { id: 'googlenew000001', summary: 'Neu', start: { dateTime: '2026-07-01T15:00:00+02:00' }, end: { dateTime: '2026-07-01T16:00:00+02:00' } };
    expect(kinds(plan({ termine: [t1, t2], googleEvents: [edited, fresh], fullSync: false, snapshot, advowareWrites: 'no_delete' })).sort()).toEqual(['advoware.create', 'advoware.update']);
  });

  it('none: nothing is written to Advoware — Google edits and deletes are undone, Google-born events stay in Google', () => {
    const edited = { ...events[0], summary: 'in Google geändert' };
    const fresh: GoogleEvent = { id: 'googlenew000002', summary: 'Nur Google', start: { dateTime: '2026-07-01T15:00:00+02:00' }, end: { dateTime: '2026-07-01T16:00:00+02:00' } };
    const p = plan({ termine: [t1, t2], googleEvents: [edited, cancelled, fresh], fullSync: false, snapshot, advowareWrites: 'none', policy: 'google' });
    expect(p.actions.every((a) => a.kind.startsWith('google.'))).toBe(true);
    expect(kinds(p)).toEqual(['google.update', 'google.update']);
    expect((p.actions[0] as Extract<CalendarAction, { kind: 'google.update' }>).event.summary).toBe('Termin 1');
    expect(p.skipped.advowareWritesOff).toBe(1);
    // deleted in Advoware but edited in Google: the mirror follows Advoware
    const gone = plan({ termine: [t1], googleEvents: [events[0], { ...events[1], summary: 'noch gebraucht' }], snapshot, policy: 'google', advowareWrites: 'none' });
    expect(kinds(gone)).toEqual(['google.delete']);
  });

  it('all: the Google delete reaches Advoware (the behaviour before the policy existed)', () => {
    expect(kinds(plan({ termine: [t1, t2], googleEvents: [events[0], cancelled], fullSync: false, snapshot, advowareWrites: 'all' }))).toEqual(['advoware.delete']);
  });
});

describe('create guard (issue 12 item 2)', () => {
  const fresh = (n: number): GoogleEvent => ({
    id: `googlefresh${String(n).padStart(5, '0')}`,
    summary: `Privat ${n}`,
    start: { dateTime: `2026-07-${String(n).padStart(2, '0')}T15:00:00+02:00` },
    end: { dateTime: `2026-07-${String(n).padStart(2, '0')}T16:00:00+02:00` },
  });

  it('more unlinked Google events than the guard → no Advoware creates, reported; other actions go ahead', () => {
    const p = plan({ termine: [termin(1)], googleEvents: [1, 2, 3].map(fresh), createGuard: 2 });
    expect(p.createAborted).toEqual({ reason: 'create_guard', wouldCreate: 3, guard: 2 });
    expect(kinds(p)).toEqual(['google.insert']);
    expect(p.counts.advowareCreates).toBe(0);
  });

  it('up to the guard the creates are planned', () => {
    const p = plan({ googleEvents: [1, 2].map(fresh), createGuard: 2 });
    expect(p.createAborted).toBeNull();
    expect(kinds(p)).toEqual(['advoware.create', 'advoware.create']);
  });
});
