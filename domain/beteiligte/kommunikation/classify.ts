import type { AdvowareBeteiligter, AdvowareKommunikation, EspoEmail, EspoPhone } from '../types';
import { detectKommKz } from './detect';
import { espoEmailKey, espoPhoneKey, espoPhoneTarget, kommKey, type KommKey } from './keys';
import { espoTargetForKommKz, kindOfTarget, type EspoTarget } from './kommkz';
import { parseBemerkung, type ParsedBemerkung } from './markers';

/** One sync-relevant Advoware entry, read once. */
export interface AdvoItem {
  entry: AdvowareKommunikation;
  /** Recovered when Advoware reports 0. */
  kommKz: number;
  target: EspoTarget;
  parsed: ParsedBemerkung;
  /** `tlf` trimmed; '' when empty. */
  value: string;
  /** Identity of the current value; null when the entry is empty. */
  key: KommKey | null;
  /** Identity of the value our marker recorded at the last sync (the per-entry base). */
  markerKey: KommKey | null;
}

export function classifyAdvoware(entries: readonly AdvowareKommunikation[], party?: AdvowareBeteiligter): AdvoItem[] {
  const items: AdvoItem[] = [];
  for (const entry of entries) {
    const kommKz = detectKommKz(entry, party);
    const target = espoTargetForKommKz(kommKz);
    if (target === null) continue; // 5, 11, 12: never touched
    const kind = kindOfTarget(target);
    const parsed = parseBemerkung(entry.bemerkung);
    const value = (entry.tlf ?? '').trim();
    items.push({
      entry,
      kommKz,
      target,
      parsed,
      value,
      key: kommKey(kind, value),
      markerKey: parsed.type === 'marker' ? kommKey(kind, parsed.value) : null,
    });
  }
  return items.sort((a, b) => a.entry.id - b.entry.id);
}

export type EspoListEntry = { list: 'email'; entry: EspoEmail } | { list: 'phone'; entry: EspoPhone };

/** One EspoCRM e-mail or phone entry; `key` null for an empty value, `duplicate` for a repeat of an earlier key. */
export interface EspoItem {
  source: EspoListEntry;
  key: KommKey | null;
  target: EspoTarget;
  value: string;
  duplicate: boolean;
}

export function classifyEspo(emails: readonly EspoEmail[], phones: readonly EspoPhone[]): EspoItem[] {
  const seen = new Set<KommKey>();
  const items: EspoItem[] = [];
  const add = (source: EspoListEntry, key: KommKey | null, target: EspoTarget, value: string): void => {
    const duplicate = key !== null && seen.has(key);
    if (key !== null) seen.add(key);
    items.push({ source, key, target, value: value.trim(), duplicate });
  };
  for (const entry of emails) add({ list: 'email', entry }, espoEmailKey(entry), 'email', entry.emailAddress ?? '');
  for (const entry of phones) add({ list: 'phone', entry }, espoPhoneKey(entry), espoPhoneTarget(entry), entry.phoneNumber ?? '');
  return items;
}
