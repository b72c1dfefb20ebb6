import { toEspoTimestamp } from './backoff';
import { parseTimestamp } from './normalise';
import { serializeSyncBase, type SyncBase } from './sync-base';
import type { EspoBeteiligte } from './types';

export type PassOutcome = 'no_change' | 'clean' | 'conflict';

/** A pass that changed nothing refreshes `advowareLastSync` only when it is older than this. */
export const LAST_SYNC_REFRESH_MS = 60 * 60_000;

/** A type alias (not an interface) so it passes as Record<string, unknown>. */
export type SyncFields = {
  syncStatus: 'clean' | 'conflict';
  advowareLastSync: string;
  advowareRowId: string;
  kommunikationHash: string;
  advowareSyncBase: string;
  syncRetryCount: number;
  syncNextRetry: null;
  syncAutoResetAt: null;
  syncErrorMessage: null;
};

/** Attributes EspoCRM computes itself; never a reason to write. */
const READ_ONLY_ATTRIBUTES = new Set(['lower']);

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Equality as EspoCRM stores values: null, undefined and '' are the same; read-only attributes ignored. */
export function sameEspoValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameEspoValue(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((key) => READ_ONLY_ATTRIBUTES.has(key) || sameEspoValue(left[key], right[key]));
  }
  return a === b;
}

/** The record's value of an attribute named at run time (a patch key); undefined when it has none. */
export function espoAttribute(espo: EspoBeteiligte, key: string): unknown {
  return Reflect.get(espo, key);
}

/** False when every value in the patch already equals the record — then nothing is written (no webhook ping-pong). */
export function needsEspoWrite(espo: EspoBeteiligte, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).some(([key, value]) => !sameEspoValue(espoAttribute(espo, key), value));
}

/**
 * EspoCRM sync fields after a successful pass. A `conflict` status stays visible through
 * later passes that change nothing; `advowareLastSync` moves only when something else is
 * written or it is older than LAST_SYNC_REFRESH_MS, so an idle pass writes nothing.
 */
export function syncFieldsAfterSuccess(input: {
  espo: EspoBeteiligte;
  outcome: PassOutcome;
  advowareRowId: string;
  kommunikationHash: string;
  nextBase: SyncBase;
  now: number | Date;
}): SyncFields {
  const { espo, outcome } = input;
  const now = typeof input.now === 'number' ? input.now : input.now.getTime();
  const keepConflict = outcome === 'no_change' && espo.syncStatus === 'conflict';
  const fields: SyncFields = {
    syncStatus: outcome === 'conflict' || keepConflict ? 'conflict' : 'clean',
    advowareLastSync: toEspoTimestamp(now),
    advowareRowId: input.advowareRowId,
    kommunikationHash: input.kommunikationHash,
    advowareSyncBase: serializeSyncBase(input.nextBase),
    syncRetryCount: 0,
    syncNextRetry: null,
    syncAutoResetAt: null,
    syncErrorMessage: null,
  };
  const lastSync = parseTimestamp(espo.advowareLastSync);
  const { advowareLastSync: _ignored, ...others } = fields;
  const idle = outcome === 'no_change' && !needsEspoWrite(espo, others);
  if (idle && espo.advowareLastSync && lastSync !== null && now - lastSync < LAST_SYNC_REFRESH_MS && now >= lastSync) {
    fields.advowareLastSync = espo.advowareLastSync;
  }
  return fields;
}
