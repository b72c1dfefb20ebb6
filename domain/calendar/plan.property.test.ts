/**
 * Convergence properties of the planner against a small in-memory model of both systems:
 * random Termine, random edits on both sides, one pass applied through the model (Advoware
 * assigns frNr on create, the caller links, Google answers 409 on a taken id), then
 * (a) a second pass plans nothing, (b) there are no duplicates, (c) every linked pair agrees,
 * (d) no event of ours that reaches into the window outlives its Termin (no ghosts).
 * Advoware lists by span like the real API (and sim/advoware): a multi-day entry or a series
 * that began before the window is listed while it reaches into it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../test/setup/fc-seed';
import { eventToCommon, terminToCommon } from './common';
import { hashEvent, hashTermin } from './mapping';
import { linkAfterAdvowareCreate, linkPropertiesPatch, planCalendarPass } from './plan';
import type { CalendarPlan, CalendarSnapshot, ConflictPolicy, PlanInput } from './plan-types';
import { placeInWindow, spanOf } from './span';
import type { AdvowareTermin, GoogleEvent } from './types';

const K = 'SB';
const WINDOW = { from: '2026-03-01', to: '2026-12-31' };
const DATES = ['2026-03-01', '2026-02-27', '2026-03-28', '2026-03-29', '2026-06-10', '2026-06-30', '2026-10-24', '2026-10-25', '2026-12-31', '2026-02-15', '2027-01-10'];
const TIMES = ['00:00:00', '01:30:00', '02:30:00', '03:00:00', '09:00:00', '12:15:00', '23:30:00'];

/** The window rule of Advoware's list (as sim/advoware/termine.ts `overlapsWindow` models it). */
function listedInWindow(t: AdvowareTermin): boolean {
  if (t.datum > WINDOW.to) return false;
  if (t.turnusArt != null && t.turnus != null) return t.turnusBis == null || t.turnusBis >= WINDOW.from;
  return (t.datumBis ?? t.datum) >= WINDOW.from;
}

class World {
  advoware = new Map<number, AdvowareTermin>();
  google = new Map<string, GoogleEvent>();
  changed = new Set<string>();
  snapshot: CalendarSnapshot = {};
  private nextFrNr = 1000;
  private nextEventNr = 1;
  private clock = 0;

  constructor(
    readonly fullContent: boolean,
    readonly policy: ConflictPolicy,
    readonly incremental: boolean,
  ) {}

  stamp(): string {
    this.clock++;
    return new Date(Date.UTC(2026, 5, 1) + this.clock * 1000).toISOString();
  }

  // --- Advoware ---
  advCreate(fields: Partial<AdvowareTermin>): number {
    const frNr = this.nextFrNr++;
    this.advoware.set(frNr, { ...fields, frNr, datum: fields.datum ?? '2026-06-10', anwalt: K, zuletztGeaendertAm: this.stamp().replace('Z', '') });
    return frNr;
  }
  advUpdate(frNr: number, patch: Partial<AdvowareTermin>): void {
    const current = this.advoware.get(frNr);
    if (!current) throw new Error(`advoware 404 on update ${frNr}`);
    this.advoware.set(frNr, { ...current, ...patch, frNr, zuletztGeaendertAm: this.stamp().replace('Z', '') });
  }
  advList(): AdvowareTermin[] {
    return [...this.advoware.values()].filter(listedInWindow);
  }

  // --- Google ---
  newEventId(): string {
    return `gen${(this.nextEventNr++).toString(32).padStart(6, '0')}`;
  }
  gPut(id: string, event: GoogleEvent): void {
    this.google.set(id, { ...structuredClone(event), id, status: event.status ?? 'confirmed', updated: this.stamp() });
    this.changed.add(id);
  }
  gInsert(id: string, event: GoogleEvent): void {
    // 409 on a taken id (deleted ones included): the caller's fallback is an update.
    this.gPut(id, event);
  }
  gUpdate(id: string, event: GoogleEvent): void {
    if (!this.google.has(id)) throw new Error(`google 404 on update ${id}`);
    this.gPut(id, event);
  }
  gDelete(id: string): void {
    const current = this.google.get(id);
    if (!current || current.status === 'cancelled') return; // 404/410 count as done
    this.gPut(id, { id, status: 'cancelled', extendedProperties: current.extendedProperties });
  }
  gPatchPrivate(id: string, props: Record<string, string>): void {
    const current = this.google.get(id);
    if (!current) throw new Error(`google 404 on patch ${id}`);
    const priv = { ...(current.extendedProperties?.private ?? {}), ...props };
    this.gPut(id, { ...current, extendedProperties: { ...current.extendedProperties, private: priv } });
  }
  gList(fullSync: boolean): GoogleEvent[] {
    const ids = fullSync ? [...this.google.keys()] : [...this.changed];
    this.changed.clear();
    return ids.map((id) => structuredClone(this.google.get(id) as GoogleEvent)).filter((e) => !fullSync || e.status !== 'cancelled');
  }
  liveEvents(): GoogleEvent[] {
    return [...this.google.values()].filter((e) => e.status !== 'cancelled');
  }

  // --- one pass, as the activity would run it ---
  pass(first: boolean): CalendarPlan {
    const fullSync = first || !this.incremental;
    const base: PlanInput = {
      kuerzel: K,
      termine: this.advList(),
      googleEvents: this.gList(fullSync),
      fullSync,
      snapshot: this.snapshot,
      policy: this.policy,
      deleteGuard: 1000,
      fullContent: this.fullContent,
      window: WINDOW,
    };
    let plan = planCalendarPass(base);
    if (plan.lookups.length > 0) {
      const found = plan.lookups.map((frNr) => this.advoware.get(frNr)).filter((t): t is AdvowareTermin => t !== undefined);
      const confirmedMissing = plan.lookups.filter((frNr) => !this.advoware.has(frNr));
      plan = planCalendarPass({ ...base, termine: [...base.termine, ...found], confirmedMissing });
    }
    this.apply(plan);
    return plan;
  }

  apply(plan: CalendarPlan): void {
    let snapshot = plan.nextSnapshot;
    for (const action of plan.actions) {
      switch (action.kind) {
        case 'google.insert':
          this.gInsert(action.eventId, action.event);
          break;
        case 'google.update':
          this.gUpdate(action.eventId, action.event);
          break;
        case 'google.delete':
          this.gDelete(action.eventId);
          break;
        case 'advoware.create': {
          const frNr = this.advCreate(action.termin);
          snapshot = linkAfterAdvowareCreate(snapshot, { frNr, eventId: action.eventId, hash: action.hash, start: action.start, end: action.end });
          this.gPatchPrivate(action.eventId, linkPropertiesPatch({ frNr, hash: action.hash, kuerzel: K }).extendedProperties?.private ?? {});
          break;
        }
        case 'advoware.update':
          this.advUpdate(action.frNr, action.patch);
          break;
        case 'advoware.delete':
          this.advoware.delete(action.frNr);
          break;
      }
    }
    this.snapshot = snapshot;
  }
}

// --- generators ---
const textArb = fc.constantFrom('Besprechung', 'Gerichtstermin LG', 'Müller ./. Schulz', '', 'Zeile 1\nZeile 2');
const dateArb = fc.constantFrom(...DATES);
const recurrenceArb = fc.oneof(
  fc.constant({ turnus: null, turnusArt: null, turnusBis: null }),
  fc.record({ turnus: fc.integer({ min: 1, max: 3 }), turnusArt: fc.integer({ min: 1, max: 4 }), turnusBis: fc.option(fc.constantFrom('2026-12-31', '2027-06-30'), { nil: null }) }),
);
const terminFieldsArb: fc.Arbitrary<Partial<AdvowareTermin>> = fc
  .record({
    datum: dateArb,
    allDay: fc.boolean(),
    von: fc.constantFrom(...TIMES),
    bis: fc.option(fc.constantFrom(...TIMES), { nil: null }),
    span: fc.constantFrom(0, 0, 1, 3),
    text: textArb,
    notiz: fc.option(textArb, { nil: null }),
    ort: fc.option(fc.constantFrom('Büro', 'LG Berlin'), { nil: null }),
    privat: fc.boolean(),
    recurrence: recurrenceArb,
  })
  .map((r) => ({
    datum: r.datum,
    datumBis: r.span > 0 ? new Date(Date.parse(`${r.datum}T00:00:00Z`) + r.span * 86_400_000).toISOString().slice(0, 10) : null,
    ganztaegig: r.allDay,
    uhrzeitVon: r.allDay ? null : r.von,
    uhrzeitBis: r.allDay ? null : r.bis,
    text: r.text,
    notiz: r.notiz,
    ort: r.ort,
    privat: r.privat,
    ...r.recurrence,
  }));

type Edit =
  | { side: 'advoware'; op: 'create'; fields: Partial<AdvowareTermin> }
  | { side: 'advoware'; op: 'update'; pick: number; fields: Partial<AdvowareTermin> }
  | { side: 'advoware'; op: 'delete'; pick: number }
  | { side: 'google'; op: 'create'; fields: Partial<AdvowareTermin> }
  | { side: 'google'; op: 'update'; pick: number; change: 'summary' | 'time' | 'allDay' | 'visibility' | 'recurrence' | 'description' }
  | { side: 'google'; op: 'delete'; pick: number };

const partialTerminArb = terminFieldsArb.chain((fields) =>
  fc.subarray(Object.keys(fields) as Array<keyof AdvowareTermin>, { minLength: 1 }).map((keys) => Object.fromEntries(keys.map((k) => [k, fields[k]])) as Partial<AdvowareTermin>),
);

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  terminFieldsArb.map((fields) => ({ side: 'advoware' as const, op: 'create' as const, fields })),
  fc.record({ side: fc.constant('advoware' as const), op: fc.constant('update' as const), pick: fc.nat(), fields: partialTerminArb }),
  fc.record({ side: fc.constant('advoware' as const), op: fc.constant('delete' as const), pick: fc.nat() }),
  terminFieldsArb.map((fields) => ({ side: 'google' as const, op: 'create' as const, fields })),
  fc.record({
    side: fc.constant('google' as const),
    op: fc.constant('update' as const),
    pick: fc.nat(),
    change: fc.constantFrom('summary' as const, 'time' as const, 'allDay' as const, 'visibility' as const, 'recurrence' as const, 'description' as const),
  }),
  fc.record({ side: fc.constant('google' as const), op: fc.constant('delete' as const), pick: fc.nat() }),
);

/** A Google event as a user would create it in the web UI (no link properties). */
function userEvent(fields: Partial<AdvowareTermin>): GoogleEvent {
  const datum = fields.datum ?? '2026-06-10';
  const nextDay = new Date(Date.parse(`${datum}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  if (fields.ganztaegig) return { summary: fields.text ?? '', start: { date: datum }, end: { date: nextDay } };
  const von = fields.uhrzeitVon ?? '10:00:00';
  return {
    summary: fields.text ?? '',
    description: fields.notiz ?? undefined,
    start: { dateTime: `${datum}T${von}`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${datum}T${von === '23:30:00' ? '23:45:00' : '23:59:00'}`, timeZone: 'Europe/Berlin' },
    visibility: fields.privat ? 'private' : 'default',
  };
}

function googleChange(event: GoogleEvent, change: Extract<Edit, { side: 'google'; op: 'update' }>['change']): GoogleEvent {
  switch (change) {
    case 'summary':
      return { ...event, summary: `${event.summary ?? ''} (geändert)` };
    case 'description':
      return { ...event, description: 'Neue Notiz<br>mit HTML' };
    case 'visibility':
      return { ...event, visibility: event.visibility === 'private' ? 'default' : 'private' };
    case 'recurrence':
      return { ...event, recurrence: event.recurrence ? null : ['RRULE:FREQ=WEEKLY;COUNT=4'] };
    case 'allDay':
      return { ...event, start: { date: '2026-07-01' }, end: { date: '2026-07-03' } };
    case 'time':
      return { ...event, start: { dateTime: '2026-10-25T01:15:00+02:00' }, end: { dateTime: '2026-10-25T02:45:00+01:00' } };
  }
}

function applyEdit(world: World, edit: Edit): void {
  const frNrs = [...world.advoware.keys()];
  const live = world.liveEvents();
  if (edit.side === 'advoware') {
    if (edit.op === 'create') world.advCreate(edit.fields);
    else if (frNrs.length > 0 && edit.op === 'update') world.advUpdate(frNrs[edit.pick % frNrs.length], edit.fields);
    else if (frNrs.length > 0 && edit.op === 'delete') world.advoware.delete(frNrs[edit.pick % frNrs.length]);
    return;
  }
  if (edit.op === 'create') world.gInsert(world.newEventId(), userEvent(edit.fields));
  else if (live.length > 0 && edit.op === 'update') {
    const event = live[edit.pick % live.length];
    world.gUpdate(event.id ?? '', googleChange(event, edit.change));
  } else if (live.length > 0 && edit.op === 'delete') world.gDelete(live[edit.pick % live.length].id ?? '');
}

function checkConverged(world: World): void {
  const opts = { fullContent: world.fullContent };
  // (b) no duplicates: one live event per frNr, one frNr per event.
  const byFrNr = new Map<string, string[]>();
  for (const event of world.liveEvents()) {
    const frNr = event.extendedProperties?.private?.advowareFrNr;
    if (frNr !== undefined) byFrNr.set(frNr, [...(byFrNr.get(frNr) ?? []), event.id ?? '']);
  }
  for (const [frNr, ids] of byFrNr) expect(ids, `events for frNr ${frNr}`).toHaveLength(1);
  const snapshotIds = Object.values(world.snapshot).map((e) => e.eventId);
  expect(new Set(snapshotIds).size).toBe(snapshotIds.length);

  // (c) every linked pair agrees, on live records of both sides.
  const linkedEvents = new Set(snapshotIds);
  for (const [frNr, entry] of Object.entries(world.snapshot)) {
    const termin = world.advoware.get(Number(frNr));
    const event = world.google.get(entry.eventId);
    expect(termin, `Termin ${frNr}`).toBeDefined();
    expect(event?.status, `event of ${frNr}`).not.toBe('cancelled');
    expect(hashEvent(event as GoogleEvent, opts)).toBe(hashTermin(termin as AdvowareTermin, opts));
    expect(entry.hash).toBe(hashTermin(termin as AdvowareTermin, opts));
    const { start, end } = spanOf(terminToCommon(termin as AdvowareTermin, world.fullContent));
    expect({ start: entry.start, end: entry.end }, `span of ${frNr}`).toEqual({ start, end });
  }

  // (d) no ghosts: a live event linked to a frNr that reaches into the window belongs to a
  // pair in the snapshot (whose Termin exists, by (c)), even when it began before the window.
  for (const event of world.liveEvents()) {
    if (event.extendedProperties?.private?.advowareFrNr === undefined) continue;
    if (placeInWindow(spanOf(eventToCommon(event, world.fullContent)), WINDOW) !== 'inside') continue;
    expect(linkedEvents.has(event.id ?? ''), `linked event ${event.id} reaching into the window is in the snapshot`).toBe(true);
  }

  // Completeness inside the window: every listed Termin and every live event starting there is part of a pair.
  for (const termin of world.advList()) expect(world.snapshot[String(termin.frNr)], `Termin ${termin.frNr} linked`).toBeDefined();
  for (const event of world.liveEvents()) {
    const start = (event.start?.date ?? event.start?.dateTime ?? '').slice(0, 10);
    if (start >= WINDOW.from && start <= WINDOW.to) expect(linkedEvents.has(event.id ?? ''), `event ${event.id} linked`).toBe(true);
  }
}

describe('planner convergence (property)', () => {
  it('after any edits on both sides: one pass converges, the next is a no-op, no duplicates, both sides agree', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom<ConflictPolicy>('advoware', 'google', 'newest'),
        fc.boolean(),
        fc.array(terminFieldsArb, { maxLength: 6 }),
        fc.array(fc.array(editArb, { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        (fullContent, policy, incremental, initial, rounds) => {
          const world = new World(fullContent, policy, incremental);
          for (const fields of initial) world.advCreate(fields);
          world.pass(true);
          expect(world.pass(false).actions).toEqual([]);
          checkConverged(world);
          for (const edits of rounds) {
            for (const edit of edits) applyEdit(world, edit);
            world.pass(false);
            const second = world.pass(false);
            expect(second.actions).toEqual([]);
            expect(second.aborted).toBeNull();
            checkConverged(world);
          }
        },
      ),
      { numRuns: propertyRuns(250) },
    );
  });
});
