/**
 * Deterministic Google event ids for Advoware Termine, so a retried insert hits 409 instead of
 * creating a duplicate. Shape: `adv` + frNr in base32hex + 2 check characters. The check
 * characters make it practically impossible for a random Google-generated id (also base32hex)
 * to be mistaken for one of ours.
 */
import { fnv1a64 } from './hash';

const PREFIX = 'adv';
const CHECK_LENGTH = 2;
const BASE32HEX = /^[0-9a-v]+$/;

function checkChars(body: string): string {
  const check = Number(fnv1a64(PREFIX + body) % 1024n);
  return check.toString(32).padStart(CHECK_LENGTH, '0');
}

export function eventIdForFrNr(frNr: number): string {
  if (!Number.isSafeInteger(frNr) || frNr < 0) throw new RangeError(`frNr must be a non-negative integer, got ${frNr}`);
  const body = frNr.toString(32);
  return PREFIX + body + checkChars(body);
}

export function frNrFromEventId(id: string | null | undefined): number | null {
  if (!id || !id.startsWith(PREFIX) || id.length < PREFIX.length + 1 + CHECK_LENGTH) return null;
  const body = id.slice(PREFIX.length, -CHECK_LENGTH);
  if (!BASE32HEX.test(body) || (body.length > 1 && body.startsWith('0'))) return null;
  if (id.slice(-CHECK_LENGTH) !== checkChars(body)) return null;
  const frNr = parseInt(body, 32);
  return Number.isSafeInteger(frNr) ? frNr : null;
}
