import { GoogleApiError, invalid } from './errors';
import { parseRecurrence } from './recurrence';
import { hasOffset, toMillis } from './time';
import { isPlainObject, type EventDateTime } from './types';

/** Client-chosen ids: base32hex alphabet, 5–1024 characters. */
export const EVENT_ID_PATTERN = /^[a-v0-9]{5,1024}$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readDateTime(value: unknown, field: 'start' | 'end', recurring: boolean): EventDateTime {
  if (!isPlainObject(value)) throw new GoogleApiError(400, 'required', field === 'start' ? 'Missing start time.' : 'Missing end time.');
  const { date, dateTime, timeZone } = value;
  if (timeZone !== undefined && timeZone !== null && typeof timeZone !== 'string') throw invalid(`Invalid ${field} time zone.`);
  if (typeof date === 'string' && date !== '') {
    if (!DATE.test(date)) throw invalid(`Invalid ${field} date.`);
    return { date };
  }
  if (typeof dateTime !== 'string' || Number.isNaN(Date.parse(dateTime.replace(/([+-]\d{2}:\d{2}|Z)$/i, '') + 'Z'))) {
    throw new GoogleApiError(400, 'required', field === 'start' ? 'Missing start time.' : 'Missing end time.');
  }
  if (recurring && !timeZone) throw new GoogleApiError(400, 'required', `Missing time zone definition for ${field} time.`);
  if (!hasOffset(dateTime) && !timeZone) throw new GoogleApiError(400, 'required', `Missing time zone definition for ${field} time.`);
  return timeZone ? { dateTime, timeZone } : { dateTime };
}

/** Validates start/end (both required, same kind, end after start) and the recurrence lines. */
export function validateTimes(body: Record<string, unknown>, calendarTimeZone: string): { start: EventDateTime; end: EventDateTime } {
  const recurring = Array.isArray(body.recurrence) && body.recurrence.length > 0;
  const start = readDateTime(body.start, 'start', recurring);
  const end = readDateTime(body.end, 'end', recurring);
  if (Boolean(start.date) !== Boolean(end.date)) throw invalid('Start and end times must either both be date or both be dateTime.');
  if (toMillis(end, calendarTimeZone) < toMillis(start, calendarTimeZone)) throw new GoogleApiError(400, 'timeRangeEmpty');
  if (recurring) {
    const lines = body.recurrence as unknown[];
    if (!lines.every((line) => typeof line === 'string')) throw invalid('Invalid recurrence rule.');
    parseRecurrence(lines as string[], { strict: false });
  }
  return { start, end };
}
