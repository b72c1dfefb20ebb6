/**
 * `calendar verify`: one read-only comparison of an employee's Advoware Termine and Google
 * calendar as they are now. It uses the planner's own linking (plan-index), common form and
 * hash, so "different" here means exactly what the sync would see as different.
 *
 * Like the planner, it cannot tell from a window list whether a Termin an event links to is
 * gone or just outside the window: it returns `lookups`, and the caller passes the answers
 * (found Termine appended to `termine`, 404s as `confirmedMissing`) into a second call.
 */
import { eventToCommon, hashCommon, hashPrefix, terminToCommon, type CommonTermin } from './common';
import { eventIdForFrNr } from './event-id';
import { indexPass, type ListedEvent } from './plan-index';
import type { PlanSkipped } from './plan-types';
import { recurrenceKey } from './recurrence';
import { placeInWindow, spanOf } from './span';
import type { AdvowareTermin, GoogleEvent } from './types';

export interface VerifyInput {
  kuerzel: string;
  /** Advoware's window list (plus Termine looked up by frNr on the second call). */
  termine: AdvowareTermin[];
  /** Every live event of the calendar (a full list). */
  events: GoogleEvent[];
  /** Inclusive `YYYY-MM-DD` bounds of the Advoware list. */
  window: { from: string; to: string };
  /** frNrs from `lookups` that Advoware answered with 404. */
  confirmedMissing?: number[];
}

export interface FieldDifference {
  field: 'allDay' | 'start' | 'end' | 'recurrence' | 'recurrenceLossy' | 'privat' | 'text' | 'notiz' | 'ort';
  advoware: string;
  google: string;
}

export interface VerifyReport {
  kuerzel: string;
  window: { from: string; to: string };
  termine: number;
  events: number;
  /** Pairs whose content agrees. */
  agreed: number;
  /** Termine of the window without a live event. */
  missing: { frNr: number; start: string; text: string }[];
  /** Live events in the window linked to no Termin (created in Google and not synced yet, or left over). */
  extra: { eventId: string; start: string; summary: string }[];
  /** Linked pairs whose common forms differ, field by field. */
  different: { frNr: number; eventId: string; fields: FieldDifference[] }[];
  /** frNrs claimed by more than one live event. */
  duplicates: { frNr: number; eventIds: string[] }[];
  /** Events linked to a Termin that does not exist (404) or is another lawyer's. */
  orphans: { eventId: string; frNr: number; reason: 'not_in_advoware' | 'other_anwalt' }[];
  /** Entries verify cannot judge (unreadable dates, series instances, …). */
  skipped: Record<string, number>;
  /** frNrs to look up before the report is final (empty on the second call). */
  lookups: number[];
}

export function hasDifferences(report: VerifyReport): boolean {
  return report.missing.length + report.extra.length + report.different.length + report.duplicates.length + report.orphans.length > 0;
}

function tryCommon(make: () => CommonTermin): CommonTermin | null {
  try {
    return make();
  } catch {
    return null;
  }
}

function flat(common: CommonTermin): Record<FieldDifference['field'], string> {
  return {
    allDay: String(common.times.allDay),
    start: common.times.start,
    end: common.times.end,
    recurrence: recurrenceKey(common.recurrence),
    recurrenceLossy: common.recurrenceLossy ?? '',
    privat: String(common.privat),
    text: common.content?.text ?? '',
    notiz: common.content?.notiz ?? '',
    ort: common.content?.ort ?? '',
  };
}

export function fieldDifferences(termin: CommonTermin, event: CommonTermin): FieldDifference[] {
  const a = flat(termin);
  const g = flat(event);
  return (Object.keys(a) as FieldDifference['field'][]).filter((f) => a[f] !== g[f]).map((field) => ({ field, advoware: a[field], google: g[field] }));
}

/** The event was written anonymised when its agreed hash says so; compare in the mode it was written in. */
function writtenFullContent(listed: ListedEvent): boolean {
  return !(listed.propsHash ?? '').startsWith(hashPrefix(false));
}

const inWindow = (common: CommonTermin, window: VerifyInput['window']) => placeInWindow(spanOf(common), window) === 'inside';

export function verifyCalendar(input: VerifyInput): VerifyReport {
  const skipped: PlanSkipped = { negativeFrNr: 0, outOfWindow: 0, lossyRecurrence: 0, foreignAnwalt: 0, invalid: 0, orphanedLinks: 0, advowareWritesOff: 0 };
  const live = input.events.filter((e) => e.status !== 'cancelled');
  const index = indexPass(input.kuerzel, input.termine, live, {}, skipped);
  const missingFrNrs = new Set(input.confirmedMissing ?? []);
  const report: VerifyReport = {
    kuerzel: input.kuerzel,
    window: input.window,
    termine: index.termine.size,
    events: live.length,
    agreed: 0,
    missing: [],
    extra: [],
    different: [],
    duplicates: [],
    orphans: [],
    skipped: {},
    lookups: [],
  };

  for (const [frNr, claims] of index.claims) {
    const sorted = [...claims].sort((a, b) => a.id.localeCompare(b.id));
    const canonical = sorted.find((c) => c.id === eventIdForFrNr(frNr)) ?? sorted[0];
    if (claims.length > 1) report.duplicates.push({ frNr, eventIds: sorted.map((c) => c.id) });
    const termin = index.termine.get(frNr);
    if (!termin) {
      const eCommon = tryCommon(() => eventToCommon(canonical.event, true));
      if (index.foreign.has(frNr)) report.orphans.push({ eventId: canonical.id, frNr, reason: 'other_anwalt' });
      else if (missingFrNrs.has(frNr)) report.orphans.push({ eventId: canonical.id, frNr, reason: 'not_in_advoware' });
      else if (eCommon === null) skipped.invalid++;
      else if (inWindow(eCommon, input.window)) report.lookups.push(frNr);
      else skipped.outOfWindow++;
      continue;
    }
    const fullContent = writtenFullContent(canonical);
    const tCommon = tryCommon(() => terminToCommon(termin, fullContent));
    const eCommon = tryCommon(() => eventToCommon(canonical.event, fullContent));
    if (tCommon === null || eCommon === null) {
      skipped.invalid++;
      continue;
    }
    if (hashCommon(tCommon) === hashCommon(eCommon)) report.agreed++;
    else report.different.push({ frNr, eventId: canonical.id, fields: fieldDifferences(tCommon, eCommon) });
  }

  for (const [frNr, termin] of index.termine) {
    if (index.claims.has(frNr)) continue;
    const common = tryCommon(() => terminToCommon(termin, true));
    if (common === null) skipped.invalid++;
    else if (!inWindow(common, input.window)) skipped.outOfWindow++;
    else report.missing.push({ frNr, start: common.times.start, text: common.content?.text ?? '' });
  }

  for (const listed of index.unlinked) {
    const type = listed.event.eventType;
    if (type && type !== 'default') continue; // out-of-office, focus time…: never synced
    const common = tryCommon(() => eventToCommon(listed.event, true));
    if (common === null) skipped.invalid++;
    else if (inWindow(common, input.window)) report.extra.push({ eventId: listed.id, start: common.times.start, summary: listed.event.summary ?? '' });
  }

  report.skipped = Object.fromEntries(Object.entries(skipped).filter(([key, n]) => n > 0 && key !== 'advowareWritesOff'));
  report.missing.sort((a, b) => a.frNr - b.frNr);
  report.different.sort((a, b) => a.frNr - b.frNr);
  report.duplicates.sort((a, b) => a.frNr - b.frNr);
  report.orphans.sort((a, b) => a.frNr - b.frNr);
  report.extra.sort((a, b) => a.start.localeCompare(b.start) || a.eventId.localeCompare(b.eventId));
  report.lookups.sort((a, b) => a - b);
  return report;
}
