import { GoogleApiError } from './errors';
import { matchesPropertyFilters } from './extended-properties';
import { expandInstances, seriesEndMs } from './recurrence';
import type { GoogleState } from './state';
import { toMillis } from './time';
import { decodePageToken, decodeSyncToken, encodePageToken, encodeSyncToken } from './tokens';
import type { EventJson, StoredCalendar } from './types';

export interface EventListQuery {
  maxResults: number;
  pageToken?: string;
  syncToken?: string;
  timeMinMs?: number;
  timeMaxMs?: number;
  updatedMinMs?: number;
  showDeleted: boolean;
  singleEvents: boolean;
  orderBy?: 'startTime' | 'updated';
  q?: string;
  iCalUID?: string;
  privateFilters: [string, string][];
  sharedFilters: [string, string][];
}

export interface EventListPage {
  items: EventJson[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

interface Row {
  key: string;
  event: EventJson;
}

const pad = (n: number): string => Math.max(0, Math.floor(n)).toString().padStart(16, '0');

/** Deleted entries are only guaranteed to carry their id; lists trim them to that (get does not). */
function trimCancelled(event: EventJson): EventJson {
  if (event.status !== 'cancelled') return event;
  const trimmed: Record<string, unknown> = { kind: event.kind, etag: event.etag, id: event.id, status: event.status, updated: event.updated };
  if (event.recurringEventId) trimmed.recurringEventId = event.recurringEventId;
  if (event.originalStartTime) trimmed.originalStartTime = event.originalStartTime;
  return trimmed as EventJson;
}

function matchesText(event: EventJson, q: string): boolean {
  const needle = q.toLowerCase();
  return [event.summary, event.description, event.location].some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

function overlaps(startMs: number, endMs: number, query: EventListQuery): boolean {
  // timeMin bounds the END (inclusive), timeMax bounds the START (exclusive).
  if (query.timeMinMs !== undefined && endMs < query.timeMinMs) return false;
  if (query.timeMaxMs !== undefined && startMs >= query.timeMaxMs) return false;
  return true;
}

function rowsFor(event: EventJson, timeZone: string, query: EventListQuery): EventJson[] {
  if (!event.start || !event.end) return [];
  const recurring = Array.isArray(event.recurrence) && event.recurrence.length > 0;
  if (recurring && query.singleEvents) {
    const instances = expandInstances(event.start, event.end, event.recurrence ?? [], timeZone, query.timeMaxMs);
    return instances
      .filter((i) => overlaps(i.startMs, i.endMs, query))
      .map((i) => {
        const { recurrence: _recurrence, ...rest } = event;
        return { ...rest, id: `${event.id}_${i.idSuffix}`, start: i.start, end: i.end, recurringEventId: event.id, originalStartTime: i.originalStartTime };
      });
  }
  const startMs = toMillis(event.start, timeZone);
  const endMs = recurring ? seriesEndMs(event.start, event.end, event.recurrence ?? [], timeZone) : toMillis(event.end, timeZone);
  return overlaps(startMs, endMs, query) ? [event] : [];
}

function sortKey(event: EventJson, timeZone: string, orderBy: EventListQuery['orderBy']): string {
  if (orderBy === 'startTime' && event.start) return `${pad(toMillis(event.start, timeZone))}|${event.id}`;
  if (orderBy === 'updated') return `${pad(Date.parse(event.updated))}|${event.id}`;
  return event.id;
}

/**
 * One page of events.list: full listing (filters, time window, expansion) or, with a sync token,
 * only what changed since the token, deletions included. nextSyncToken comes on the last page only.
 */
export function listEventsPage(state: GoogleState, calendar: StoredCalendar, query: EventListQuery): EventListPage {
  const calendarId = calendar.calendar.id;
  const timeZone = calendar.calendar.timeZone;
  let changedSince: number | undefined;
  if (query.syncToken !== undefined) {
    const token = decodeSyncToken(query.syncToken);
    if (token.calendarId !== calendarId || token.epoch !== state.syncEpoch(calendarId)) throw new GoogleApiError(410, 'fullSyncRequired');
    changedSince = token.seq;
  }
  const page = query.pageToken ? decodePageToken(query.pageToken) : undefined;
  const snapshot = page?.snapshot ?? state.currentChangeSeq;

  const rows: Row[] = [];
  for (const stored of state.storedEvents(calendarId)) {
    const event = stored.event;
    if (changedSince !== undefined) {
      if (stored.changeSeq <= changedSince) continue;
    } else {
      const includeDeleted = query.showDeleted || query.updatedMinMs !== undefined;
      if (event.status === 'cancelled' && !includeDeleted) continue;
      if (query.updatedMinMs !== undefined && Date.parse(event.updated) < query.updatedMinMs) continue;
      if (query.q && !matchesText(event, query.q)) continue;
      if (query.iCalUID && event.iCalUID !== query.iCalUID) continue;
      if (!matchesPropertyFilters(event.extendedProperties, query.privateFilters, query.sharedFilters)) continue;
    }
    for (const row of rowsFor(event, timeZone, query)) rows.push({ key: sortKey(row, timeZone, query.orderBy), event: row });
  }
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const remaining = page ? rows.filter((r) => r.key > page.after) : rows;
  const pageRows = remaining.slice(0, query.maxResults);
  const result: EventListPage = { items: pageRows.map((r) => trimCancelled(structuredClone(r.event))) };
  if (remaining.length > pageRows.length) {
    result.nextPageToken = encodePageToken({ after: pageRows[pageRows.length - 1].key, snapshot });
  } else {
    result.nextSyncToken = encodeSyncToken({ calendarId, seq: snapshot, epoch: state.syncEpoch(calendarId) });
  }
  return result;
}
