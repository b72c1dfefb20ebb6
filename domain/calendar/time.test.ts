import { describe, expect, it } from 'vitest';
import { eventTimes, googleTimes, terminTimeFields, terminTimes } from './time';
import type { AdvowareTermin } from './types';

const termin = (fields: Partial<AdvowareTermin>): AdvowareTermin => ({ frNr: 1, datum: '2026-06-10', ...fields });

describe('Termin → Google times (Europe/Berlin)', () => {
  it('gives a timed event RFC 3339 instants with the summer offset', () => {
    const times = terminTimes(termin({ uhrzeitVon: '09:30:00', uhrzeitBis: '10:15:00' }));
    expect(googleTimes(times)).toEqual({
      start: { dateTime: '2026-06-10T09:30:00+02:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-06-10T10:15:00+02:00', timeZone: 'Europe/Berlin' },
    });
  });

  it('uses the winter offset in January', () => {
    const times = terminTimes(termin({ datum: '2026-01-15', uhrzeitVon: '14:00:00', uhrzeitBis: '15:00:00' }));
    expect(googleTimes(times).start.dateTime).toBe('2026-01-15T14:00:00+01:00');
  });

  it('moves 02:30 on the spring-forward day (2026-03-29) to 03:30 CEST, which both sides agree on', () => {
    const times = terminTimes(termin({ datum: '2026-03-29', uhrzeitVon: '02:30:00', uhrzeitBis: '04:00:00' }));
    expect(googleTimes(times).start.dateTime).toBe('2026-03-29T03:30:00+02:00');
    expect(eventTimes(googleTimes(times))).toEqual(times);
  });

  it('keeps the real length of an event spanning the spring switch', () => {
    const times = terminTimes(termin({ datum: '2026-03-29', uhrzeitVon: '01:30:00', uhrzeitBis: '03:30:00' }));
    const { start, end } = googleTimes(times);
    expect(start.dateTime).toBe('2026-03-29T01:30:00+01:00');
    expect(end.dateTime).toBe('2026-03-29T03:30:00+02:00');
    expect(Date.parse(end.dateTime ?? '') - Date.parse(start.dateTime ?? '')).toBe(60 * 60 * 1000);
  });

  it('handles the autumn switch (2026-10-25): an event across it lasts three real hours', () => {
    const times = terminTimes(termin({ datum: '2026-10-25', uhrzeitVon: '01:00:00', uhrzeitBis: '03:00:00' }));
    const { start, end } = googleTimes(times);
    expect(start.dateTime).toBe('2026-10-25T01:00:00+02:00');
    expect(end.dateTime).toBe('2026-10-25T03:00:00+01:00');
    expect(Date.parse(end.dateTime ?? '') - Date.parse(start.dateTime ?? '')).toBe(3 * 60 * 60 * 1000);
  });

  it('reads both occurrences of the ambiguous 02:30 on 2026-10-25 as the same Berlin wall time', () => {
    const first = eventTimes({ start: { dateTime: '2026-10-25T02:30:00+02:00' }, end: { dateTime: '2026-10-25T03:30:00+01:00' } });
    const second = eventTimes({ start: { dateTime: '2026-10-25T02:30:00+01:00' }, end: { dateTime: '2026-10-25T03:30:00+01:00' } });
    expect(first.start).toBe('2026-10-25T02:30:00');
    expect(second.start).toBe('2026-10-25T02:30:00');
    expect(eventTimes(googleTimes(first))).toEqual(first);
  });

  it('maps all-day single and multi-day Termine to date events with an exclusive end', () => {
    expect(googleTimes(terminTimes(termin({ ganztaegig: true })))).toEqual({ start: { date: '2026-06-10' }, end: { date: '2026-06-11' } });
    expect(googleTimes(terminTimes(termin({ ganztaegig: true, datumBis: '2026-06-12' })))).toEqual({
      start: { date: '2026-06-10' },
      end: { date: '2026-06-13' },
    });
    // Exclusive end across a month and year boundary.
    expect(googleTimes(terminTimes(termin({ datum: '2026-12-31', ganztaegig: true }))).end).toEqual({ date: '2027-01-01' });
  });

  it('maps timed multi-day Termine from datum+uhrzeitVon to datumBis+uhrzeitBis', () => {
    const times = terminTimes(termin({ uhrzeitVon: '16:00:00', datumBis: '2026-06-12', uhrzeitBis: '11:00:00' }));
    expect(googleTimes(times).end.dateTime).toBe('2026-06-12T11:00:00+02:00');
  });

  it('defaults a missing end to one hour and a missing start time (with an end time) to 09:00', () => {
    expect(terminTimes(termin({ uhrzeitVon: '10:00:00' }))).toEqual({ allDay: false, start: '2026-06-10T10:00:00', end: '2026-06-10T11:00:00' });
    expect(terminTimes(termin({ uhrzeitBis: '11:00:00' }))).toEqual({ allDay: false, start: '2026-06-10T09:00:00', end: '2026-06-10T11:00:00' });
  });

  it('runs an end time before the start time overnight when no datumBis is given', () => {
    expect(terminTimes(termin({ uhrzeitVon: '22:00:00', uhrzeitBis: '01:00:00' })).end).toBe('2026-06-11T01:00:00');
  });

  // Issue 12 item 6: Advoware sends datumBis = datum for one-day entries; 22:00–01:00 is 3 h, not 1 h.
  it('runs an end time before the start time overnight when datumBis equals datum', () => {
    expect(terminTimes(termin({ datumBis: '2026-06-10', uhrzeitVon: '22:00:00', uhrzeitBis: '01:00:00' }))).toEqual({
      allDay: false,
      start: '2026-06-10T22:00:00',
      end: '2026-06-11T01:00:00',
    });
  });

  // Issue 12 item 6: an entry without any clock time is all-day even when its flag is in a field we do not read.
  it('never turns an entry without clock times into a 09:00–10:00 block', () => {
    expect(terminTimes(termin({}))).toEqual({ allDay: true, start: '2026-06-10', end: '2026-06-10' });
    expect(terminTimes(termin({ datumBis: '2026-06-12', uhrzeitVon: null, uhrzeitBis: null }))).toEqual({ allDay: true, start: '2026-06-10', end: '2026-06-12' });
  });

  it('accepts ISO date-times in datum and HH:MM times', () => {
    expect(terminTimes(termin({ datum: '2026-06-10T00:00:00', uhrzeitVon: '8:05' })).start).toBe('2026-06-10T08:05:00');
  });
});

describe('Google → Termin fields', () => {
  it('converts any offset into Berlin local time', () => {
    const times = eventTimes({ start: { dateTime: '2026-06-10T07:00:00Z' }, end: { dateTime: '2026-06-10T04:00:00-05:00' } });
    expect(terminTimeFields(times)).toEqual({ datum: '2026-06-10', uhrzeitVon: '09:00:00', datumBis: '2026-06-10', uhrzeitBis: '11:00:00', ganztaegig: false });
  });

  it('reads a dateTime without offset in its timeZone', () => {
    const times = eventTimes({ start: { dateTime: '2026-06-10T09:00:00', timeZone: 'America/New_York' }, end: null });
    expect(times.start).toBe('2026-06-10T15:00:00');
    expect(times.end).toBe('2026-06-10T16:00:00');
  });

  it('turns the exclusive all-day end into the inclusive datumBis', () => {
    expect(terminTimeFields(eventTimes({ start: { date: '2026-06-10' }, end: { date: '2026-06-13' } }))).toEqual({
      datum: '2026-06-10',
      datumBis: '2026-06-12',
      uhrzeitVon: null,
      uhrzeitBis: null,
      ganztaegig: true,
    });
    expect(terminTimeFields(eventTimes({ start: { date: '2026-06-10' }, end: { date: '2026-06-11' } })).datumBis).toBe('2026-06-10');
  });

  it('gives zero-length or inverted events the default hour', () => {
    expect(eventTimes({ start: { dateTime: '2026-06-10T09:00:00+02:00' }, end: { dateTime: '2026-06-10T09:00:00+02:00' } }).end).toBe('2026-06-10T10:00:00');
  });

  it('throws a typed error for events without a start', () => {
    expect(() => eventTimes({ id: 'x' })).toThrow(/no start/);
  });
});
