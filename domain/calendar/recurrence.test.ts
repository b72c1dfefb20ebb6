import { describe, expect, it } from 'vitest';
import { parseRecurrence, recurrenceFromTermin, rruleLines, terminRecurrenceFields } from './recurrence';
import { terminTimes, type CommonTimes } from './time';
import type { AdvowareTermin } from './types';

const timed: CommonTimes = { allDay: false, start: '2026-06-10T09:00:00', end: '2026-06-10T10:00:00' }; // a Wednesday
const allDay: CommonTimes = { allDay: true, start: '2026-06-10', end: '2026-06-10' };

describe('Advoware turnus → RRULE', () => {
  it('writes FREQ, INTERVAL and a UTC end-of-day UNTIL for timed series', () => {
    const rule = recurrenceFromTermin({ frNr: 1, datum: '2026-06-10', turnus: 2, turnusArt: 2, turnusBis: '2026-12-31' });
    expect(rruleLines(rule, false)).toEqual(['RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T225959Z']);
  });

  it('writes a DATE UNTIL for all-day series and none for open-ended ones', () => {
    expect(rruleLines({ freq: 'DAILY', interval: 1, until: '2026-07-01' }, true)).toEqual(['RRULE:FREQ=DAILY;INTERVAL=1;UNTIL=20260701']);
    expect(rruleLines({ freq: 'YEARLY', interval: 1, until: null }, true)).toEqual(['RRULE:FREQ=YEARLY;INTERVAL=1']);
  });

  it('treats missing or zero turnus and unknown turnusArt as not recurring', () => {
    expect(recurrenceFromTermin({ frNr: 1, datum: '2026-06-10', turnusArt: 2 })).toBeNull();
    expect(recurrenceFromTermin({ frNr: 1, datum: '2026-06-10', turnus: 0, turnusArt: 2 })).toBeNull();
    expect(recurrenceFromTermin({ frNr: 1, datum: '2026-06-10', turnus: 1, turnusArt: 9 })).toBeNull();
  });
});

describe('round trips', () => {
  const cases: Array<[number, string | null, boolean]> = [
    [1, '2026-06-30', false],
    [2, '2026-12-31', false],
    [3, null, false],
    [4, '2030-06-10', false],
    [1, '2026-06-20', true],
    [3, '2027-06-10', true],
  ];
  for (const [turnusArt, turnusBis, isAllDay] of cases) {
    for (const turnus of [1, 3]) {
      it(`turnusArt ${turnusArt}, interval ${turnus}, until ${turnusBis ?? 'open'}, ${isAllDay ? 'all-day' : 'timed'}`, () => {
        const termin: AdvowareTermin = { frNr: 1, datum: '2026-06-10', ganztaegig: isAllDay, uhrzeitVon: '09:00:00', turnus, turnusArt, turnusBis };
        const rule = recurrenceFromTermin(termin);
        const parsed = parseRecurrence(rruleLines(rule, isAllDay), terminTimes(termin));
        expect(parsed.lossy).toBe(false);
        expect(parsed.rule).toEqual(rule);
        expect(terminRecurrenceFields(parsed.rule)).toEqual({ turnus, turnusArt, turnusBis });
      });
    }
  }
});

describe('Google RRULE → Advoware', () => {
  it('accepts what Google’s UI writes: a BYDAY restating the start weekday, UNTIL in UTC', () => {
    const parsed = parseRecurrence(['RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20261231T225959Z'], timed);
    expect(parsed).toEqual({ rule: { freq: 'WEEKLY', interval: 1, until: '2026-12-31' }, lossy: false, reasons: [] });
  });

  it('turns COUNT into the date of the last occurrence, skipping months without the start day', () => {
    expect(parseRecurrence(['RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3'], timed).rule?.until).toBe('2026-06-14');
    expect(parseRecurrence(['RRULE:FREQ=WEEKLY;COUNT=2'], timed).rule?.until).toBe('2026-06-17');
    const jan31: CommonTimes = { allDay: true, start: '2026-01-31', end: '2026-01-31' };
    // Jan 31, Mar 31, May 31: February and April have no 31st.
    expect(parseRecurrence(['RRULE:FREQ=MONTHLY;COUNT=3'], jan31).rule?.until).toBe('2026-05-31');
  });

  it('reports rules Advoware cannot hold as lossy instead of throwing', () => {
    const multi = parseRecurrence(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR'], timed);
    expect(multi.lossy).toBe(true);
    expect(multi.rule).toEqual({ freq: 'WEEKLY', interval: 1, until: null });
    expect(parseRecurrence(['RRULE:FREQ=MONTHLY;BYDAY=2WE'], timed).lossy).toBe(true);
    expect(parseRecurrence(['RRULE:FREQ=MONTHLY;BYDAY=WE;BYSETPOS=-1'], timed).lossy).toBe(true);
    expect(parseRecurrence(['RRULE:FREQ=DAILY', 'EXDATE;TZID=Europe/Berlin:20260612T090000'], timed).lossy).toBe(true);
    const hourly = parseRecurrence(['RRULE:FREQ=HOURLY'], timed);
    expect(hourly).toMatchObject({ rule: null, lossy: true });
  });

  it('reads a date-only UNTIL and no recurrence at all', () => {
    expect(parseRecurrence(['RRULE:FREQ=YEARLY;UNTIL=20300610'], allDay).rule?.until).toBe('2030-06-10');
    expect(parseRecurrence(null, timed)).toEqual({ rule: null, lossy: false, reasons: [] });
  });
});
