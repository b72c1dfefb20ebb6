/**
 * Advoware recurrence (`turnus` interval, `turnusArt` unit, `turnusBis` last day) ↔ RFC 5545
 * RRULE lines for Google.
 *
 * Assumptions (not verified against a live tenant; keep them in this one table):
 * - `turnusArt`: 1 daily, 2 weekly, 3 monthly, 4 yearly (the ActiveSync docs name 1 and 2).
 * - `turnus` is the interval (every n units); null or < 1 means "not recurring".
 * - `turnusBis` is the inclusive last day; absent = open-ended.
 * Google rules Advoware cannot hold (several weekdays, "3rd Tuesday", BYSETPOS, EXDATE/RDATE,
 * HOURLY, …) are mapped as far as possible and reported as lossy instead of throwing; the
 * planner then refuses to write them into Advoware. Single BYDAY/BYMONTHDAY/BYMONTH values
 * that merely restate the start date (Google's web UI adds them) are not lossy. COUNT is
 * turned into the date of the last occurrence.
 */
import { DateTime } from 'luxon';
import { CALENDAR_ZONE, datePart, type CommonTimes } from './time';
import type { AdvowareTermin } from './types';

export type RecurrenceFreq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface RecurrenceRule {
  freq: RecurrenceFreq;
  interval: number;
  /** Inclusive last day `YYYY-MM-DD`, or null for an open-ended series. */
  until: string | null;
}

export const TURNUS_ART: Readonly<Record<number, RecurrenceFreq>> = { 1: 'DAILY', 2: 'WEEKLY', 3: 'MONTHLY', 4: 'YEARLY' };

const FREQ_TO_TURNUS_ART: Readonly<Record<RecurrenceFreq, number>> = { DAILY: 1, WEEKLY: 2, MONTHLY: 3, YEARLY: 4 };
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const MAX_COUNT_STEPS = 10_000;

export function recurrenceFromTermin(termin: AdvowareTermin): RecurrenceRule | null {
  const freq = typeof termin.turnusArt === 'number' ? TURNUS_ART[termin.turnusArt] : undefined;
  const interval = termin.turnus;
  if (!freq || typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1) return null;
  return { freq, interval, until: datePart(termin.turnusBis) };
}

export function terminRecurrenceFields(rule: RecurrenceRule | null): Required<Pick<AdvowareTermin, 'turnus' | 'turnusArt' | 'turnusBis'>> {
  if (rule === null) return { turnus: null, turnusArt: null, turnusBis: null };
  return { turnus: rule.interval, turnusArt: FREQ_TO_TURNUS_ART[rule.freq], turnusBis: rule.until };
}

/** RFC 5545 wants a DATE `UNTIL` for all-day series and a UTC DATE-TIME otherwise (end of that Berlin day, as Google's UI writes it). */
function untilValue(until: string, allDay: boolean): string {
  if (allDay) return until.replace(/-/g, '');
  const endOfDay = DateTime.fromISO(`${until}T23:59:59`, { zone: CALENDAR_ZONE }).toUTC();
  return endOfDay.toFormat("yyyyMMdd'T'HHmmss'Z'");
}

export function rruleLines(rule: RecurrenceRule | null, allDay: boolean): string[] {
  if (rule === null) return [];
  const until = rule.until === null ? '' : `;UNTIL=${untilValue(rule.until, allDay)}`;
  return [`RRULE:FREQ=${rule.freq};INTERVAL=${rule.interval}${until}`];
}

export interface ParsedRecurrence {
  rule: RecurrenceRule | null;
  /** True when Google's rule says more than Advoware can hold. */
  lossy: boolean;
  reasons: string[];
}

function parseUntil(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, z] = match;
  if (h === undefined) return datePart(`${y}-${mo}-${d}`);
  const parsed = DateTime.fromISO(`${y}-${mo}-${d}T${h}:${mi}:${s}`, { zone: z ? 'UTC' : CALENDAR_ZONE });
  return parsed.isValid ? parsed.setZone(CALENDAR_ZONE).toISODate() : null;
}

/** Date of the count-th occurrence; months/years without the start's day are skipped, as RFC 5545 does. */
function lastOccurrence(startDay: string, freq: RecurrenceFreq, interval: number, count: number): string | null {
  const start = DateTime.fromISO(startDay, { zone: 'UTC' });
  if (freq === 'DAILY' || freq === 'WEEKLY') {
    const days = (count - 1) * interval * (freq === 'WEEKLY' ? 7 : 1);
    return start.plus({ days }).toISODate();
  }
  let found = 0;
  for (let step = 0; step < MAX_COUNT_STEPS; step++) {
    const candidate = freq === 'MONTHLY' ? start.plus({ months: step * interval }) : start.plus({ years: step * interval });
    if (candidate.day !== start.day) continue;
    found++;
    if (found === count) return candidate.toISODate();
  }
  return null;
}

function restatesStart(key: string, value: string, freq: RecurrenceFreq, day: DateTime): boolean {
  if (key === 'BYDAY') return freq === 'WEEKLY' && value === WEEKDAYS[day.weekday - 1];
  if (key === 'BYMONTHDAY') return (freq === 'MONTHLY' || freq === 'YEARLY') && Number(value) === day.day;
  if (key === 'BYMONTH') return freq === 'YEARLY' && Number(value) === day.month;
  return key === 'WKST';
}

export function parseRecurrence(lines: readonly string[] | null | undefined, times: CommonTimes): ParsedRecurrence {
  const reasons: string[] = [];
  const rrules: string[] = [];
  for (const line of lines ?? []) {
    const upper = line.trim().toUpperCase();
    if (upper.startsWith('RRULE:')) rrules.push(upper.slice('RRULE:'.length));
    else if (upper !== '') reasons.push(`unsupported line ${upper.split(':')[0]}`);
  }
  if (rrules.length === 0) return { rule: null, lossy: reasons.length > 0, reasons };
  if (rrules.length > 1) reasons.push('several RRULE lines');

  const parts = new Map<string, string>();
  for (const part of rrules[0].split(';')) {
    const [key, value = ''] = part.split('=');
    if (key) parts.set(key, value);
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') {
    reasons.push(`unsupported FREQ ${freq ?? '(none)'}`);
    return { rule: null, lossy: true, reasons };
  }
  const startDay = times.start.slice(0, 10);
  const day = DateTime.fromISO(startDay, { zone: 'UTC' });

  let interval = 1;
  if (parts.has('INTERVAL')) {
    const parsed = Number(parts.get('INTERVAL'));
    if (Number.isInteger(parsed) && parsed >= 1) interval = parsed;
    else reasons.push('invalid INTERVAL');
  }

  let until: string | null = null;
  const untilRaw = parts.get('UNTIL');
  const countRaw = parts.get('COUNT');
  if (untilRaw !== undefined) {
    until = parseUntil(untilRaw);
    if (until === null) reasons.push('invalid UNTIL');
    if (countRaw !== undefined) reasons.push('both UNTIL and COUNT');
  } else if (countRaw !== undefined) {
    const count = Number(countRaw);
    if (Number.isInteger(count) && count >= 1) until = lastOccurrence(startDay, freq, interval, count);
    if (until === null) reasons.push('invalid COUNT');
  }

  for (const [key, value] of parts) {
    if (key === 'FREQ' || key === 'INTERVAL' || key === 'UNTIL' || key === 'COUNT') continue;
    if (!restatesStart(key, value, freq, day)) reasons.push(`unsupported ${key}=${value}`);
  }
  return { rule: { freq, interval, until }, lossy: reasons.length > 0, reasons };
}

/** Stable text form for hashing. */
export function recurrenceKey(rule: RecurrenceRule | null): string {
  return rule === null ? '' : `${rule.freq}/${rule.interval}/${rule.until ?? ''}`;
}
