import { md5Hex } from '../md5';
import type { AdvowareBeteiligter, AdvowareKommunikation } from '../types';
import { detectKommKz } from './detect';
import { isSyncRelevantKommKz } from './kommkz';
import { parseBemerkung } from './markers';

/** An emptied entry waiting for reuse: slot marker and no value. */
export function isFreeSlot(entry: AdvowareKommunikation): boolean {
  return (entry.tlf ?? '').trim() === '' && parseBemerkung(entry.bemerkung).type === 'slot';
}

/**
 * Change detection for Kommunikation (Advoware's party rowId does not change when only its
 * entries change): the first 16 hex characters of MD5 over the rowIds of the sync-relevant
 * entries (kommKz 1–4, 6–10 after kommKz recovery), free slots excluded, sorted with plain
 * code-unit order and concatenated without a separator (rowIds are fixed-width).
 */
export function kommunikationHash(entries: readonly AdvowareKommunikation[], party?: AdvowareBeteiligter): string {
  const rowIds = entries
    .filter((entry) => isSyncRelevantKommKz(detectKommKz(entry, party)) && !isFreeSlot(entry))
    .map((entry) => entry.rowId)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return md5Hex(rowIds.join('')).slice(0, 16);
}
