/**
 * Address fields as both systems hold them. Advoware's POST takes all of them; its PUT changes
 * only the four WRITABLE ones and silently ignores the rest (docs/SYNC_RULES.md, Adressen).
 */
export const ADRESSE_FIELDS = [
  'strasse', 'plz', 'ort', 'anschrift', 'land', 'postfach', 'postfachPLZ', 'standardAnschrift', 'gueltigVon', 'gueltigBis', 'reihenfolgeIndex',
] as const;
export type AdresseField = (typeof ADRESSE_FIELDS)[number];

export const WRITABLE_FIELDS: ReadonlySet<AdresseField> = new Set(['strasse', 'plz', 'ort', 'anschrift']);

export type AdresseValue = string | number | boolean | null;
export type AdresseValues = Record<AdresseField, AdresseValue>;

export const FIELD_LABELS: Record<AdresseField, string> = {
  strasse: 'Straße',
  plz: 'PLZ',
  ort: 'Ort',
  anschrift: 'Anschrift',
  land: 'Land',
  postfach: 'Postfach',
  postfachPLZ: 'Postfach-PLZ',
  standardAnschrift: 'Standardanschrift',
  gueltigVon: 'Gültig von',
  gueltigBis: 'Gültig bis',
  reihenfolgeIndex: 'Reihenfolge',
};

/** One comparable form: trimmed text, empty = null, dates as `YYYY-MM-DD`, a missing flag = false. */
export function normaliseAdresseValue(field: AdresseField, raw: unknown): AdresseValue {
  if (field === 'standardAnschrift') return raw === true || raw === 'true' || raw === 1;
  if (raw === null || raw === undefined) return null;
  if (field === 'reihenfolgeIndex') {
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
    return String(raw).trim() === '' || !Number.isInteger(n) ? null : n;
  }
  const text = String(raw).trim();
  if (text === '') return null;
  if (field === 'gueltigVon' || field === 'gueltigBis') return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text;
  return text;
}

export function adresseValues(record: Record<string, unknown>): AdresseValues {
  const out = {} as AdresseValues;
  for (const field of ADRESSE_FIELDS) out[field] = normaliseAdresseValue(field, record[field]);
  return out;
}

export const shownValue = (value: AdresseValue | undefined): string => (value === null || value === undefined ? '(leer)' : typeof value === 'boolean' ? (value ? 'ja' : 'nein') : `„${value}“`);
