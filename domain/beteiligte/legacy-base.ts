import { classifyAdvoware } from './kommunikation/classify';
import { kindOf, MASTER_FIELDS, masterFromAdvoware, masterFromEspo, type MasterData, type MasterField } from './mapping';
import { firstSyncWinner } from './merge';
import { parseTimestamp } from './normalise';
import type { SyncBase } from './sync-base';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

/**
 * Where a pass's three-way base came from: the stored `advowareSyncBase`, derived from the
 * old Python system's traces (a record it linked), or none (a true first sync).
 */
export type BaseSource = 'stored' | 'derived_legacy' | 'none';

/**
 * Slack when comparing a side's last change with the old system's `advowareLastSync`: the old
 * system wrote Advoware before and EspoCRM (with `advowareLastSync`) at the end of its pass, so
 * its own writes land within seconds of that time.
 */
export const LEGACY_CLOCK_TOLERANCE_MS = 2 * 60_000;

/**
 * Stands for "both sides changed the field since the old system's last sync, the agreed value
 * is unknown". Never equal to a normalised value, so decideMaster sees a conflict (EspoCRM wins,
 * the Advoware value is reported) — the old system's rule when both sides changed. It never
 * reaches the stored base: the next base is the merged data.
 */
const UNKNOWN = '\u0000unknown-legacy-base';

export interface LegacyBaseInput {
  espo: EspoBeteiligte;
  advo: AdvowareBeteiligter;
  toleranceMs?: number;
}

/**
 * A base for a record the old system linked (`betnr` and `advowareLastSync` set, no
 * `advowareSyncBase`), so its first pass after the cut-over runs the normal three-way rules
 * instead of a first sync that unions Kommunikation and resurrects deletions.
 *
 * Kommunikation: the keys named by the old system's markers `[ESPOCRM:<base64>:<kommKz>]` —
 * each is the value both sides agreed on at its last sync (docs/SYNC_RULES.md,
 * records linked by the old system). Entries without a marker and EspoCRM values without one are new; slots are not in it.
 *
 * Master data, per field, from the record-level evidence L = `advowareLastSync`: EspoCRM
 * changed when `modifiedAt` is later than L + tolerance; Advoware changed when its `rowId`
 * differs from the stored `advowareRowId` (every master-data write gives a new rowId; only
 * without a stored rowId: `geaendertAm` later than L + tolerance). Then:
 * - both values equal → that value;
 * - only Advoware changed → EspoCRM's value is the base (Advoware's edit goes to EspoCRM);
 * - only EspoCRM changed → Advoware's value is the base (EspoCRM's edit goes to Advoware);
 * - both changed → unknown: a conflict, EspoCRM wins and the Advoware value is reported;
 * - neither changed, or a timestamp is missing → no evidence: the first-sync rule for that
 *   field (newer side wins, an empty value is filled from the other side, never erased).
 *
 * Returns null when the record is not such a legacy record.
 */
export function deriveLegacyBase(input: LegacyBaseInput): SyncBase | null {
  const { espo, advo } = input;
  const lastSync = parseTimestamp(espo.advowareLastSync);
  if (!espo.betnr || lastSync === null) return null;
  const tolerance = input.toleranceMs ?? LEGACY_CLOCK_TOLERANCE_MS;
  const changedSince = (at: string | null | undefined): boolean | null => {
    const time = parseTimestamp(at);
    return time === null ? null : time > lastSync + tolerance;
  };
  const espoChanged = changedSince(espo.modifiedAt);
  // Advoware gives every master-data write a new rowId; the old system stored the one it left.
  const advoChanged = espo.advowareRowId ? advo.rowId !== espo.advowareRowId : changedSince(advo.geaendertAm);

  const e = masterFromEspo(espo);
  const a = masterFromAdvoware(advo);
  const winner = firstSyncWinner(espo.modifiedAt, advo.geaendertAm);
  const fields = {} as Record<MasterField, string | null>;
  for (const field of MASTER_FIELDS) {
    const [ev, av] = [e[field], a[field]];
    if (ev === av) fields[field] = ev;
    else if (espoChanged === false && advoChanged === true) fields[field] = ev;
    else if (advoChanged === false && espoChanged === true) fields[field] = av;
    else if (espoChanged === true && advoChanged === true) fields[field] = UNKNOWN;
    else {
      // No evidence: make decideMaster pick what a first sync would.
      const chosen = winner === 'espo' ? (ev ?? av) : (av ?? ev);
      fields[field] = chosen === ev ? av : ev;
    }
  }
  const rechtsform = fields.rechtsform === UNKNOWN ? e.rechtsform : fields.rechtsform;
  const master: MasterData = { ...fields, kind: kindOf(rechtsform) };

  const kommunikation = new Set<string>();
  for (const item of classifyAdvoware(advo.kommunikation ?? [], advo)) {
    if (item.parsed.type === 'marker' && item.markerKey !== null) kommunikation.add(item.markerKey);
  }
  return { v: 1, master, kommunikation: [...kommunikation].sort() };
}
