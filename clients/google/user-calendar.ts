import type { calendar_v3 } from '@googleapis/calendar';
import { activityCancellationSignal } from '../activity-signal';
import { toGoogleError } from './error-mapping';
import { GoogleNotFoundError, GoogleUpstreamError } from './errors';

export type GoogleEvent = calendar_v3.Schema$Event;
export type GoogleCalendarListEntry = calendar_v3.Schema$CalendarListEntry;

/** pino-compatible subset. */
export interface GoogleClientLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ListEventsOptions {
  calendarId: string;
  /** Incremental sync; cannot be combined with timeMin/timeMax/privateExtendedProperty (Google answers 400). */
  syncToken?: string;
  timeMin?: string;
  timeMax?: string;
  showDeleted?: boolean;
  singleEvents?: boolean;
  /** `key=value`; several are OR'ed by Google. */
  privateExtendedProperty?: string | string[];
  /** Page size (Google's default 250, max 2500). */
  maxResults?: number;
}

export interface ListEventsResult {
  items: GoogleEvent[];
  nextSyncToken?: string;
}

/**
 * Outcome of an insert with a client-chosen id. A 409 means an event with that id exists (maybe
 * from an earlier attempt of the same activity); we report it instead of fetching it, so the
 * caller decides whether a get (one more quota unit) is needed.
 */
export type InsertEventResult = { alreadyExists: false; event: GoogleEvent } | { alreadyExists: true; eventId: string };

export interface WriteOptions {
  /** Sent as If-Match; a changed event answers 412 → GooglePreconditionFailedError. */
  ifMatch?: string;
}

/**
 * gaxios options of every request: the running activity's cancellation signal, so a cancelled
 * activity — also at worker shutdown once `WORKER_SHUTDOWN_GRACE` has passed — stops waiting on
 * Google at once (as the Advoware and EspoCRM clients do); If-Match for conditional writes.
 */
const requestOptions = (options: WriteOptions = {}) => {
  const signal = activityCancellationSignal();
  return { ...(signal ? { signal } : {}), ...(options.ifMatch ? { headers: { 'If-Match': options.ifMatch } } : {}) };
};

const isAbort = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'AbortError' || (error.cause instanceof Error && error.cause.name === 'AbortError'));

/**
 * Settles as `work` does, or rejects with an AbortError as soon as `signal` aborts. The request
 * itself carries the signal, but a token request the JWT client makes first cannot (it is shared
 * by every activity of the user): a cancelled activity must not wait for it.
 */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  const aborted = () => new DOMException('This operation was aborted', 'AbortError');
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(aborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Calendar operations on behalf of one Workspace user (one impersonated JWT). */
export class GoogleUserCalendar {
  private api: calendar_v3.Calendar;

  constructor(
    readonly email: string,
    private readonly createApi: () => calendar_v3.Calendar,
    private readonly logger?: GoogleClientLogger,
  ) {
    this.api = createApi();
  }

  private async call<T>(operation: string, fields: Record<string, unknown>, run: () => Promise<T>, kind: 'list' | 'other' = 'other'): Promise<T> {
    const signal = activityCancellationSignal();
    try {
      return await unlessAborted(run(), signal);
    } catch (error) {
      // gaxios reports its timeout as a plain abort; when the activity was not cancelled, the
      // request timeout (GOOGLE_API_TIMEOUT_SECONDS) is the only other thing that aborts.
      const timedOut = !signal?.aborted && isAbort(error);
      const mapped = timedOut ? new GoogleUpstreamError(`Google Calendar: no answer within GOOGLE_API_TIMEOUT_SECONDS (${operation})`, { reason: 'timeout' }) : toGoogleError(error, kind);
      // A rejected access token stays cached until its expiry; start over with a fresh JWT client
      // so the next attempt fetches a new token.
      if (mapped.status === 401) this.api = this.createApi();
      this.logger?.debug({ user: this.email, operation, ...fields, error: mapped.name, status: mapped.status, reason: mapped.reason }, 'google calendar call failed');
      throw mapped;
    }
  }

  /** All calendars in the user's calendar list (every page). */
  async listCalendars(): Promise<GoogleCalendarListEntry[]> {
    const items: GoogleCalendarListEntry[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.call('calendarList.list', {}, () => this.api.calendarList.list({ maxResults: 250, pageToken }, requestOptions()));
      items.push(...(res.data.items ?? []));
      pageToken = res.data.nextPageToken ?? undefined;
    } while (pageToken);
    return items;
  }

  /**
   * The id of the user's own calendar named `summary`, created when missing. Idempotent for
   * sequential callers; concurrent first calls could create two (workflow ids serialise per Kürzel).
   */
  async ensureCalendar(summary: string, options: { timeZone?: string } = {}): Promise<string> {
    const existing = (await this.listCalendars()).find((c) => c.summary === summary && c.accessRole === 'owner' && !c.deleted);
    if (existing?.id) return existing.id;
    const res = await this.call('calendars.insert', { summary }, () =>
      this.api.calendars.insert({ requestBody: { summary, timeZone: options.timeZone ?? 'Europe/Berlin' } }, requestOptions()),
    );
    if (!res.data.id) throw new GoogleNotFoundError('Google Calendar: calendars.insert returned no id');
    this.logger?.debug({ user: this.email, calendarId: res.data.id, summary }, 'google calendar created');
    return res.data.id;
  }

  /** Follows every page (sending the same syncToken each time); nextSyncToken comes from the last page. */
  async listEvents(options: ListEventsOptions): Promise<ListEventsResult> {
    const items: GoogleEvent[] = [];
    let pageToken: string | undefined;
    let nextSyncToken: string | undefined;
    do {
      const res = await this.call(
        'events.list',
        { calendarId: options.calendarId, incremental: options.syncToken !== undefined },
        () =>
          this.api.events.list({
            calendarId: options.calendarId,
            syncToken: options.syncToken,
            timeMin: options.timeMin,
            timeMax: options.timeMax,
            showDeleted: options.showDeleted,
            singleEvents: options.singleEvents,
            privateExtendedProperty: typeof options.privateExtendedProperty === 'string' ? [options.privateExtendedProperty] : options.privateExtendedProperty,
            maxResults: options.maxResults,
            pageToken,
          }, requestOptions()),
        'list',
      );
      items.push(...(res.data.items ?? []));
      pageToken = res.data.nextPageToken ?? undefined;
      nextSyncToken = res.data.nextSyncToken ?? undefined;
    } while (pageToken);
    return { items, nextSyncToken };
  }

  /** The event (cancelled ones included, as Google returns them), or undefined when the id is unknown. */
  async getEvent(calendarId: string, eventId: string): Promise<GoogleEvent | undefined> {
    try {
      const res = await this.call('events.get', { calendarId, eventId }, () => this.api.events.get({ calendarId, eventId }, requestOptions()));
      return res.data;
    } catch (error) {
      if (error instanceof GoogleNotFoundError) return undefined;
      throw error;
    }
  }

  async insertEvent(calendarId: string, event: GoogleEvent): Promise<InsertEventResult> {
    try {
      const res = await this.call('events.insert', { calendarId, eventId: event.id }, () => this.api.events.insert({ calendarId, requestBody: event }, requestOptions()));
      return { alreadyExists: false, event: res.data };
    } catch (error) {
      const mapped = toGoogleError(error);
      if (mapped.status === 409 && mapped.reason === 'duplicate' && event.id) return { alreadyExists: true, eventId: event.id };
      throw mapped;
    }
  }

  /** Full replacement (PUT): fields left out are cleared on Google's side, extendedProperties included. */
  async updateEvent(calendarId: string, eventId: string, event: GoogleEvent, options: WriteOptions = {}): Promise<GoogleEvent> {
    const res = await this.call('events.update', { calendarId, eventId }, () =>
      this.api.events.update({ calendarId, eventId, requestBody: event }, requestOptions(options)),
    );
    return res.data;
  }

  /** Partial update: objects merge, arrays replace, `extendedProperties.private.k: null` removes k. */
  async patchEvent(calendarId: string, eventId: string, patch: GoogleEvent, options: WriteOptions = {}): Promise<GoogleEvent> {
    const res = await this.call('events.patch', { calendarId, eventId }, () =>
      this.api.events.patch({ calendarId, eventId, requestBody: patch }, requestOptions(options)),
    );
    return res.data;
  }

  /** Deletes a secondary calendar with all its events (operator reset); 404/410 count as done. */
  async deleteCalendar(calendarId: string): Promise<{ deleted: boolean }> {
    try {
      await this.call('calendars.delete', { calendarId }, () => this.api.calendars.delete({ calendarId }, requestOptions()));
      return { deleted: true };
    } catch (error) {
      if (error instanceof GoogleNotFoundError) return { deleted: false };
      throw error;
    }
  }

  /** Deletes the event; 404 (never existed) and 410 (already deleted) count as done (`deleted: false`). */
  async deleteEvent(calendarId: string, eventId: string, options: WriteOptions = {}): Promise<{ deleted: boolean }> {
    try {
      await this.call('events.delete', { calendarId, eventId }, () => this.api.events.delete({ calendarId, eventId }, requestOptions(options)));
      return { deleted: true };
    } catch (error) {
      if (error instanceof GoogleNotFoundError) return { deleted: false };
      throw error;
    }
  }
}
