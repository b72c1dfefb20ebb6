import { gunzipSync, gzipSync } from 'node:zlib';
import type { Client } from '@temporalio/client';
import { applyOverlays, eventIdForFrNr, type CalendarSnapshot } from '../../domain/calendar';
import { calendarSnapshotQuery, type CalendarSnapshotRef } from '../../workflows/messages';

/**
 * The agreed snapshot of a calendar workflow lives in its history, but never whole in one
 * payload: a packed base (gzip, carried over continue-as-new) plus the per-pass overlays of the
 * current run. Activities read it with a query — query answers are not recorded in history.
 */

/** gzip + base64 of the snapshot; event ids that follow from the frNr are left out. */
export function packSnapshot(snapshot: CalendarSnapshot): string {
  const compact = Object.entries(snapshot).map(([key, e]) => {
    const derived = /^\d+$/.test(key) && e.eventId === eventIdForFrNr(Number(key));
    return [key, e.hash, e.start ?? null, e.end === undefined ? 0 : e.end, ...(derived ? [] : [e.eventId])];
  });
  return gzipSync(JSON.stringify(compact), { level: 9 }).toString('base64');
}

export function unpackSnapshot(packed: string | null | undefined): CalendarSnapshot {
  if (!packed) return {};
  const compact = JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as [string, string, string | null, string | null | 0, string?][];
  const snapshot: CalendarSnapshot = {};
  for (const [key, hash, start, end, eventId] of compact) {
    snapshot[key] = { eventId: eventId ?? eventIdForFrNr(Number(key)), hash, ...(start !== null ? { start } : {}), ...(end !== 0 ? { end } : {}) };
  }
  return snapshot;
}

/** The workflow's current snapshot: legacy inline part, packed base, then this run's overlays. */
export async function loadCalendarSnapshot(client: Client, ref: CalendarSnapshotRef): Promise<CalendarSnapshot> {
  const parts = await client.workflow.getHandle(ref.workflowId, ref.runId).query(calendarSnapshotQuery);
  return applyOverlays({ ...parts.inline, ...unpackSnapshot(parts.packed) }, parts.overlay);
}
