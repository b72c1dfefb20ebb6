import { DateTime } from 'luxon';
import { GoogleApiError, invalid } from './errors';
import { toDateTime } from './time';
import type { EventDateTime } from './types';

/**
 * A deliberately small RFC 5545 subset: RRULE with FREQ=DAILY|WEEKLY, INTERVAL, COUNT, UNTIL and
 * (weekly) BYDAY, plus EXDATE. Anything else is stored as given, but `singleEvents=true` answers
 * 400 for it because the simulator cannot expand it faithfully.
 */
export interface RecurrenceRule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count?: number;
  until?: { value: string; isDate: boolean };
  byDay?: number[];
}

export interface ParsedRecurrence {
  rule?: RecurrenceRule;
  exdates: { value: string; tzid?: string; isDate: boolean }[];
  unsupported?: string;
}

export interface Instance {
  start: EventDateTime;
  end: EventDateTime;
  originalStartTime: EventDateTime;
  idSuffix: string;
  startMs: number;
  endMs: number;
}

const WEEKDAYS: Record<string, number> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };
/** Unbounded series are expanded up to this many instances. */
export const MAX_INSTANCES = 1000;

function parseRrule(text: string): RecurrenceRule | string {
  const parts = new Map(text.split(';').map((p) => p.split('=') as [string, string]));
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return `FREQ=${freq ?? ''}`;
  for (const key of parts.keys()) if (!['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'WKST'].includes(key)) return key;
  const rule: RecurrenceRule = { freq, interval: Number(parts.get('INTERVAL') ?? '1') };
  if (!Number.isInteger(rule.interval) || rule.interval < 1) return 'INTERVAL';
  if (parts.has('COUNT')) rule.count = Number(parts.get('COUNT'));
  if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) return 'COUNT';
  const until = parts.get('UNTIL');
  if (until) rule.until = { value: until, isDate: /^\d{8}$/.test(until) };
  const byDay = parts.get('BYDAY');
  if (byDay) {
    if (freq !== 'WEEKLY') return 'BYDAY with DAILY';
    const days = byDay.split(',').map((d) => WEEKDAYS[d]);
    if (days.some((d) => d === undefined)) return `BYDAY=${byDay}`;
    rule.byDay = [...new Set(days)].sort((a, b) => a - b);
  }
  return rule;
}

/** Google rejects DTSTART/DTEND lines; everything else it cannot model is flagged as unsupported. */
export function parseRecurrence(lines: string[], _options: { strict: boolean } = { strict: false }): ParsedRecurrence {
  const parsed: ParsedRecurrence = { exdates: [] };
  for (const line of lines) {
    const colon = line.indexOf(':');
    const head = (colon < 0 ? line : line.slice(0, colon)).toUpperCase();
    const value = colon < 0 ? '' : line.slice(colon + 1);
    const [name, ...params] = head.split(';');
    if (name === 'DTSTART' || name === 'DTEND') throw invalid('Invalid recurrence rule: DTSTART/DTEND are not allowed.');
    if (name === 'RRULE') {
      if (parsed.rule) parsed.unsupported = 'several RRULE lines';
      const rule = parseRrule(value.toUpperCase());
      if (typeof rule === 'string') parsed.unsupported = rule;
      else parsed.rule = rule;
    } else if (name === 'EXDATE') {
      const tzid = params.find((p) => p.startsWith('TZID='));
      const isDate = params.includes('VALUE=DATE');
      for (const v of value.split(',')) parsed.exdates.push({ value: v.trim(), tzid: tzid ? line.match(/TZID=([^;:]+)/)?.[1] : undefined, isDate });
    } else {
      parsed.unsupported = name;
    }
  }
  return parsed;
}

function parseIcalDate(value: string, zone: string, isDate: boolean): DateTime {
  if (isDate || /^\d{8}$/.test(value)) return DateTime.fromFormat(value.slice(0, 8), 'yyyyMMdd', { zone });
  if (value.endsWith('Z')) return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' });
  return DateTime.fromFormat(value, "yyyyMMdd'T'HHmmss", { zone });
}

function* candidates(first: DateTime, rule: RecurrenceRule): Generator<DateTime> {
  if (rule.freq === 'DAILY') {
    for (let k = 0; ; k++) yield first.plus({ days: k * rule.interval });
  }
  const days = rule.byDay ?? [first.weekday];
  const weekStart = first.startOf('week');
  for (let w = 0; ; w++) {
    const week = weekStart.plus({ weeks: w * rule.interval });
    for (const day of days) {
      const candidate = week.plus({ days: day - 1 }).set({ hour: first.hour, minute: first.minute, second: first.second, millisecond: first.millisecond });
      if (candidate >= first) yield candidate;
    }
  }
}

/**
 * Expands a recurring event into instances (in its own time zone, so wall-clock times survive DST).
 * Stops at COUNT, UNTIL, `untilMs` or MAX_INSTANCES. Throws 400 for rules outside the subset.
 */
export function expandInstances(start: EventDateTime, end: EventDateTime, recurrence: string[], calendarTimeZone: string, untilMs = Number.POSITIVE_INFINITY): Instance[] {
  const parsed = parseRecurrence(recurrence);
  if (parsed.unsupported || !parsed.rule) {
    throw new GoogleApiError(400, 'badRequest', `The simulator cannot expand this recurrence (${parsed.unsupported ?? 'no RRULE'}); only DAILY/WEEKLY with INTERVAL, COUNT, UNTIL, BYDAY and EXDATE are supported.`);
  }
  const rule = parsed.rule;
  const isDate = Boolean(start.date);
  const zone = isDate ? calendarTimeZone : (start.timeZone ?? calendarTimeZone);
  const first = toDateTime(start, calendarTimeZone).setZone(zone);
  const firstEnd = toDateTime(end, calendarTimeZone).setZone(zone);
  const durationDays = Math.round(firstEnd.diff(first, 'days').days);
  const durationMs = firstEnd.toMillis() - first.toMillis();
  const until = rule.until ? parseIcalDate(rule.until.value, zone, rule.until.isDate) : undefined;
  const untilLimit = until && rule.until?.isDate ? until.endOf('day') : until;
  const excluded = new Set(parsed.exdates.map((e) => parseIcalDate(e.value, e.tzid ?? zone, e.isDate).toMillis()));

  const instances: Instance[] = [];
  let produced = 0;
  for (const candidate of candidates(first, rule)) {
    if (rule.count !== undefined && produced >= rule.count) break;
    if (untilLimit && candidate > untilLimit) break;
    if (candidate.toMillis() >= untilMs || instances.length >= MAX_INSTANCES) break;
    produced += 1;
    if (excluded.has(candidate.toMillis())) continue;
    const instanceEnd = isDate ? candidate.plus({ days: durationDays }) : candidate.plus({ milliseconds: durationMs });
    const startValue: EventDateTime = isDate
      ? { date: candidate.toISODate() ?? '' }
      : { dateTime: candidate.toISO({ suppressMilliseconds: true }) ?? '', ...(start.timeZone ? { timeZone: start.timeZone } : {}) };
    const endValue: EventDateTime = isDate
      ? { date: instanceEnd.toISODate() ?? '' }
      : { dateTime: instanceEnd.toISO({ suppressMilliseconds: true }) ?? '', ...(end.timeZone ? { timeZone: end.timeZone } : {}) };
    instances.push({
      start: startValue,
      end: endValue,
      originalStartTime: startValue,
      idSuffix: isDate ? candidate.toFormat('yyyyMMdd') : candidate.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'"),
      startMs: candidate.toMillis(),
      endMs: instanceEnd.toMillis(),
    });
  }
  return instances;
}

/** End of the last instance, or +∞ for unbounded or unsupported rules (used for timeMin on series). */
export function seriesEndMs(start: EventDateTime, end: EventDateTime, recurrence: string[], calendarTimeZone: string): number {
  const parsed = parseRecurrence(recurrence);
  if (parsed.unsupported || !parsed.rule || (parsed.rule.count === undefined && !parsed.rule.until)) return Number.POSITIVE_INFINITY;
  const instances = expandInstances(start, end, recurrence, calendarTimeZone);
  if (instances.length >= MAX_INSTANCES) return Number.POSITIVE_INFINITY;
  return instances.reduce((max, i) => Math.max(max, i.endMs), Number.NEGATIVE_INFINITY);
}
