import { describe, expect, it } from 'vitest';
import { terminToEvent } from './mapping';
import type { AdvowareTermin, GoogleEvent } from './types';
import { hasDifferences, verifyCalendar } from './verify';

const K = 'SB';
const window = { from: '2026-05-01', to: '2026-12-31' };
const termin = (frNr: number, fields: Partial<AdvowareTermin> = {}): AdvowareTermin => ({ frNr, datum: '2026-06-10', uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: `Termin ${frNr}`, anwalt: K, ...fields });
const event = (t: AdvowareTermin, fullContent = true): GoogleEvent => terminToEvent(t, { kuerzel: K, fullContent });

describe('calendar verify (read-only comparison)', () => {
  it('reports agreement when every Termin has its event', () => {
    const t = [termin(1), termin(2, { ganztaegig: true }), termin(3)];
    const report = verifyCalendar({ kuerzel: K, termine: t, events: [event(t[0]), event(t[1]), event(t[2], false)], window });
    expect(report.agreed).toBe(3);
    expect(hasDifferences(report)).toBe(false);
  });

  it('finds missing, extra, different (field by field), duplicates and asks about orphans', () => {
    const t = [termin(1), termin(2), termin(3)];
    const edited = { ...event(t[1]), summary: 'in Google geändert', start: { dateTime: '2026-06-10T11:00:00+02:00' }, end: { dateTime: '2026-06-10T12:00:00+02:00' } };
    const copy = { ...event(t[2]), id: 'copyofthree00001' };
    const foreign: GoogleEvent = { ...event(termin(9)), id: event(termin(9)).id };
    const mine: GoogleEvent = { id: 'googleonly000001', summary: 'Nur Google', start: { dateTime: '2026-07-01T15:00:00+02:00' }, end: { dateTime: '2026-07-01T16:00:00+02:00' } };
    const input = { kuerzel: K, termine: t, events: [edited, event(t[2]), copy, foreign, mine], window };
    const first = verifyCalendar(input);
    expect(first.lookups).toEqual([9]);
    const report = verifyCalendar({ ...input, confirmedMissing: [9] });
    expect(report.missing).toEqual([{ frNr: 1, start: '2026-06-10T09:00:00', text: 'Termin 1' }]);
    expect(report.extra).toEqual([{ eventId: 'googleonly000001', start: '2026-07-01T15:00:00', summary: 'Nur Google' }]);
    expect(report.different).toEqual([
      {
        frNr: 2,
        eventId: event(t[1]).id,
        fields: [
          { field: 'start', advoware: '2026-06-10T09:00:00', google: '2026-06-10T11:00:00' },
          { field: 'end', advoware: '2026-06-10T10:00:00', google: '2026-06-10T12:00:00' },
          { field: 'text', advoware: 'Termin 2', google: 'in Google geändert' },
        ],
      },
    ]);
    expect(report.duplicates).toEqual([{ frNr: 3, eventIds: ['copyofthree00001', event(t[2]).id].sort() }]);
    expect(report.orphans).toEqual([{ eventId: event(termin(9)).id, frNr: 9, reason: 'not_in_advoware' }]);
    expect(hasDifferences(report)).toBe(true);
  });

  it('calls an event of another lawyer’s Termin an orphan, and ignores what lies outside the window', () => {
    const other = termin(4, { anwalt: 'XY' });
    const past = termin(5, { datum: '2026-01-10' });
    const report = verifyCalendar({ kuerzel: K, termine: [other], events: [event(other), event(past)], window });
    expect(report.orphans).toEqual([{ eventId: event(other).id, frNr: 4, reason: 'other_anwalt' }]);
    expect(report.lookups).toEqual([]);
    expect(report.skipped).toMatchObject({ outOfWindow: 1 });
  });
});
