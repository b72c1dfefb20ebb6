import { badRequest } from './errors';

export interface KommunikationRecord {
  id: number;
  betNr: number;
  rowId: string;
  kommArt: number;
  kommKz: number;
  tlf: string | null;
  bemerkung: string | null;
  online: boolean;
}

/**
 * The server derives `kommArt` from `kommKz`. The real table is unknown; this grouping
 * (0 phone, 1 fax, 2 e-mail, 3 internet, 4 other) is a guess that keeps kommKz 1 → kommArt 0
 * from the one recorded example.
 */
export function kommArtFor(kommKz: number): number {
  if ([1, 3, 6, 9].includes(kommKz)) return 0;
  if ([2, 7].includes(kommKz)) return 1;
  if ([4, 8].includes(kommKz)) return 2;
  if (kommKz === 5) return 3;
  return 4;
}

export interface KommunikationInput {
  tlf?: string | null;
  bemerkung?: string | null;
  kommKz?: number;
  online?: boolean;
}

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde keine Kommunikation im JSON-Format übermittelt.');
  }
  return body as Record<string, unknown>;
}

function optionalText(input: Record<string, unknown>, field: string): string | null | undefined {
  const value = input[field];
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw badRequest(`Ungültiger Wert für das Feld '${field}': Es wird eine Zeichenkette erwartet.`);
}

function optionalBool(input: Record<string, unknown>, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw badRequest(`Ungültiger Wert für das Feld '${field}': Es wird true oder false erwartet.`);
}

/** POST body: kommKz is required and must be 1–12. */
export function readNewKommunikation(body: unknown): Required<KommunikationInput> {
  const input = asObject(body);
  const kommKz = input.kommKz;
  if (typeof kommKz !== 'number' || !Number.isInteger(kommKz) || kommKz < 1 || kommKz > 12) {
    throw badRequest(`Ungültiges Kommunikationskennzeichen (kommKz) '${String(kommKz)}'. Erlaubt sind die Werte 1 bis 12.`);
  }
  return {
    kommKz,
    tlf: optionalText(input, 'tlf') ?? null,
    bemerkung: optionalText(input, 'bemerkung') ?? null,
    online: optionalBool(input, 'online') ?? false,
  };
}

/** PUT body: only tlf, bemerkung and online are applied (fields present in the body); kommKz is silently ignored. */
export function readKommunikationUpdate(body: unknown): Omit<KommunikationInput, 'kommKz'> {
  const input = asObject(body);
  const update: Omit<KommunikationInput, 'kommKz'> = {};
  const tlf = optionalText(input, 'tlf');
  const bemerkung = optionalText(input, 'bemerkung');
  const online = optionalBool(input, 'online');
  if (tlf !== undefined) update.tlf = tlf;
  if (bemerkung !== undefined) update.bemerkung = bemerkung;
  if (online !== undefined) update.online = online;
  return update;
}
