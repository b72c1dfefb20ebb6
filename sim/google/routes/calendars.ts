import type { FastifyInstance } from 'fastify';
import { authorize, type SimContext } from '../context';
import { GoogleApiError, invalid } from '../errors';
import { decodePageToken, decodeSyncToken, encodePageToken, encodeSyncToken } from '../tokens';
import { isPlainObject, type StoredCalendar } from '../types';

type CalendarParams = { Params: { calendarId: string } };
type ListQuery = { Querystring: { maxResults?: string; pageToken?: string; syncToken?: string; showDeleted?: string; minAccessRole?: string } };

function listEntry(stored: StoredCalendar): Record<string, unknown> {
  const { calendar } = stored;
  const entry: Record<string, unknown> = {
    kind: 'calendar#calendarListEntry',
    etag: calendar.etag,
    id: calendar.id,
    summary: calendar.summary,
    timeZone: calendar.timeZone,
    accessRole: 'owner',
    defaultReminders: [],
  };
  if (calendar.description) entry.description = calendar.description;
  if (stored.primary) entry.primary = true;
  if (stored.deleted) entry.deleted = true;
  return entry;
}

/** calendars.insert/get/patch/delete and users/me/calendarList (the caller's own calendars only). */
export function registerCalendarRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post<{ Body: unknown }>('/calendars', async (request) => {
    const token = authorize(ctx, request, 'writeCalendars');
    const body = isPlainObject(request.body) ? request.body : {};
    return ctx.state.createCalendar(token.user, body);
  });

  app.get<CalendarParams>('/calendars/:calendarId', async (request) => {
    const calendar = ctx.state.getCalendar(request.params.calendarId, authorize(ctx, request, 'read').user);
    authorize(ctx, request, 'read', calendar);
    return calendar.calendar;
  });

  app.patch<CalendarParams & { Body: unknown }>('/calendars/:calendarId', async (request) => {
    const calendar = ctx.state.getCalendar(request.params.calendarId, authorize(ctx, request, 'read').user);
    authorize(ctx, request, 'writeCalendars', calendar);
    const body = isPlainObject(request.body) ? request.body : {};
    for (const field of ['summary', 'timeZone', 'description', 'location'] as const) {
      if (typeof body[field] === 'string') calendar.calendar[field] = body[field] as string;
    }
    return calendar.calendar;
  });

  app.delete<CalendarParams>('/calendars/:calendarId', async (request, reply) => {
    const user = authorize(ctx, request, 'read').user;
    const calendar = ctx.state.getCalendar(request.params.calendarId, user);
    authorize(ctx, request, 'writeCalendars', calendar);
    ctx.state.deleteCalendar(calendar.calendar.id, user);
    return reply.code(204).send();
  });

  app.get<ListQuery>('/users/me/calendarList', async (request) => {
    const user = authorize(ctx, request, 'read').user;
    const { query } = request;
    const maxResults = query.maxResults === undefined ? 100 : Math.min(Number(query.maxResults), 250);
    if (!Number.isInteger(maxResults) || maxResults < 1) throw invalid('Invalid value for maxResults.', 'maxResults');
    const listKey = `calendarList:${user}`;
    let since: number | undefined;
    if (query.syncToken !== undefined) {
      if (query.minAccessRole !== undefined) throw invalid('minAccessRole cannot be combined with syncToken.', 'minAccessRole');
      const token = decodeSyncToken(query.syncToken);
      if (token.calendarId !== listKey || token.epoch !== ctx.state.syncEpoch(listKey)) throw new GoogleApiError(410, 'fullSyncRequired');
      since = token.seq;
    }
    const page = query.pageToken ? decodePageToken(query.pageToken) : undefined;
    const snapshot = page?.snapshot ?? ctx.state.currentChangeSeq;
    const entries = ctx.state
      .listCalendars(user, { includeDeleted: since !== undefined || query.showDeleted === 'true' })
      .filter((c) => since === undefined || c.changeSeq > since)
      .sort((a, b) => (a.calendar.id < b.calendar.id ? -1 : 1))
      .filter((c) => !page || c.calendar.id > page.after);
    const items = entries.slice(0, maxResults);
    const result: Record<string, unknown> = { kind: 'calendar#calendarList', etag: `"${snapshot}"`, items: items.map(listEntry) };
    if (entries.length > items.length) result.nextPageToken = encodePageToken({ after: items[items.length - 1].calendar.id, snapshot });
    else result.nextSyncToken = encodeSyncToken({ calendarId: listKey, seq: snapshot, epoch: ctx.state.syncEpoch(listKey) });
    return result;
  });

  app.get<CalendarParams>('/users/me/calendarList/:calendarId', async (request) => {
    const user = authorize(ctx, request, 'read').user;
    const calendar = ctx.state.getCalendar(request.params.calendarId, user);
    if (calendar.owner !== user) throw new GoogleApiError(404, 'notFound');
    return listEntry(calendar);
  });
}
