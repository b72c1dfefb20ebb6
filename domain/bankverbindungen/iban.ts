/**
 * IBAN check (ISO 13616 / ISO 7064 MOD 97-10) run before anything is sent to Advoware: a typo
 * in EspoCRM must end as a clear `failed` status, never as a wrong bank account in the firm's
 * ledger.
 */

/** Lengths of the countries a German firm meets most; other countries get the generic 15–34 check. */
const COUNTRY_LENGTHS: Record<string, number> = {
  DE: 22, AT: 20, CH: 21, LI: 21, NL: 18, BE: 16, LU: 20, FR: 27, IT: 27, ES: 24, PL: 28, DK: 18, CZ: 24, GB: 22,
};

export type IbanCheck = { ok: true; iban: string } | { ok: false; reason: string };

/** Spaces and case do not matter: `de89 3704 0044 0532 0130 00` → `DE89370400440532013000`. */
export function normaliseIban(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

function mod97(digits: string): number {
  let remainder = 0;
  // Chunks of 7 digits keep the arithmetic below 2^53.
  for (let i = 0; i < digits.length; i += 7) remainder = Number(String(remainder) + digits.slice(i, i + 7)) % 97;
  return remainder;
}

export function checkIban(raw: string | null | undefined): IbanCheck {
  if (raw === null || raw === undefined || raw.trim() === '') return { ok: false, reason: 'IBAN fehlt' };
  const iban = normaliseIban(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban)) return { ok: false, reason: `IBAN „${raw}“ hat ein ungültiges Format (Ländercode, Prüfziffer, dann nur Buchstaben und Ziffern)` };
  const expected = COUNTRY_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined ? iban.length !== expected : iban.length < 15 || iban.length > 34) {
    return { ok: false, reason: `IBAN „${raw}“ hat ${iban.length} Zeichen; erwartet ${expected ?? '15–34'}` };
  }
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  if (mod97(digits) !== 1) return { ok: false, reason: `IBAN „${raw}“ ist ungültig: Prüfziffer stimmt nicht (Tippfehler?)` };
  return { ok: true, iban };
}
