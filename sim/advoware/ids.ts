import { randomBytes } from 'node:crypto';

const ROW_ID_ALPHABET = 'ABCDEFGHIJKLMNOP';

/** A 40-character opaque row id in Advoware's style (each nibble of 20 random bytes as A–P). */
export function newRowId(): string {
  let out = '';
  for (const byte of randomBytes(20)) out += ROW_ID_ALPHABET[byte >> 4] + ROW_ID_ALPHABET[byte & 15];
  return out;
}

export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Deep copy so callers (tests, routes) can never mutate simulator state by accident. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
