import { badRequest } from './errors';

export interface AdresseRecord {
  id: number;
  betNr: number;
  rowId: string;
  strasse: string | null;
  plz: string | null;
  ort: string | null;
  anschrift: string | null;
  land: string | null;
  postfach: string | null;
  postfachPLZ: string | null;
  standardAnschrift: boolean;
  bemerkung: string | null;
  gueltigVon: string | null;
  gueltigBis: string | null;
  reihenfolgeIndex: number | null;
}

/** The only fields a PUT changes; the other eight are read-only and silently ignored. */
export const ADRESSE_WRITABLE_FIELDS = ['strasse', 'plz', 'ort', 'anschrift'] as const;
const TEXT_FIELDS = [...ADRESSE_WRITABLE_FIELDS, 'land', 'postfach', 'postfachPLZ', 'bemerkung', 'gueltigVon', 'gueltigBis'] as const;

type AdresseFields = Omit<AdresseRecord, 'id' | 'betNr' | 'rowId'>;

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde keine Adresse im JSON-Format übermittelt.');
  }
  return body as Record<string, unknown>;
}

function text(input: Record<string, unknown>, field: string): string | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  throw badRequest(`Ungültiger Wert für das Feld '${field}': Es wird eine Zeichenkette erwartet.`);
}

/** POST accepts every field. */
export function readNewAdresse(body: unknown): AdresseFields {
  const input = asObject(body);
  const out = {} as Record<string, unknown>;
  for (const field of TEXT_FIELDS) out[field] = text(input, field);
  const standard = input.standardAnschrift;
  if (standard !== undefined && standard !== null && typeof standard !== 'boolean') {
    throw badRequest("Ungültiger Wert für das Feld 'standardAnschrift': Es wird true oder false erwartet.");
  }
  const index = input.reihenfolgeIndex;
  if (index !== undefined && index !== null && !Number.isInteger(index)) {
    throw badRequest("Ungültiger Wert für das Feld 'reihenfolgeIndex': Es wird eine ganze Zahl erwartet.");
  }
  out.standardAnschrift = standard ?? false;
  out.reihenfolgeIndex = index ?? null;
  return out as unknown as AdresseFields;
}

/** PUT: the four writable fields present in the body; everything else is ignored. */
export function readAdresseUpdate(body: unknown): Partial<Pick<AdresseRecord, (typeof ADRESSE_WRITABLE_FIELDS)[number]>> {
  const input = asObject(body);
  const update: Partial<Record<(typeof ADRESSE_WRITABLE_FIELDS)[number], string | null>> = {};
  for (const field of ADRESSE_WRITABLE_FIELDS) {
    if (field in input) update[field] = text(input, field);
  }
  return update;
}
