import { badRequest } from './errors';

/**
 * A Bankverbindung of a Beteiligter. Advoware's API offers POST and GET only (no PUT, no
 * DELETE); the field names are the EspoCRM mirror's (reference §1.8), unconfirmed for Advoware.
 */
export interface BankverbindungRecord {
  id: number;
  betNr: number;
  rowId: string;
  iban: string | null;
  bic: string | null;
  kontoinhaber: string | null;
  bankname: string | null;
}

export const BANKVERBINDUNG_FIELDS = ['iban', 'bic', 'kontoinhaber', 'bankname'] as const;
export type BankverbindungFields = Pick<BankverbindungRecord, (typeof BANKVERBINDUNG_FIELDS)[number]>;

export function readNewBankverbindung(body: unknown): BankverbindungFields {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde keine Bankverbindung im JSON-Format übermittelt.');
  }
  const input = body as Record<string, unknown>;
  const out = {} as Record<string, string | null>;
  for (const field of BANKVERBINDUNG_FIELDS) {
    const value = input[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw badRequest(`Ungültiger Wert für das Feld '${field}': Es wird eine Zeichenkette erwartet.`);
    }
    out[field] = (value as string | undefined) ?? null;
  }
  if (!out.iban) throw badRequest("Das Feld 'iban' ist ein Pflichtfeld.");
  return out as BankverbindungFields;
}
