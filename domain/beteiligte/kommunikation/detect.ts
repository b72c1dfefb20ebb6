import type { AdvowareBeteiligter, AdvowareKommunikation } from '../types';
import { normaliseEmail, normalisePhone } from '../normalise';
import { KOMMKZ_EMAIL, KOMMKZ_PHONE_DEFAULT, isValidKommKz } from './kommkz';
import { parseBemerkung } from './markers';

/**
 * Top-level party fields that repeat a communication value, by kommKz. The names are the
 * commonly seen Advoware ones and are unverified; a miss only falls through to the next stage.
 */
const PARTY_FIELDS: ReadonlyArray<[string, number]> = [
  ['telefon', 1],
  ['telefax', 2],
  ['fax', 2],
  ['mobil', 3],
  ['email', 4],
];

/**
 * The entry's kommKz. Advoware sometimes reports 0 on read, so the type is recovered in
 * order from: (1) our marker or slot marker, (2) a top-level party field holding the same
 * value, (3) the value's shape (`@` → e-mail), (4) the default business phone.
 */
export function detectKommKz(entry: AdvowareKommunikation, party?: AdvowareBeteiligter): number {
  if (isValidKommKz(entry.kommKz)) return entry.kommKz;
  const parsed = parseBemerkung(entry.bemerkung);
  if (parsed.type !== 'none' && isValidKommKz(parsed.kommKz)) return parsed.kommKz;
  const value = (entry.tlf ?? '').trim();
  if (party && value !== '') {
    for (const [field, code] of PARTY_FIELDS) {
      const candidate = party[field];
      if (typeof candidate !== 'string' || candidate.trim() === '') continue;
      const same = code === KOMMKZ_EMAIL
        ? normaliseEmail(candidate) === normaliseEmail(value)
        : normalisePhone(candidate) === normalisePhone(value);
      if (same) return code;
    }
  }
  if (value.includes('@')) return KOMMKZ_EMAIL;
  return KOMMKZ_PHONE_DEFAULT;
}
