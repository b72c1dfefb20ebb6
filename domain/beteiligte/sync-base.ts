import { parseRejectedKomm, sortRejectedKomm, type RejectedKomm } from './kommunikation/verify';
import { MASTER_FIELDS, withKind, type MasterData, type MasterField } from './mapping';

/**
 * `advowareSyncBase`: what both sides agreed on at the last successful sync — normalised
 * master data and the Kommunikation keys. It is the "base" of every three-way decision.
 */
export interface SyncBase {
  v: 1;
  master: MasterData;
  kommunikation: string[];
  /**
   * Master fields Advoware did not keep when written (verify-after-write): EspoCRM still holds
   * `wanted`, Advoware `kept` (= `master[field]`). While both stay so, the field is left alone —
   * neither re-sent nor copied back over the EspoCRM edit. Absent when empty.
   */
  rejected?: Partial<Record<MasterField, { wanted: string | null; kept: string | null }>>;
  /**
   * Kommunikation fields Advoware did not keep when written (kommunikation/verify.ts): per
   * entry id and field, what was wanted and what Advoware kept. While the entry still holds the
   * kept value the plan sees the wanted one. Absent when empty.
   */
  kommRejected?: RejectedKomm[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tolerant: anything unreadable counts as "no base" (the next pass is a first sync). */
export function parseSyncBase(text: string | null | undefined): SyncBase | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(raw) || raw.v !== 1 || !isRecord(raw.master) || !Array.isArray(raw.kommunikation)) return null;
  const rawMaster = raw.master;
  if (!raw.kommunikation.every((key) => typeof key === 'string')) return null;
  const fields: Partial<Record<string, string | null>> = {};
  for (const field of MASTER_FIELDS) {
    const value = rawMaster[field];
    if (value !== null && value !== undefined && typeof value !== 'string') return null;
    fields[field] = value ?? null;
  }
  const master = withKind(fields as Omit<MasterData, 'kind'>);
  const base: SyncBase = { v: 1, master, kommunikation: [...(raw.kommunikation as string[])].sort() };
  const rejected = parseRejected(raw.rejected);
  if (rejected) base.rejected = rejected;
  const kommRejected = parseRejectedKomm(raw.kommRejected);
  if (kommRejected) base.kommRejected = kommRejected;
  return base;
}

const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** Tolerant: unreadable entries are dropped (the field is then synced normally). */
function parseRejected(raw: unknown): SyncBase['rejected'] | undefined {
  if (!isRecord(raw)) return undefined;
  const out: NonNullable<SyncBase['rejected']> = {};
  for (const field of MASTER_FIELDS) {
    const entry = raw[field];
    if (isRecord(entry) && textOrNull(entry.wanted) && textOrNull(entry.kept)) out[field] = { wanted: entry.wanted, kept: entry.kept };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Stable text (fixed key order, sorted keys) so an unchanged base never looks changed. */
export function serializeSyncBase(base: SyncBase): string {
  const master: Record<string, string | null> = { kind: base.master.kind };
  for (const field of MASTER_FIELDS) master[field] = base.master[field];
  const text: Record<string, unknown> = { v: 1, master, kommunikation: [...base.kommunikation].sort() };
  const rejected: Record<string, { wanted: string | null; kept: string | null }> = {};
  for (const field of MASTER_FIELDS) {
    const entry = base.rejected?.[field];
    if (entry) rejected[field] = { wanted: entry.wanted, kept: entry.kept };
  }
  if (Object.keys(rejected).length > 0) text.rejected = rejected;
  if (base.kommRejected && base.kommRejected.length > 0) {
    text.kommRejected = sortRejectedKomm(base.kommRejected).map(({ id, field, wanted, kept, kommKz }) => ({ id, field, wanted, kept, kommKz }));
  }
  return JSON.stringify(text);
}
