/**
 * Canonical forms for comparing values across EspoCRM and Advoware. Every function is
 * idempotent (normalising a normalised value changes nothing) and maps "empty" to null, so
 * formatting differences never look like edits.
 */

/** Trims, collapses inner whitespace; empty → null. */
export function normaliseText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** Names keep their case; only whitespace is normalised. */
export const normaliseName = normaliseText;

export function normaliseEmail(value: string | null | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

/**
 * Canonical phone form for comparison: German numbers become `+49…` (from `0…`, `0049…`,
 * `+49…`), other country codes are kept, separators (` /-().`) and a trunk `(0)` after the
 * country code are dropped. A number without any prefix (no area code) keeps its digits.
 */
export function normalisePhone(value: string | null | undefined): string {
  const raw = (value ?? '').trim();
  if (raw === '') return '';
  const withoutTrunk = raw.replace(/\(\s*0\s*\)/g, '');
  const digits = withoutTrunk.replace(/\D/g, '');
  if (digits === '') return raw.replace(/\s+/g, ' ').toLowerCase();
  let international: string;
  if (withoutTrunk.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.startsWith('0')) international = `49${digits.slice(1)}`;
  else return digits;
  // "+49 0511 …" is a common way of writing the trunk zero after the country code.
  if (international.startsWith('490')) international = `49${international.slice(3).replace(/^0+/, '')}`;
  return `+${international}`;
}

const ANREDE: Record<string, string> = {
  herr: 'Herr',
  herrn: 'Herr',
  hr: 'Herr',
  mr: 'Herr',
  frau: 'Frau',
  fr: 'Frau',
  mrs: 'Frau',
  ms: 'Frau',
  divers: 'Divers',
  firma: 'Firma',
  fa: 'Firma',
};

/** `herr`/`Hr.` → `Herr`, `frau`/`Fr.` → `Frau`, `divers` → `Divers`, `firma` → `Firma`. */
export function normaliseAnrede(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (text === null) return null;
  return ANREDE[text.toLowerCase().replace(/\./g, '').trim()] ?? text;
}

export const NATUERLICHE_PERSON = 'Natürliche Person';

const RECHTSFORMEN = [
  NATUERLICHE_PERSON,
  'GmbH',
  'AG',
  'GbR',
  'e.K.',
  'KG',
  'OHG',
  'UG (haftungsbeschränkt)',
  'GmbH & Co. KG',
  'UG (haftungsbeschränkt) & Co. KG',
  'e.V.',
  'eG',
  'KGaA',
  'PartG',
  'PartG mbB',
  'SE',
  'Stiftung',
  'Körperschaft des öffentlichen Rechts',
  'Einzelunternehmen',
];

function rechtsformKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/\bund\b/g, '&')
    .replace(/[^a-z0-9&]/g, '');
}

const RECHTSFORM_BY_KEY = new Map<string, string>([
  ...RECHTSFORMEN.map((form): [string, string] => [rechtsformKey(form), form]),
  ['natuerlperson', NATUERLICHE_PERSON],
  ['privatperson', NATUERLICHE_PERSON],
  ['person', NATUERLICHE_PERSON],
  ['ug', 'UG (haftungsbeschränkt)'],
  ['ughaftungsbeschraenkt', 'UG (haftungsbeschränkt)'],
  ['ughb', 'UG (haftungsbeschränkt)'],
  ['gmbh&cokg', 'GmbH & Co. KG'],
  ['ug&cokg', 'UG (haftungsbeschränkt) & Co. KG'],
  ['ek', 'e.K.'],
  ['ekfm', 'e.K.'],
  ['ev', 'e.V.'],
]);

/** Canonical spelling for known legal forms (case/space/dot variants); others are trimmed. */
export function normaliseRechtsform(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (text === null) return null;
  return RECHTSFORM_BY_KEY.get(rechtsformKey(text)) ?? text;
}

/** No legal form means a natural person: that is how a private client is usually entered. */
export function isPerson(rechtsform: string | null | undefined): boolean {
  const canonical = normaliseRechtsform(rechtsform);
  return canonical === null || canonical === NATUERLICHE_PERSON;
}

/** `HRB 12345` regardless of spacing and case of the register prefix. */
export function normaliseHandelsregisterNummer(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (text === null) return null;
  const match = /^(HRA|HRB|GnR|PR|VR|GsR)\s*(\d.*)$/i.exec(text);
  if (!match) return text;
  const prefix = ['HRA', 'HRB', 'GnR', 'PR', 'VR', 'GsR'].find((p) => p.toLowerCase() === match[1].toLowerCase());
  return `${prefix} ${match[2].trim()}`;
}

/** `YYYY-MM-DD` from an Espo date or an Advoware date-time (the date part is taken as written). */
export function normaliseDate(value: string | null | undefined): string | null {
  const text = normaliseText(value);
  if (text === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (german) return `${german[3]}-${german[2].padStart(2, '0')}-${german[1].padStart(2, '0')}`;
  return text;
}

/** Espo `YYYY-MM-DD` → Advoware `YYYY-MM-DDT00:00:00`. */
export function toAdvowareDate(date: string | null): string | null {
  const normalised = normaliseDate(date);
  if (normalised === null) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(normalised) ? `${normalised}T00:00:00` : normalised;
}

/**
 * Epoch ms from an EspoCRM timestamp (`YYYY-MM-DD HH:mm:ss`, UTC) or an Advoware ISO
 * timestamp (a missing zone is read as UTC). Null when absent or unreadable.
 */
export function parseTimestamp(value: string | null | undefined): number | null {
  const text = (value ?? '').trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = match;
  let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}
