/** The JSON shapes the simulator stores and serves (only what it interprets is typed). */
export interface EventDateTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

export interface ExtendedProperties {
  private?: Record<string, string>;
  shared?: Record<string, string>;
}

export interface EventJson {
  [field: string]: unknown;
  kind: 'calendar#event';
  id: string;
  etag: string;
  status: string;
  created: string;
  updated: string;
  sequence: number;
  start?: EventDateTime;
  end?: EventDateTime;
  recurrence?: string[];
  extendedProperties?: ExtendedProperties;
  summary?: string;
  description?: string;
  location?: string;
  iCalUID?: string;
  recurringEventId?: string;
  originalStartTime?: EventDateTime;
}

export interface StoredEvent {
  calendarId: string;
  event: EventJson;
  /** Global change counter at the last write; sync tokens compare against it. */
  changeSeq: number;
}

export interface CalendarJson {
  kind: 'calendar#calendar';
  id: string;
  etag: string;
  summary: string;
  timeZone: string;
  description?: string;
  location?: string;
}

export interface StoredCalendar {
  calendar: CalendarJson;
  owner: string;
  primary: boolean;
  deleted: boolean;
  changeSeq: number;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
