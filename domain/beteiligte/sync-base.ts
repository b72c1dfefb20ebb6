import { MASTER_FIELDS, withKind, type MasterData } from './mapping';

/**
 * `advowareSyncBase`: what both sides agreed on at the last successful sync — normalised
 * master data and the Kommunikation keys. It is the "base" of every three-way decision.
 */
export interface SyncBase {
  v: 1;
  master: MasterData;
  kommunikation: string[];
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
  return { v: 1, master, kommunikation: [...(raw.kommunikation as string[])].sort() };
}

/** Stable text (fixed key order, sorted keys) so an unchanged base never looks changed. */
export function serializeSyncBase(base: SyncBase): string {
  const master: Record<string, string | null> = { kind: base.master.kind };
  for (const field of MASTER_FIELDS) master[field] = base.master[field];
  return JSON.stringify({ v: 1, master, kommunikation: [...base.kommunikation].sort() });
}
