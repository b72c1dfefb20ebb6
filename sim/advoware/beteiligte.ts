import { badRequest } from './errors';

/**
 * Master-data fields of a simulated Beteiligter. PUT replaces all of them (a field left out
 * becomes null); `kurzname`, `briefanrede`, `sprache`, `zusatz` and `bemerkung` are fields the sync does not
 * map, so a client that does not send the record back as read loses them.
 */
export const BETEILIGTE_FIELDS = [
  'name',
  'vorname',
  'rechtsform',
  'anrede',
  'titel',
  'geburtsdatum',
  'handelsRegisterNummer',
  'registergericht',
  'kurzname',
  'briefanrede',
  'sprache',
  'zusatz',
  // Free text (the bridge keeps its [ESPOCRM-ID:…] marker here, see ADVOWARE_BETEILIGTE_ID_FIELD).
  'bemerkung',
] as const;

export type BeteiligteField = (typeof BETEILIGTE_FIELDS)[number];

export type BeteiligteStamm = Record<BeteiligteField, string | null>;

export interface BeteiligteCore extends BeteiligteStamm {
  betNr: number;
  rowId: string;
  geaendertAm: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Validates a request body and returns every master-data field (missing ones as null). */
export function readStammdaten(body: unknown): BeteiligteStamm {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde kein Beteiligter im JSON-Format übermittelt.');
  }
  const input = body as Record<string, unknown>;
  const out = {} as BeteiligteStamm;
  for (const field of BETEILIGTE_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) {
      out[field] = null;
    } else if (typeof value === 'string') {
      out[field] = value;
    } else {
      throw badRequest(`Ungültiger Wert für das Feld '${field}': Es wird eine Zeichenkette erwartet.`);
    }
  }
  if (!out.name || out.name.trim() === '') {
    throw badRequest("Das Feld 'name' ist ein Pflichtfeld und darf nicht leer sein.");
  }
  out.geburtsdatum = normaliseGeburtsdatum(out.geburtsdatum);
  return out;
}

/** Advoware stores dates as .NET DateTime: `YYYY-MM-DDT00:00:00`. A plain date is accepted too. */
function normaliseGeburtsdatum(value: string | null): string | null {
  if (value === null || value === '') return null;
  if (DATE_ONLY.test(value)) return `${value}T00:00:00`;
  if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.slice(0, 10)))) return `${value.slice(0, 10)}T00:00:00`;
  throw badRequest(`Ungültiges Geburtsdatum '${value}'. Erwartet wird ein Datum im Format JJJJ-MM-TT.`);
}
