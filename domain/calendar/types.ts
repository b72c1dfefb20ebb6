/**
 * Wire-shaped records of both calendars as the pure sync logic sees them.
 * Only the fields the mapping reads are typed; everything else passes through untouched.
 */

/** One Advoware appointment (Termin). Field names are configurable guesses (docs/CONFIGURATION.md). */
export interface AdvowareTermin {
  frNr: number;
  /** `YYYY-MM-DD` (an ISO date-time is accepted; only the date part is used). */
  datum: string;
  /** `HH:MM:SS`; absent for all-day entries. */
  uhrzeitVon?: string | null;
  uhrzeitBis?: string | null;
  datumBis?: string | null;
  text?: string | null;
  notiz?: string | null;
  ort?: string | null;
  /** The responsible lawyer's Kürzel. */
  anwalt?: string | null;
  ganztaegig?: boolean | null;
  privat?: boolean | null;
  /** Recurrence interval (every n units of `turnusArt`). */
  turnus?: number | null;
  /** Recurrence unit — see `TURNUS_ART` in recurrence.ts (guessed codes). */
  turnusArt?: number | null;
  /** Last day of the series (inclusive), `YYYY-MM-DD`. */
  turnusBis?: string | null;
  /** UTC timestamp of the last change, with or without `Z` / milliseconds. */
  zuletztGeaendertAm?: string | null;
  [k: string]: unknown;
}

export interface GoogleEventTime {
  date?: string | null;
  dateTime?: string | null;
  timeZone?: string | null;
}

export interface GoogleEvent {
  id?: string | null;
  status?: string | null;
  summary?: string | null;
  description?: string | null;
  location?: string | null;
  start?: GoogleEventTime | null;
  end?: GoogleEventTime | null;
  recurrence?: string[] | null;
  visibility?: string | null;
  transparency?: string | null;
  extendedProperties?: { private?: Record<string, string> | null; shared?: Record<string, string> | null } | null;
  updated?: string | null;
  etag?: string | null;
  /** Set on instances (exceptions) of a recurring series; those cannot be represented in Advoware. */
  recurringEventId?: string | null;
  originalStartTime?: GoogleEventTime | null;
  /** `default`, `outOfOffice`, `focusTime`, `workingLocation`, … — only `default` events are imported. */
  eventType?: string | null;
}
