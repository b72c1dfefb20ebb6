/**
 * Field mapping between Advoware Termine and Google events (both directions) and the content
 * hashes the planner compares. Every direction goes through the common form (common.ts), so
 * `hashEvent(terminToEvent(t)) === hashTermin(t)` and applying `eventToTerminFields(e)` to a
 * Termin makes `hashTermin` equal `hashEvent(e)`.
 */
import { eventToCommon, hashCommon, sameTimes, terminToCommon, type CommonTermin } from './common';
import { eventIdForFrNr } from './event-id';
import { recurrenceKey, rruleLines, terminRecurrenceFields } from './recurrence';
import { googleTimes, terminTimeFields } from './time';
import type { AdvowareTermin, GoogleEvent } from './types';

/** Summary of anonymised events (`full_content: false`). */
export const ANONYMISED_SUMMARY = 'Termin';

export type EventOrigin = 'advoware' | 'google';

/** Keys in `extendedProperties.private` (all well under Google's 44-character key limit). */
export const LINK_KEYS = { frNr: 'advowareFrNr', hash: 'advowareHash', origin: 'origin', kuerzel: 'advowareKuerzel' } as const;

export interface MappingOptions {
  fullContent: boolean;
}

export interface TerminToEventOptions extends MappingOptions {
  kuerzel: string;
  /** Defaults to the deterministic id for the Termin's frNr. */
  eventId?: string;
  /** Where the pair started; kept on events that were created in Google. */
  origin?: EventOrigin;
}

export function hashTermin(termin: AdvowareTermin, opts: MappingOptions): string {
  return hashCommon(terminToCommon(termin, opts.fullContent));
}

export function hashEvent(event: GoogleEvent, opts: MappingOptions): string {
  return hashCommon(eventToCommon(event, opts.fullContent));
}

export function commonToEvent(common: CommonTermin): GoogleEvent {
  const { start, end } = googleTimes(common.times);
  const event: GoogleEvent = {
    status: 'confirmed',
    summary: common.content ? common.content.text : ANONYMISED_SUMMARY,
    start,
    end,
    visibility: common.privat ? 'private' : 'default',
  };
  if (common.content?.notiz) event.description = common.content.notiz;
  if (common.content?.ort) event.location = common.content.ort;
  const recurrence = rruleLines(common.recurrence, common.times.allDay);
  if (recurrence.length > 0) event.recurrence = recurrence;
  return event;
}

export function linkProperties(frNr: number, hash: string, kuerzel: string, origin: EventOrigin): Record<string, string> {
  return { [LINK_KEYS.frNr]: String(frNr), [LINK_KEYS.hash]: hash, [LINK_KEYS.origin]: origin, [LINK_KEYS.kuerzel]: kuerzel };
}

/** A complete event body (Google's update is a full replacement). */
export function terminToEvent(termin: AdvowareTermin, opts: TerminToEventOptions): GoogleEvent {
  const common = terminToCommon(termin, opts.fullContent);
  return {
    id: opts.eventId ?? eventIdForFrNr(termin.frNr),
    ...commonToEvent(common),
    extendedProperties: { private: linkProperties(termin.frNr, hashCommon(common), opts.kuerzel, opts.origin ?? 'advoware') },
  };
}

function commonToTerminFields(common: CommonTermin): Partial<AdvowareTermin> {
  const fields: Partial<AdvowareTermin> = {
    ...terminTimeFields(common.times),
    ...terminRecurrenceFields(common.recurrence),
    privat: common.privat,
  };
  if (common.content) Object.assign(fields, common.content);
  return fields;
}

export interface EventToTerminOptions {
  kuerzel: string;
  /** Default true. With false, no text/Notiz/Ort is taken from Google. */
  fullContent?: boolean;
}

/** All mapped Termin fields for creating a Termin from a Google event. */
export function eventToTerminFields(event: GoogleEvent, opts: EventToTerminOptions): Partial<AdvowareTermin> {
  const fullContent = opts.fullContent ?? true;
  const fields = commonToTerminFields(eventToCommon(event, fullContent));
  return { ...fields, anwalt: opts.kuerzel };
}

/**
 * The smallest Advoware patch that makes the Termin agree with the Google event: whole groups
 * (times, recurrence, privat, each text field) only where they differ, so fields Advoware holds
 * but Google cannot express (an unknown `turnusArt`, say) are not clobbered by an unrelated edit.
 */
export function terminPatchFromEvent(termin: AdvowareTermin, event: GoogleEvent, opts: MappingOptions): Partial<AdvowareTermin> {
  const current = terminToCommon(termin, opts.fullContent);
  const wanted = eventToCommon(event, opts.fullContent);
  const patch: Partial<AdvowareTermin> = {};
  if (!sameTimes(current, wanted)) Object.assign(patch, terminTimeFields(wanted.times));
  if (recurrenceKey(current.recurrence) !== recurrenceKey(wanted.recurrence)) Object.assign(patch, terminRecurrenceFields(wanted.recurrence));
  if (current.privat !== wanted.privat) patch.privat = wanted.privat;
  if (current.content && wanted.content) {
    for (const key of ['text', 'notiz', 'ort'] as const) {
      if (current.content[key] !== wanted.content[key]) patch[key] = wanted.content[key];
    }
  }
  return patch;
}
