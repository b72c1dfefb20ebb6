import { MASTER_FIELDS, withKind, type MasterData, type MasterField } from './mapping';
import { parseTimestamp } from './normalise';

export type MasterDecisionKind = 'no_change' | 'espo_to_advoware' | 'advoware_to_espo' | 'merged' | 'conflict' | 'first_sync';

export interface MasterConflict {
  field: MasterField;
  espoValue: string | null;
  advowareValue: string | null;
}

export interface MasterDecision {
  merged: MasterData;
  toEspo: Partial<MasterData>;
  toAdvoware: Partial<MasterData>;
  conflicts: MasterConflict[];
  kind: MasterDecisionKind;
}

export interface DecideMasterInput {
  espo: MasterData;
  advo: MasterData;
  /** What both sides agreed on at the last sync; null = first sync. */
  base: MasterData | null;
  espoModifiedAt?: string | null;
  advoGeaendertAm?: string | null;
}

/**
 * First sync (no base): the newer side wins (EspoCRM `modifiedAt` vs Advoware
 * `geaendertAm`); only one timestamp → that side; neither or equal → EspoCRM.
 */
export function firstSyncWinner(espoModifiedAt?: string | null, advoGeaendertAm?: string | null): 'espo' | 'advoware' {
  const espo = parseTimestamp(espoModifiedAt);
  const advo = parseTimestamp(advoGeaendertAm);
  if (espo !== null && advo !== null) return advo > espo ? 'advoware' : 'espo';
  return espo === null && advo !== null ? 'advoware' : 'espo';
}

function diff(from: MasterData, to: MasterData): Partial<MasterData> {
  const changes: Partial<MasterData> = {};
  for (const field of MASTER_FIELDS) if (from[field] !== to[field]) changes[field] = to[field];
  return changes;
}

/**
 * The master-data decision (docs/SYNC_RULES.md), per field against the base: unchanged
 * both → keep; one side changed → take it; both changed to different values → EspoCRM wins
 * and the overwritten Advoware value is reported. Without a base, the winner's values are
 * taken, and a field empty on the winner's side is filled from the other side rather than
 * erased (a first sync has no evidence that anyone deleted it).
 */
export function decideMaster(input: DecideMasterInput): MasterDecision {
  const { espo, advo, base } = input;
  const conflicts: MasterConflict[] = [];
  const chosen = { ...espo };

  if (base === null) {
    const winner = firstSyncWinner(input.espoModifiedAt, input.advoGeaendertAm) === 'espo' ? espo : advo;
    const other = winner === espo ? advo : espo;
    for (const field of MASTER_FIELDS) chosen[field] = winner[field] ?? other[field];
  } else {
    for (const field of MASTER_FIELDS) {
      const [e, a, b] = [espo[field], advo[field], base[field]];
      if (e === a || a === b) chosen[field] = e;
      else if (e === b) chosen[field] = a;
      else {
        chosen[field] = e;
        conflicts.push({ field, espoValue: e, advowareValue: a });
      }
    }
  }

  const merged = withKind(chosen);
  const toEspo = diff(espo, merged);
  const toAdvoware = diff(advo, merged);
  const espoChanges = Object.keys(toEspo).length > 0;
  const advoChanges = Object.keys(toAdvoware).length > 0;
  let kind: MasterDecisionKind;
  if (conflicts.length > 0) kind = 'conflict';
  else if (base === null && (espoChanges || advoChanges)) kind = 'first_sync';
  else if (espoChanges && advoChanges) kind = 'merged';
  else if (advoChanges) kind = 'espo_to_advoware';
  else if (espoChanges) kind = 'advoware_to_espo';
  else kind = 'no_change';
  return { merged, toEspo, toAdvoware, conflicts, kind };
}
