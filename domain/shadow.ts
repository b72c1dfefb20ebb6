/**
 * Shadow mode (BETEILIGTE_MODE / CALENDAR_MODE = shadow): passes read both sides and plan as
 * usual, but every write goes to a recorder instead of the system. What was recorded travels
 * back in the activity result and is kept in workflow state (status query, Web UI event
 * history) where `advoware-bridge report shadow` reads it. Only field NAMES are recorded, never
 * values: workflow state must not become a second copy of the firm's client data.
 */
export type SyncMode = 'live' | 'shadow' | 'off';

export interface PlannedWrite {
  system: 'advoware' | 'espocrm' | 'google';
  /** The client call that would have been made, e.g. `update`, `createBeteiligte`, `insertEvent`. */
  op: string;
  /** What it would have written to, e.g. `CBeteiligte/5f1…`, `Beteiligte/104860`, `Task`, `event <id>`. */
  target: string;
  /** Resource for per-field counts: `CBeteiligte`, `Beteiligte`, `Kommunikation`, `Task`, `event`, … */
  resource: string;
  /** Top-level fields the write would set (for updates: only those that differ). */
  fields: string[];
}

export interface ShadowSummary {
  total: number;
  /** `system.op` → count. */
  byKind: Record<string, number>;
  /** `system resource.field` → count. */
  byField: Record<string, number>;
  /** The writes themselves, capped so workflow state stays small; `omitted` says how many were left out. */
  writes: PlannedWrite[];
  omitted: number;
}

export const kindOf = (w: Pick<PlannedWrite, 'system' | 'op'>) => `${w.system}.${w.op}`;

export class ShadowRecorder {
  readonly writes: PlannedWrite[] = [];

  record(write: PlannedWrite): void {
    this.writes.push({ ...write, fields: [...new Set(write.fields)].sort() });
  }

  summary(maxListed = 100): ShadowSummary {
    return summarise(this.writes, maxListed);
  }
}

export function summarise(writes: readonly PlannedWrite[], maxListed = 100): ShadowSummary {
  const byKind: Record<string, number> = {};
  const byField: Record<string, number> = {};
  for (const write of writes) {
    byKind[kindOf(write)] = (byKind[kindOf(write)] ?? 0) + 1;
    for (const field of write.fields) {
      const key = `${write.system} ${write.resource}.${field}`;
      byField[key] = (byField[key] ?? 0) + 1;
    }
  }
  return { total: writes.length, byKind, byField, writes: writes.slice(0, maxListed), omitted: Math.max(0, writes.length - maxListed) };
}

/** Adds two summaries (an employee pass applied in several batches). */
export function mergeSummaries(a: ShadowSummary | null | undefined, b: ShadowSummary, maxListed = 100): ShadowSummary {
  if (!a) return b;
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const writes = [...a.writes, ...b.writes];
  return {
    total: a.total + b.total,
    byKind: add(a.byKind, b.byKind),
    byField: add(a.byField, b.byField),
    writes: writes.slice(0, maxListed),
    omitted: a.omitted + b.omitted + Math.max(0, writes.length - maxListed),
  };
}

/** Fields of `next` whose value differs from `current` (JSON equality; good enough for wire records). */
export function changedFields(current: Record<string, unknown> | undefined, next: Record<string, unknown>): string[] {
  if (!current) return Object.keys(next);
  return Object.keys(next).filter((key) => JSON.stringify(current[key] ?? null) !== JSON.stringify(next[key] ?? null));
}
