import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, type Access, type SimContext } from '../context';
import { GoogleApiError, invalid } from '../errors';
import { listEventsPage, type EventListQuery } from '../event-query';
import { parsePropertyFilters } from '../extended-properties';
import { parseRfc3339 } from '../time';
import type { StoredCalendar } from '../types';

type CalendarParams = { Params: { calendarId: string } };
type EventParams = { Params: { calendarId: string; eventId: string } };
type RawQuery = Record<string, string | string[] | undefined>;

/** Parameters that Google refuses to combine with syncToken. */
const NOT_WITH_SYNC_TOKEN = ['iCalUID', 'orderBy', 'privateExtendedProperty', 'q', 'sharedExtendedProperty', 'timeMin', 'timeMax', 'updatedMin'];

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function many(query: RawQuery, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function bool(query: RawQuery, name: string): boolean {
  return single(query, name) === 'true';
}

export function parseListQuery(query: RawQuery): EventListQuery {
  const syncToken = single(query, 'syncToken');
  if (syncToken !== undefined) {
    const conflict = NOT_WITH_SYNC_TOKEN.find((name) => query[name] !== undefined);
    if (conflict) throw invalid(`The ${conflict} parameter cannot be combined with syncToken.`, conflict);
  }
  const rawMax = single(query, 'maxResults');
  const maxResults = rawMax === undefined ? 250 : Number(rawMax);
  if (!Number.isInteger(maxResults) || maxResults < 1) throw invalid('Invalid value for maxResults.', 'maxResults');
  const orderBy = single(query, 'orderBy');
  if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') throw invalid(`Invalid value for orderBy: ${orderBy}`, 'orderBy');
  const singleEvents = bool(query, 'singleEvents');
  if (orderBy === 'startTime' && !singleEvents) throw new GoogleApiError(400, 'badRequest', 'The requested ordering is not available for the particular query.');
  const timeMin = single(query, 'timeMin');
  const timeMax = single(query, 'timeMax');
  const updatedMin = single(query, 'updatedMin');
  const parsed: EventListQuery = {
    maxResults: Math.min(maxResults, 2500),
    pageToken: single(query, 'pageToken'),
    syncToken,
    timeMinMs: timeMin === undefined ? undefined : parseRfc3339(timeMin, 'timeMin'),
    timeMaxMs: timeMax === undefined ? undefined : parseRfc3339(timeMax, 'timeMax'),
    updatedMinMs: updatedMin === undefined ? undefined : parseRfc3339(updatedMin, 'updatedMin'),
    showDeleted: bool(query, 'showDeleted'),
    singleEvents,
    orderBy,
    q: single(query, 'q'),
    iCalUID: single(query, 'iCalUID'),
    privateFilters: parsePropertyFilters(many(query, 'privateExtendedProperty')),
    sharedFilters: parsePropertyFilters(many(query, 'sharedExtendedProperty')),
  };
  if (parsed.timeMinMs !== undefined && parsed.timeMaxMs !== undefined && parsed.timeMinMs > parsed.timeMaxMs) throw new GoogleApiError(400, 'timeRangeEmpty');
  return parsed;
}

function ifMatch(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match'];
  return Array.isArray(value) ? value[0] : value;
}

/** events.list/insert/get/update/patch/delete on `calendars/{calendarId}/events`. */
export function registerEventRoutes(app: FastifyInstance, ctx: SimContext): void {
  const calendarFor = (request: FastifyRequest<{ Params: { calendarId: string } }>, access: Access): StoredCalendar => {
    const user = authorize(ctx, request, 'read').user;
    const calendar = ctx.state.getCalendar(request.params.calendarId, user);
    authorize(ctx, request, access, calendar);
    return calendar;
  };

  app.get<CalendarParams>('/calendars/:calendarId/events', async (request) => {
    const calendar = calendarFor(request, 'read');
    const query = parseListQuery(request.query as RawQuery);
    const page = listEventsPage(ctx.state, calendar, query);
    const updated = page.items.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0).toISOString());
    return {
      kind: 'calendar#events',
      etag: `"${ctx.state.currentChangeSeq}"`,
      summary: calendar.calendar.summary,
      ...(calendar.calendar.description ? { description: calendar.calendar.description } : {}),
      updated,
      timeZone: calendar.calendar.timeZone,
      accessRole: 'owner',
      defaultReminders: [],
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
      ...(page.nextSyncToken ? { nextSyncToken: page.nextSyncToken } : {}),
      items: page.items,
    };
  });

  app.post<CalendarParams & { Body: unknown }>('/calendars/:calendarId/events', async (request) => {
    const calendar = calendarFor(request, 'writeEvents');
    return ctx.state.insertEvent(calendar.calendar.id, request.body, { actor: authorize(ctx, request, 'read').user });
  });

  app.get<EventParams>('/calendars/:calendarId/events/:eventId', async (request, reply) => {
    const calendar = calendarFor(request, 'read');
    const event = ctx.state.getEvent(calendar.calendar.id, request.params.eventId);
    reply.header('etag', event.etag);
    if (request.headers['if-none-match'] === event.etag) return reply.code(304).send();
    return event;
  });

  app.put<EventParams & { Body: unknown }>('/calendars/:calendarId/events/:eventId', async (request) => {
    const calendar = calendarFor(request, 'writeEvents');
    return ctx.state.updateEvent(calendar.calendar.id, request.params.eventId, request.body, { ifMatch: ifMatch(request) });
  });

  app.patch<EventParams & { Body: unknown }>('/calendars/:calendarId/events/:eventId', async (request) => {
    const calendar = calendarFor(request, 'writeEvents');
    return ctx.state.patchEvent(calendar.calendar.id, request.params.eventId, request.body, { ifMatch: ifMatch(request) });
  });

  app.delete<EventParams>('/calendars/:calendarId/events/:eventId', async (request, reply) => {
    const calendar = calendarFor(request, 'writeEvents');
    ctx.state.deleteEvent(calendar.calendar.id, request.params.eventId, { ifMatch: ifMatch(request) });
    return reply.code(204).send();
  });
}
