/**
 * The days an appointment occupies, for window decisions: from its first day to the last day
 * of its last occurrence. Advoware lists a Termin for a window when this span overlaps it (a
 * multi-day entry or a series that began before the window is still listed), so the planner
 * must judge a pair by its span, not by its start: otherwise a series begun before the window
 * looks "behind" it and its deletion or edit is never carried to Google.
 */
import { DateTime } from 'luxon';
import type { CommonTermin } from './common';
import { addDays, startDate } from './time';

export interface DateSpan {
  /** First day, `YYYY-MM-DD` (Berlin). */
  start: string;
  /** Last day touched, inclusive; null for an open-ended series. */
  end: string | null;
}

function daysBetween(from: string, to: string): number {
  const diff = DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
  return Number.isFinite(diff) && diff > 0 ? Math.round(diff) : 0;
}

/**
 * Errs on the long side: a timed entry ending at midnight counts the next day, and a
 * recurrence only partly understood (a lossy Google rule without a usable rule) counts as
 * open-ended. A span too long costs a lookup; one too short leaves a ghost.
 */
export function spanOf(common: CommonTermin): DateSpan {
  const start = startDate(common.times);
  const lastDay = common.times.end.slice(0, 10);
  const rule = common.recurrence;
  if (rule === null) return { start, end: common.recurrenceLossy !== null ? null : lastDay };
  if (rule.until === null) return { start, end: null };
  // The last occurrence begins on or before `until` and lasts as long as the first one.
  const lastStart = rule.until > start ? rule.until : start;
  return { start, end: addDays(lastStart, daysBetween(start, lastDay)) };
}

export type WindowPlace = 'inside' | 'behind' | 'ahead';

/** Where a span lies relative to the inclusive window `[from, to]`. */
export function placeInWindow(span: DateSpan, window: { from: string; to: string }): WindowPlace {
  if (span.start > window.to) return 'ahead';
  if (span.end !== null && span.end < window.from && span.start < window.from) return 'behind';
  return 'inside';
}
