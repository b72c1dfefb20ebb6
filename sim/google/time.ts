import { DateTime } from 'luxon';
import { badRequest } from './errors';
import type { EventDateTime } from './types';

const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an RFC 3339 timestamp that must carry an offset (query parameters timeMin/timeMax/updatedMin). */
export function parseRfc3339(value: string, parameter: string): number {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!OFFSET_SUFFIX.test(value) || !parsed.isValid) throw badRequest(`Invalid value for ${parameter}: ${value}`, parameter);
  // Google ignores milliseconds in these bounds.
  return Math.floor(parsed.toMillis() / 1000) * 1000;
}

/** The instant of a start/end: dates are midnight in the calendar's zone, local dateTimes use their timeZone. */
export function toDateTime(value: EventDateTime, calendarTimeZone: string): DateTime {
  if (value.date) return DateTime.fromISO(value.date, { zone: calendarTimeZone });
  const text = value.dateTime ?? '';
  if (OFFSET_SUFFIX.test(text)) {
    const parsed = DateTime.fromISO(text, { setZone: true });
    return value.timeZone ? parsed.setZone(value.timeZone) : parsed;
  }
  return DateTime.fromISO(text, { zone: value.timeZone ?? calendarTimeZone });
}

export function toMillis(value: EventDateTime, calendarTimeZone: string): number {
  return toDateTime(value, calendarTimeZone).toMillis();
}

export function hasOffset(dateTime: string): boolean {
  return OFFSET_SUFFIX.test(dateTime);
}

export function nowIso(): string {
  return new Date().toISOString();
}
