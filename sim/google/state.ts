import { randomBytes } from 'node:crypto';
import { GoogleApiError, invalid, notFound } from './errors';
import { EVENT_ID_PATTERN, validateTimes } from './event-validation';
import { sanitiseExtendedProperties } from './extended-properties';
import { nowIso } from './time';
import { isPlainObject, type CalendarJson, type EventJson, type StoredCalendar, type StoredEvent } from './types';

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Fields the server owns; clients cannot set them through insert/update/patch. */
const READ_ONLY_FIELDS = ['kind', 'etag', 'id', 'created', 'updated', 'sequence', 'htmlLink', 'iCalUID', 'creator', 'organizer', 'recurringEventId'];

export interface WriteOptions {
  ifMatch?: string;
  /** The user performing the write; becomes creator/organizer on insert. */
  actor?: string;
}

/**
 * The simulator's in-memory Google Calendar: calendars per owner, events per calendar and one
 * global change counter that sync tokens are based on. Tests use it directly to act as a Google
 * user (writes here bump etag/sequence/updated exactly like API writes, so sync tokens see them).
 */
export class GoogleState {
  private calendars = new Map<string, StoredCalendar>();
  private events = new Map<string, Map<string, StoredEvent>>();
  private changeSeq = 0;
  /** Raised by invalidateSyncTokens; tokens minted under an older epoch answer 410. */
  private syncEpochs = new Map<string, number>();
  private globalSyncEpoch = 0;

  get currentChangeSeq(): number {
    return this.changeSeq;
  }

  private bump(): number {
    this.changeSeq += 1;
    return this.changeSeq;
  }

  private etag(seq: number): string {
    return `"${(Date.now() * 1000 + (seq % 1000)).toString()}"`;
  }

  // ---- calendars -------------------------------------------------------------------------

  /** Every user has a primary calendar whose id is the e-mail address. */
  ensureUser(email: string): StoredCalendar {
    const existing = this.calendars.get(email);
    if (existing && !existing.deleted) return existing;
    const seq = this.bump();
    const stored: StoredCalendar = {
      calendar: { kind: 'calendar#calendar', id: email, etag: this.etag(seq), summary: email, timeZone: DEFAULT_TIME_ZONE },
      owner: email,
      primary: true,
      deleted: false,
      changeSeq: seq,
    };
    this.calendars.set(email, stored);
    this.events.set(email, this.events.get(email) ?? new Map());
    return stored;
  }

  createCalendar(owner: string, input: { summary?: unknown; timeZone?: unknown; description?: unknown; location?: unknown }): CalendarJson {
    if (typeof input.summary !== 'string' || input.summary.trim() === '') throw new GoogleApiError(400, 'required', 'Missing title.');
    const timeZone = typeof input.timeZone === 'string' && input.timeZone ? input.timeZone : DEFAULT_TIME_ZONE;
    this.ensureUser(owner);
    const id = `${randomBytes(16).toString('hex')}@group.calendar.google.com`;
    const seq = this.bump();
    const calendar: CalendarJson = { kind: 'calendar#calendar', id, etag: this.etag(seq), summary: input.summary, timeZone };
    if (typeof input.description === 'string') calendar.description = input.description;
    if (typeof input.location === 'string') calendar.location = input.location;
    this.calendars.set(id, { calendar, owner, primary: false, deleted: false, changeSeq: seq });
    this.events.set(id, new Map());
    return structuredClone(calendar);
  }

  /** Resolves 'primary' for the given user; throws 404 for unknown or deleted calendars. */
  getCalendar(calendarId: string, user?: string): StoredCalendar {
    const id = calendarId === 'primary' && user ? user : calendarId;
    if (id === user) this.ensureUser(id);
    const stored = this.calendars.get(id);
    if (!stored || stored.deleted) throw notFound();
    return stored;
  }

  deleteCalendar(calendarId: string, user?: string): void {
    const stored = this.getCalendar(calendarId, user);
    if (stored.primary) throw new GoogleApiError(400, 'cannotDeletePrimaryCalendar', 'The primary calendar cannot be deleted.');
    stored.deleted = true;
    stored.changeSeq = this.bump();
    this.events.delete(stored.calendar.id);
  }

  /** Calendars of one owner (or all), deleted ones only when asked (calendarList sync). */
  listCalendars(owner?: string, options: { includeDeleted?: boolean } = {}): StoredCalendar[] {
    if (owner) this.ensureUser(owner);
    return [...this.calendars.values()].filter((c) => (!owner || c.owner === owner) && (options.includeDeleted || !c.deleted));
  }

  // ---- events ----------------------------------------------------------------------------

  private eventMap(calendarId: string): Map<string, StoredEvent> {
    const map = this.events.get(calendarId);
    if (!map) throw notFound();
    return map;
  }

  private calendarTimeZone(calendarId: string): string {
    return this.calendars.get(calendarId)?.calendar.timeZone ?? DEFAULT_TIME_ZONE;
  }

  private newId(): string {
    // 26 base32hex characters from 128 random bits, like the UUID-derived ids Google recommends.
    const alphabet = '0123456789abcdefghijklmnopqrstuv';
    return [...randomBytes(26)].map((b) => alphabet[b % 32]).join('');
  }

  /** Copies writable fields, applies the extended-property limits and validates start/end. */
  private writableFields(body: Record<string, unknown>, calendarId: string): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (READ_ONLY_FIELDS.includes(key) || value === null || value === undefined) continue;
      fields[key] = structuredClone(value);
    }
    if ('extendedProperties' in fields) {
      const props = sanitiseExtendedProperties(fields.extendedProperties);
      if (props) fields.extendedProperties = props;
      else delete fields.extendedProperties;
    }
    const { start, end } = validateTimes(fields, this.calendarTimeZone(calendarId));
    fields.start = start;
    fields.end = end;
    return fields;
  }

  insertEvent(calendarId: string, body: unknown, options: WriteOptions = {}): EventJson {
    const map = this.eventMap(calendarId);
    if (!isPlainObject(body)) throw invalid('Request body must be an event.');
    let id: string;
    if (body.id !== undefined && body.id !== null) {
      if (typeof body.id !== 'string' || !EVENT_ID_PATTERN.test(body.id)) throw invalid('Invalid resource id value.', 'id');
      id = body.id;
      if (map.has(id)) throw new GoogleApiError(409, 'duplicate');
    } else {
      id = this.newId();
    }
    const fields = this.writableFields(body, calendarId);
    const seq = this.bump();
    const now = nowIso();
    const actor = options.actor ?? this.calendars.get(calendarId)?.owner ?? calendarId;
    const event: EventJson = {
      kind: 'calendar#event',
      etag: this.etag(seq),
      id,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendarId}`).toString('base64url')}`,
      created: now,
      updated: now,
      creator: { email: actor },
      organizer: { email: calendarId, self: true },
      iCalUID: typeof body.iCalUID === 'string' && body.iCalUID ? body.iCalUID : `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...fields,
    };
    map.set(id, { calendarId, event, changeSeq: seq });
    return structuredClone(event);
  }

  getStoredEvent(calendarId: string, eventId: string): StoredEvent {
    const stored = this.eventMap(calendarId).get(eventId);
    if (!stored) throw notFound();
    return stored;
  }

  getEvent(calendarId: string, eventId: string): EventJson {
    return structuredClone(this.getStoredEvent(calendarId, eventId).event);
  }

  private checkIfMatch(stored: StoredEvent, ifMatch: string | undefined): void {
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== stored.event.etag) throw new GoogleApiError(412, 'conditionNotMet');
  }

  private commit(stored: StoredEvent, next: EventJson): EventJson {
    const seq = this.bump();
    next.etag = this.etag(seq);
    next.updated = nowIso();
    next.sequence = stored.event.sequence + 1;
    stored.event = next;
    stored.changeSeq = seq;
    return structuredClone(next);
  }

  private serverFields(event: EventJson): EventJson {
    const kept: Record<string, unknown> = {};
    for (const key of READ_ONLY_FIELDS) if (event[key] !== undefined) kept[key] = event[key];
    return kept as EventJson;
  }

  /** PUT: full replacement. Everything the body leaves out is gone, extendedProperties included. */
  updateEvent(calendarId: string, eventId: string, body: unknown, options: WriteOptions = {}): EventJson {
    const stored = this.getStoredEvent(calendarId, eventId);
    this.checkIfMatch(stored, options.ifMatch);
    if (!isPlainObject(body)) throw invalid('Request body must be an event.');
    const fields = this.writableFields(body, calendarId);
    const next = { ...this.serverFields(stored.event), status: 'confirmed', ...fields } as EventJson;
    return this.commit(stored, next);
  }

  /**
   * PATCH: objects merge key by key (null deletes a key, so `extendedProperties.private.k: null`
   * removes k), arrays and start/end replace what was stored.
   */
  patchEvent(calendarId: string, eventId: string, body: unknown, options: WriteOptions = {}): EventJson {
    const stored = this.getStoredEvent(calendarId, eventId);
    this.checkIfMatch(stored, options.ifMatch);
    if (!isPlainObject(body)) throw invalid('Request body must be an event.');
    const merged = structuredClone(stored.event) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) {
      if (READ_ONLY_FIELDS.includes(key)) continue;
      if (key === 'start' || key === 'end' || key === 'originalStartTime') merged[key] = structuredClone(value);
      else mergeInto(merged, key, value);
    }
    const fields = this.writableFields(merged, calendarId);
    const next = { ...this.serverFields(stored.event), status: stored.event.status, ...fields } as EventJson;
    return this.commit(stored, next);
  }

  /** Marks the event cancelled (the id stays; get still returns it). A second delete is 410. */
  deleteEvent(calendarId: string, eventId: string, options: WriteOptions = {}): void {
    const stored = this.getStoredEvent(calendarId, eventId);
    if (stored.event.status === 'cancelled') throw new GoogleApiError(410, 'deleted');
    this.checkIfMatch(stored, options.ifMatch);
    this.commit(stored, { ...structuredClone(stored.event), status: 'cancelled' });
  }

  /** Raw stored events of a calendar (cancelled ones only when asked). */
  listEvents(calendarId: string, options: { includeDeleted?: boolean } = {}): EventJson[] {
    return this.storedEvents(calendarId)
      .filter((s) => options.includeDeleted || s.event.status !== 'cancelled')
      .map((s) => structuredClone(s.event));
  }

  storedEvents(calendarId: string): StoredEvent[] {
    return [...this.eventMap(calendarId).values()];
  }

  // ---- sync tokens -----------------------------------------------------------------------

  syncEpoch(calendarId: string): number {
    return this.globalSyncEpoch + (this.syncEpochs.get(calendarId) ?? 0);
  }

  /** Every sync token issued so far for this calendar (or all calendars) answers 410 from now on. */
  invalidateSyncTokens(calendarId?: string): void {
    if (calendarId) this.syncEpochs.set(calendarId, (this.syncEpochs.get(calendarId) ?? 0) + 1);
    else this.globalSyncEpoch += 1;
  }

  reset(): void {
    this.calendars.clear();
    this.events.clear();
    this.syncEpochs.clear();
    this.globalSyncEpoch += 1;
  }
}

function mergeInto(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value === null) {
    delete target[key];
    return;
  }
  const current = target[key];
  if (isPlainObject(value) && isPlainObject(current)) {
    for (const [k, v] of Object.entries(value)) mergeInto(current, k, v);
    return;
  }
  target[key] = structuredClone(value);
}
