/**
 * Time conversions between Advoware (local Europe/Berlin wall-clock fields) and Google
 * (RFC 3339 instants or all-day dates with an EXCLUSIVE end).
 *
 * Both sides are brought into one shape, `CommonTimes`, and every conversion goes through
 * `normaliseTimed`, so converting A→common→B→common yields the same value (no ping-pong):
 * - timed: Berlin wall-clock `YYYY-MM-DDTHH:mm:ss`; a wall time that does not exist (spring
 *   forward, 02:30 on the last Sunday of March) resolves forward to 03:30, as luxon does;
 *   an ambiguous one (autumn, 02:30 twice) reads as the later (+01:00) instant.
 * - all-day: `YYYY-MM-DD` start and INCLUSIVE last day (Google's exclusive end minus one).
 * Assumptions: a Termin with neither `uhrzeitVon` nor `uhrzeitBis` is all-day over
 * `datum`..`datumBis` (its all-day flag may live in a field we do not read); missing
 * `uhrzeitVon` with an `uhrzeitBis` → 09:00 (the system we replace did the same); missing or
 * non-positive duration → 1 hour; a Termin whose `datumBis` is absent or equals `datum` and
 * whose `uhrzeitBis` is before `uhrzeitVon` runs overnight into the next day (22:00–01:00 is
 * three hours).
 */
import { DateTime } from 'luxon';
import type { AdvowareTermin, GoogleEvent, GoogleEventTime } from './types';

export const CALENDAR_ZONE = 'Europe/Berlin';
export const DEFAULT_DURATION_MINUTES = 60;
export const FALLBACK_START_TIME = '09:00:00';

const WALL_FORMAT = "yyyy-MM-dd'T'HH:mm:ss";
const DATE_RE = /^(\d{4}-\d{2}-\d{2})/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/;

export interface CommonTimes {
  allDay: boolean;
  /** all-day: `YYYY-MM-DD`; timed: Berlin wall clock `YYYY-MM-DDTHH:mm:ss`. */
  start: string;
  /** all-day: last day, inclusive; timed: wall clock, always after `start`. */
  end: string;
}

export class InvalidTimeError extends Error {
  override name = 'InvalidTimeError';
}

/** `YYYY-MM-DD` from a date or ISO date-time; null when absent or malformed. */
export function datePart(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = DATE_RE.exec(value.trim());
  if (!match) return null;
  return DateTime.fromISO(match[1], { zone: CALENDAR_ZONE }).isValid ? match[1] : null;
}

/** `HH:mm:ss` from `H:MM`, `HH:MM:SS` or `HH:MM:SS.fff`; null when absent or malformed. */
export function timePart(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = TIME_RE.exec(value.trim());
  if (!match) return null;
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
  if (h > 23 || m > 59 || s > 59) return null;
  return `${String(h).padStart(2, '0')}:${match[2]}:${String(s).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

function wall(value: DateTime): string {
  return value.toFormat(WALL_FORMAT);
}

function parseWall(value: string): DateTime {
  const parsed = DateTime.fromISO(value, { zone: CALENDAR_ZONE });
  if (!parsed.isValid) throw new InvalidTimeError(`invalid local time ${value}`);
  return parsed;
}

/** The single rule both directions go through: resolve DST, enforce end > start. */
export function normaliseTimed(startWall: string, endWall: string | null): CommonTimes {
  const start = parseWall(startWall);
  let end = endWall === null ? null : parseWall(endWall);
  if (end === null || end <= start) end = start.plus({ minutes: DEFAULT_DURATION_MINUTES });
  return { allDay: false, start: wall(start), end: wall(end) };
}

function normaliseAllDay(start: string, lastDay: string | null): CommonTimes {
  return { allDay: true, start, end: lastDay !== null && lastDay > start ? lastDay : start };
}

export function terminTimes(termin: AdvowareTermin): CommonTimes {
  const datum = datePart(termin.datum);
  if (datum === null) throw new InvalidTimeError(`Termin ${termin.frNr}: invalid datum ${String(termin.datum)}`);
  const datumBis = datePart(termin.datumBis);
  const rawVon = timePart(termin.uhrzeitVon);
  const bis = timePart(termin.uhrzeitBis);
  // No clock time at all is an all-day (or multi-day) entry whose flag may sit in a field we
  // do not know: never invent a 09:00–10:00 block for it.
  if (termin.ganztaegig === true || (rawVon === null && bis === null)) return normaliseAllDay(datum, datumBis);

  const von = rawVon ?? FALLBACK_START_TIME;
  const startWall = `${datum}T${von}`;
  const endDate = datumBis !== null && datumBis > datum ? datumBis : datum;
  if (bis === null) {
    if (endDate === datum) return normaliseTimed(startWall, null);
    return normaliseTimed(startWall, wall(parseWall(`${endDate}T${von}`).plus({ minutes: DEFAULT_DURATION_MINUTES })));
  }
  // An end before the start on the same day (datumBis absent or equal) runs into the next day.
  const overnight = endDate === datum && bis < von;
  return normaliseTimed(startWall, `${overnight ? addDays(datum, 1) : endDate}T${bis}`);
}

function instantToWall(time: GoogleEventTime): string | null {
  if (time.dateTime) {
    const parsed = DateTime.fromISO(time.dateTime, { zone: time.timeZone || CALENDAR_ZONE });
    if (!parsed.isValid) return null;
    return wall(parsed.setZone(CALENDAR_ZONE).startOf('second'));
  }
  const date = datePart(time.date);
  return date === null ? null : `${date}T00:00:00`;
}

export function eventTimes(event: GoogleEvent): CommonTimes {
  const start = event.start ?? {};
  const end = event.end ?? {};
  if (!start.dateTime) {
    const startDate = datePart(start.date);
    if (startDate === null) throw new InvalidTimeError(`event ${event.id ?? '?'}: no start`);
    const endDate = datePart(end.date) ?? datePart(end.dateTime);
    return normaliseAllDay(startDate, endDate === null ? null : addDays(endDate, -1));
  }
  const startWall = instantToWall(start);
  if (startWall === null) throw new InvalidTimeError(`event ${event.id ?? '?'}: invalid start ${start.dateTime}`);
  return normaliseTimed(startWall, instantToWall(end));
}

export function googleTimes(times: CommonTimes): { start: GoogleEventTime; end: GoogleEventTime } {
  if (times.allDay) return { start: { date: times.start }, end: { date: addDays(times.end, 1) } };
  const iso = (w: string) => parseWall(w).toISO({ suppressMilliseconds: true }) ?? w;
  return {
    start: { dateTime: iso(times.start), timeZone: CALENDAR_ZONE },
    end: { dateTime: iso(times.end), timeZone: CALENDAR_ZONE },
  };
}

export type TerminTimeFields = Required<Pick<AdvowareTermin, 'datum' | 'datumBis' | 'uhrzeitVon' | 'uhrzeitBis' | 'ganztaegig'>>;

export function terminTimeFields(times: CommonTimes): TerminTimeFields {
  if (times.allDay) return { datum: times.start, datumBis: times.end, uhrzeitVon: null, uhrzeitBis: null, ganztaegig: true };
  return {
    datum: times.start.slice(0, 10),
    uhrzeitVon: times.start.slice(11),
    datumBis: times.end.slice(0, 10),
    uhrzeitBis: times.end.slice(11),
    ganztaegig: false,
  };
}

/** The inclusive `YYYY-MM-DD` window of a pass at `nowMs`: the Advoware list covers these days. */
export function syncWindow(nowMs: number, pastDays: number, futureDays: number): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(nowMs - pastDays * 86_400_000), to: day(nowMs + futureDays * 86_400_000) };
}

/** The Berlin start date of common times (for window checks and the snapshot). */
export function startDate(times: CommonTimes): string {
  return times.start.slice(0, 10);
}

/** Milliseconds since the epoch of an Advoware or Google timestamp; null when unusable. Advoware's lacks a zone and is UTC. */
export function timestampMillis(value: string | null | undefined): number | null {
  if (!value) return null;
  const parsed = DateTime.fromISO(value.trim().replace(' ', 'T'), { zone: 'UTC' });
  return parsed.isValid ? parsed.toMillis() : null;
}
