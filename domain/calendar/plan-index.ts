/**
 * Sorting the raw inputs of a pass into what the planner decides over: own Termine by frNr,
 * Google events claimed by a frNr (through the snapshot, the link properties or our
 * deterministic id — in that order of trust) and unlinked Google events.
 */
import { frNrFromEventId } from './event-id';
import { LINK_KEYS, type EventOrigin } from './mapping';
import type { CalendarSnapshot, PlanSkipped } from './plan-types';
import type { AdvowareTermin, GoogleEvent } from './types';

export interface ListedEvent {
  id: string;
  event: GoogleEvent;
  cancelled: boolean;
  /** advowareFrNr from the link properties, when it is a valid number. */
  propsFrNr: number | null;
  propsHash: string | null;
  origin: EventOrigin | null;
}

export interface PassIndex {
  termine: Map<number, AdvowareTermin>;
  /** Listed, but another lawyer's: for this calendar as good as deleted. */
  foreign: Set<number>;
  claims: Map<number, ListedEvent[]>;
  unlinked: ListedEvent[];
}

/** General appointments are listed for everybody; letting every calendar edit or delete them is unsafe. */
const GENERAL_ANWALT = new Set(['ALLE', 'ALLGEMEIN']);

export function isOwnTermin(termin: AdvowareTermin, kuerzel: string): boolean {
  const anwalt = (termin.anwalt ?? '').trim().toUpperCase();
  if (anwalt === '') return true;
  if (GENERAL_ANWALT.has(anwalt)) return false;
  return anwalt === kuerzel.trim().toUpperCase();
}

function parseFrNr(value: string | undefined): number | null {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return null;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : null;
}

export function toListedEvent(event: GoogleEvent): ListedEvent | null {
  if (!event.id) return null;
  const props = event.extendedProperties?.private ?? {};
  const origin = props[LINK_KEYS.origin];
  return {
    id: event.id,
    event,
    cancelled: event.status === 'cancelled',
    propsFrNr: parseFrNr(props[LINK_KEYS.frNr]),
    propsHash: props[LINK_KEYS.hash] || null,
    origin: origin === 'advoware' || origin === 'google' ? origin : null,
  };
}

export function indexPass(
  kuerzel: string,
  termine: readonly AdvowareTermin[],
  events: readonly GoogleEvent[],
  snapshot: CalendarSnapshot,
  skipped: PlanSkipped,
): PassIndex {
  const own = new Map<number, AdvowareTermin>();
  const foreign = new Set<number>();
  for (const termin of termine) {
    if (!Number.isSafeInteger(termin.frNr) || termin.frNr < 0) skipped.negativeFrNr++;
    else if (!isOwnTermin(termin, kuerzel)) {
      skipped.foreignAnwalt++;
      foreign.add(termin.frNr);
    } else own.set(termin.frNr, termin);
  }

  const frNrByEventId = new Map<string, number>();
  for (const [key, entry] of Object.entries(snapshot)) frNrByEventId.set(entry.eventId, Number(key));

  const claims = new Map<number, ListedEvent[]>();
  const unlinked: ListedEvent[] = [];
  for (const raw of events) {
    const listed = toListedEvent(raw);
    if (listed === null) continue;
    // Single instances of a series (moved or cancelled occurrences) have no Advoware form.
    if (raw.recurringEventId) {
      skipped.lossyRecurrence++;
      continue;
    }
    if (listed.propsFrNr !== null && listed.propsFrNr < 0) {
      skipped.negativeFrNr++;
      continue;
    }
    const frNr = frNrByEventId.get(listed.id) ?? listed.propsFrNr ?? frNrFromEventId(listed.id);
    if (frNr === null) unlinked.push(listed);
    else claims.set(frNr, [...(claims.get(frNr) ?? []), listed]);
  }
  return { termine: own, foreign, claims, unlinked };
}
