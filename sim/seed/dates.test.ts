import { describe, expect, it } from 'vitest';
import { addDays, dstSwitchDays, lastSunday, parseDate, weekday } from './dates';

describe('seed date helpers', () => {
  it('finds the EU daylight-saving switch Sundays', () => {
    expect(lastSunday(2026, 3)).toBe('2026-03-29');
    expect(lastSunday(2026, 10)).toBe('2026-10-25');
    expect(lastSunday(2027, 3)).toBe('2027-03-28');
    expect(dstSwitchDays('2026-01-01', '2027-12-31')).toEqual(['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31']);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('knows the weekday', () => {
    expect(weekday('2026-03-14')).toBe(6);
    expect(weekday('2026-03-29')).toBe(0);
  });

  it('rejects dates that are not on the calendar', () => {
    expect(() => parseDate('2026-02-30')).toThrow();
    expect(() => parseDate('15.03.2026')).toThrow();
  });
});
