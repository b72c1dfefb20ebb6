import type { CalendarAction, CalendarSnapshot, SnapshotEntry } from './plan-types';

/**
 * Changes to a snapshot: key → new entry, or null for "removed". A pass records only this in
 * history (O(changes)), never the whole snapshot (O(calendar)).
 */
export type SnapshotOverlay = Record<string, SnapshotEntry | null>;

const sameEntry = (a: SnapshotEntry | undefined, b: SnapshotEntry | undefined) =>
  a !== undefined && b !== undefined && a.eventId === b.eventId && a.hash === b.hash && a.start === b.start && a.end === b.end;

/** The overlay that turns `before` into `after`. */
export function diffSnapshots(before: CalendarSnapshot, after: CalendarSnapshot): SnapshotOverlay {
  const overlay: SnapshotOverlay = {};
  for (const [key, entry] of Object.entries(after)) if (!sameEntry(before[key], entry)) overlay[key] = entry;
  for (const key of Object.keys(before)) if (!(key in after)) overlay[key] = null;
  return overlay;
}

/** `base` with the overlays applied in order (later ones win). */
export function applyOverlays(base: CalendarSnapshot, ...overlays: SnapshotOverlay[]): CalendarSnapshot {
  const result: CalendarSnapshot = { ...base };
  for (const overlay of overlays) {
    for (const [key, entry] of Object.entries(overlay)) {
      if (entry === null) delete result[key];
      else result[key] = entry;
    }
  }
  return result;
}

/**
 * The part of a planned pass's overlay that is true when only some of its actions were applied:
 * keys (and event ids) that no planned action touches. The rest is recorded by a later pass,
 * once the remaining actions have run and the planner sees both sides agree.
 */
export function untouchedOverlay(overlay: SnapshotOverlay, before: CalendarSnapshot, actions: CalendarAction[]): SnapshotOverlay {
  const frNrs = new Set<string>();
  const eventIds = new Set<string>();
  for (const action of actions) {
    if ('frNr' in action && action.frNr !== null) frNrs.add(String(action.frNr));
    eventIds.add(action.eventId);
  }
  const result: SnapshotOverlay = {};
  for (const [key, entry] of Object.entries(overlay)) {
    const eventId = entry?.eventId ?? before[key]?.eventId;
    if (frNrs.has(key) || (eventId !== undefined && eventIds.has(eventId))) continue;
    result[key] = entry;
  }
  return result;
}

/** At most `max` changes of an overlay (in key order), and whether some were left out. */
export function limitOverlay(overlay: SnapshotOverlay, max: number): { overlay: SnapshotOverlay; cut: boolean } {
  const keys = Object.keys(overlay);
  if (keys.length <= max) return { overlay, cut: false };
  return { overlay: Object.fromEntries(keys.slice(0, max).map((k) => [k, overlay[k]])), cut: true };
}
