/**
 * The normalised shape both calendars are compared in. A Termin and a Google event "agree"
 * exactly when their common forms are equal, and the content hash is taken over this form,
 * so one hash value can be computed from either side.
 *
 * With `fullContent: false` the Google side only carries placeholders, so text, Notiz and Ort
 * are left out (`content: null`) on BOTH sides: anonymised text can then never look like an
 * edit that should flow back into Advoware. `privat` still counts in both modes, because
 * hiding a private Termin in Google is a privacy matter, not content.
 */
import { fnv1a64Hex } from './hash';
import { parseRecurrence, recurrenceFromTermin, recurrenceKey, type RecurrenceRule } from './recurrence';
import { normaliseNote, normaliseText } from './text';
import { eventTimes, terminTimes, type CommonTimes } from './time';
import type { AdvowareTermin, GoogleEvent } from './types';

export interface CommonContent {
  text: string;
  notiz: string;
  ort: string;
}

export interface CommonTermin {
  times: CommonTimes;
  recurrence: RecurrenceRule | null;
  /** Google only: why the event's recurrence cannot be held by Advoware; null when exact. */
  recurrenceLossy: string | null;
  privat: boolean;
  /** null in anonymised mode. */
  content: CommonContent | null;
}

/** Bump when the common form changes: older hashes then read as "other mode" and Advoware is authoritative once. */
const HASH_VERSION = 'c1';

export function hashPrefix(fullContent: boolean): string {
  return `${HASH_VERSION}${fullContent ? 'f' : 'a'}:`;
}

export function terminToCommon(termin: AdvowareTermin, fullContent: boolean): CommonTermin {
  return {
    times: terminTimes(termin),
    recurrence: recurrenceFromTermin(termin),
    recurrenceLossy: null,
    privat: termin.privat === true,
    content: fullContent ? { text: normaliseText(termin.text), notiz: normaliseNote(termin.notiz), ort: normaliseText(termin.ort) } : null,
  };
}

const PRIVATE_VISIBILITIES = new Set(['private', 'confidential']);

export function eventToCommon(event: GoogleEvent, fullContent: boolean): CommonTermin {
  const times = eventTimes(event);
  const recurrence = parseRecurrence(event.recurrence, times);
  return {
    times,
    recurrence: recurrence.rule,
    recurrenceLossy: recurrence.lossy ? recurrence.reasons.join('; ') || 'lossy' : null,
    privat: PRIVATE_VISIBILITIES.has(event.visibility ?? ''),
    content: fullContent
      ? { text: normaliseText(event.summary), notiz: normaliseNote(event.description), ort: normaliseText(event.location) }
      : null,
  };
}

export function hashCommon(common: CommonTermin): string {
  const { times, content } = common;
  const fields = [
    times.allDay,
    times.start,
    times.end,
    recurrenceKey(common.recurrence),
    // Part of the hash so a lossy Google rule never "agrees" with anything Advoware holds.
    common.recurrenceLossy ?? '',
    common.privat,
    content?.text ?? '',
    content?.notiz ?? '',
    content?.ort ?? '',
  ];
  return hashPrefix(content !== null) + fnv1a64Hex(JSON.stringify(fields));
}

export function sameTimes(a: CommonTermin, b: CommonTermin): boolean {
  return a.times.allDay === b.times.allDay && a.times.start === b.times.start && a.times.end === b.times.end;
}
