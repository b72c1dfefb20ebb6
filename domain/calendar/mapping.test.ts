import { describe, expect, it } from 'vitest';
import { eventIdForFrNr } from './event-id';
import { eventToTerminFields, hashEvent, hashTermin, terminPatchFromEvent, terminToEvent } from './mapping';
import type { AdvowareTermin, GoogleEvent } from './types';

const base: AdvowareTermin = {
  frNr: 4711,
  datum: '2026-06-10',
  uhrzeitVon: '09:30:00',
  uhrzeitBis: '10:30:00',
  text: 'Mandantengespräch Müller',
  notiz: 'Akte 12/26 mitbringen',
  ort: 'Büro 2',
  anwalt: 'SB',
  privat: false,
  zuletztGeaendertAm: '2026-06-01T08:00:00',
};
const full = { fullContent: true, kuerzel: 'SB' };
const anon = { fullContent: false, kuerzel: 'SB' };

/** Apply a patch the way Advoware would and read the Termin back. */
const applied = (termin: AdvowareTermin, patch: Partial<AdvowareTermin>): AdvowareTermin => ({ ...termin, ...patch });

describe('terminToEvent', () => {
  it('maps a timed Termin with the link properties and the deterministic id', () => {
    const event = terminToEvent(base, full);
    expect(event).toMatchObject({
      id: eventIdForFrNr(4711),
      status: 'confirmed',
      summary: 'Mandantengespräch Müller',
      description: 'Akte 12/26 mitbringen',
      location: 'Büro 2',
      visibility: 'default',
      start: { dateTime: '2026-06-10T09:30:00+02:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-06-10T10:30:00+02:00', timeZone: 'Europe/Berlin' },
    });
    expect(event.id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(event.extendedProperties?.private).toEqual({
      advowareFrNr: '4711',
      advowareHash: hashTermin(base, full),
      origin: 'advoware',
      advowareKuerzel: 'SB',
    });
    expect(event.recurrence).toBeUndefined();
  });

  it('marks private Termine private in Google', () => {
    expect(terminToEvent({ ...base, privat: true }, full).visibility).toBe('private');
  });

  it('anonymises with fullContent=false: subject "Termin", no notes, no place', () => {
    const event = terminToEvent(base, anon);
    expect(event.summary).toBe('Termin');
    expect(event).not.toHaveProperty('description');
    expect(event).not.toHaveProperty('location');
    expect(JSON.stringify(event)).not.toContain('Müller');
    expect(event.start?.dateTime).toBe('2026-06-10T09:30:00+02:00');
  });

  it('writes the recurrence as an RRULE with timeZone on start and end', () => {
    const event = terminToEvent({ ...base, turnus: 1, turnusArt: 2, turnusBis: '2026-08-26' }, full);
    expect(event.recurrence).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20260826T215959Z']);
    expect(event.start?.timeZone).toBe('Europe/Berlin');
  });
});

describe('hashes agree across the round trip', () => {
  const samples: AdvowareTermin[] = [
    base,
    { ...base, ganztaegig: true, uhrzeitVon: null, uhrzeitBis: null },
    { ...base, ganztaegig: true, datumBis: '2026-06-14' },
    { ...base, datumBis: '2026-06-12', uhrzeitBis: '12:00:00' },
    { ...base, datum: '2026-03-29', uhrzeitVon: '02:30:00', uhrzeitBis: '03:00:00' },
    { ...base, datum: '2026-10-25', uhrzeitVon: '01:30:00', uhrzeitBis: '02:30:00' },
    { ...base, uhrzeitVon: null, uhrzeitBis: null },
    { ...base, uhrzeitBis: null },
    { ...base, turnus: 2, turnusArt: 1, turnusBis: '2026-07-01' },
    { ...base, turnus: 1, turnusArt: 3, turnusBis: null },
    { ...base, ganztaegig: true, turnus: 1, turnusArt: 4, turnusBis: '2031-06-10' },
    { ...base, privat: true, notiz: 'Zeile 1\r\nZeile 2  ' },
  ];
  for (const [i, termin] of samples.entries()) {
    it(`sample ${i}: Advoware → Google → Advoware is stable in both content modes`, () => {
      for (const opts of [full, anon]) {
        const event = terminToEvent(termin, opts);
        expect(hashEvent(event, opts)).toBe(hashTermin(termin, opts));
        const back = applied({ frNr: termin.frNr, datum: '1999-01-01' }, eventToTerminFields(event, opts));
        expect(hashTermin(back, opts)).toBe(hashTermin(termin, opts));
      }
    });
  }

  it('does not see cosmetic differences as changes', () => {
    const event: GoogleEvent = { ...terminToEvent(base, full), description: 'Akte 12/26 mitbringen<br>', summary: 'Mandantengespräch Müller  ' };
    expect(hashEvent(event, full)).toBe(hashTermin(base, full));
  });

  it('sees real edits on either side', () => {
    const event = terminToEvent(base, full);
    expect(hashEvent({ ...event, summary: 'Anderer Text' }, full)).not.toBe(hashTermin(base, full));
    expect(hashTermin({ ...base, uhrzeitVon: '09:45:00' }, full)).not.toBe(hashEvent(event, full));
  });

  it('ignores text in anonymised mode but not times, all-day, recurrence or privat', () => {
    expect(hashTermin({ ...base, text: 'geheim' }, anon)).toBe(hashTermin(base, anon));
    expect(hashTermin({ ...base, uhrzeitVon: '11:00:00' }, anon)).not.toBe(hashTermin(base, anon));
    expect(hashTermin({ ...base, ganztaegig: true }, anon)).not.toBe(hashTermin(base, anon));
    expect(hashTermin({ ...base, turnus: 1, turnusArt: 1 }, anon)).not.toBe(hashTermin(base, anon));
    expect(hashTermin({ ...base, privat: true }, anon)).not.toBe(hashTermin(base, anon));
    expect(hashTermin(base, anon)).not.toBe(hashTermin(base, full));
  });

  it('never lets a lossy Google recurrence agree with Advoware', () => {
    const termin = { ...base, turnus: 1, turnusArt: 2 };
    const event = terminToEvent(termin, full);
    expect(hashEvent({ ...event, recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE'] }, full)).not.toBe(hashTermin(termin, full));
  });
});

describe('eventToTerminFields', () => {
  it('maps a Google event to Advoware fields in Berlin time for the given Kürzel', () => {
    const fields = eventToTerminFields(
      { summary: 'Gericht', description: 'Saal 3', location: 'LG Berlin', visibility: 'private', start: { dateTime: '2026-11-02T08:00:00Z' }, end: { dateTime: '2026-11-02T09:30:00Z' } },
      { kuerzel: 'SB' },
    );
    expect(fields).toEqual({
      datum: '2026-11-02',
      uhrzeitVon: '09:00:00',
      datumBis: '2026-11-02',
      uhrzeitBis: '10:30:00',
      ganztaegig: false,
      turnus: null,
      turnusArt: null,
      turnusBis: null,
      privat: true,
      text: 'Gericht',
      notiz: 'Saal 3',
      ort: 'LG Berlin',
      anwalt: 'SB',
    });
  });

  it('never takes text from Google in anonymised mode', () => {
    const fields = eventToTerminFields({ summary: 'Termin', start: { date: '2026-11-02' }, end: { date: '2026-11-03' } }, { kuerzel: 'SB', fullContent: false });
    expect(fields).not.toHaveProperty('text');
    expect(fields).not.toHaveProperty('notiz');
    expect(fields).not.toHaveProperty('ort');
    expect(fields).toMatchObject({ datum: '2026-11-02', datumBis: '2026-11-02', ganztaegig: true });
  });
});

describe('terminPatchFromEvent', () => {
  it('patches only the groups that differ', () => {
    const event = { ...terminToEvent(base, full), summary: 'Neu' };
    expect(terminPatchFromEvent(base, event, full)).toEqual({ text: 'Neu' });
    const moved = { ...terminToEvent(base, full), start: { dateTime: '2026-06-10T12:00:00+02:00' }, end: { dateTime: '2026-06-10T13:00:00+02:00' } };
    expect(terminPatchFromEvent(base, moved, full)).toEqual({ datum: '2026-06-10', uhrzeitVon: '12:00:00', datumBis: '2026-06-10', uhrzeitBis: '13:00:00', ganztaegig: false });
  });

  it('carries no text in anonymised mode even when the placeholder differs', () => {
    const event = { ...terminToEvent(base, anon), start: { dateTime: '2026-06-10T12:00:00+02:00' }, end: { dateTime: '2026-06-10T13:00:00+02:00' } };
    const patch = terminPatchFromEvent(base, event, anon);
    expect(patch).not.toHaveProperty('text');
    expect(patch.uhrzeitVon).toBe('12:00:00');
  });
});
