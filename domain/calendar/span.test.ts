import { describe, expect, it } from 'vitest';
import { eventToCommon, terminToCommon } from './common';
import { placeInWindow, spanOf } from './span';
import type { AdvowareTermin } from './types';

const termin = (fields: Partial<AdvowareTermin>): AdvowareTermin => ({ frNr: 1, datum: '2026-06-10', uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', ...fields });
const span = (fields: Partial<AdvowareTermin>) => spanOf(terminToCommon(termin(fields), true));

describe('spanOf', () => {
  it('single day, overnight and multi-day entries end on their last day', () => {
    expect(span({})).toEqual({ start: '2026-06-10', end: '2026-06-10' });
    expect(span({ uhrzeitVon: '22:00:00', uhrzeitBis: '02:00:00' })).toEqual({ start: '2026-06-10', end: '2026-06-11' });
    expect(span({ datumBis: '2026-06-14', ganztaegig: true, uhrzeitVon: null, uhrzeitBis: null })).toEqual({ start: '2026-06-10', end: '2026-06-14' });
  });

  it('a series ends with its last occurrence (lasting as long as the first); open-ended → null', () => {
    expect(span({ turnus: 1, turnusArt: 2, turnusBis: '2026-07-01' })).toEqual({ start: '2026-06-10', end: '2026-07-01' });
    expect(span({ datumBis: '2026-06-12', turnus: 1, turnusArt: 3, turnusBis: '2026-09-10' })).toEqual({ start: '2026-06-10', end: '2026-09-12' });
    expect(span({ turnus: 1, turnusArt: 1, turnusBis: null })).toEqual({ start: '2026-06-10', end: null });
  });

  it('a Google recurrence it cannot read counts as open-ended', () => {
    const event = { start: { date: '2026-06-10' }, end: { date: '2026-06-11' }, recurrence: ['RRULE:FREQ=HOURLY'] };
    expect(spanOf(eventToCommon(event, true))).toEqual({ start: '2026-06-10', end: null });
  });
});

describe('placeInWindow', () => {
  const window = { from: '2026-05-01', to: '2026-12-31' };
  it('inside when the span overlaps the window, whatever its start', () => {
    expect(placeInWindow({ start: '2026-06-10', end: '2026-06-10' }, window)).toBe('inside');
    expect(placeInWindow({ start: '2026-04-01', end: '2026-05-01' }, window)).toBe('inside');
    expect(placeInWindow({ start: '2020-01-01', end: null }, window)).toBe('inside');
  });

  it('behind when it ended before the window, ahead when it starts after it', () => {
    expect(placeInWindow({ start: '2026-04-01', end: '2026-04-30' }, window)).toBe('behind');
    expect(placeInWindow({ start: '2027-01-01', end: null }, window)).toBe('ahead');
  });
});
