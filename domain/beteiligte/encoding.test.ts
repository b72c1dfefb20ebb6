import { describe, expect, it } from 'vitest';
import { base64DecodeText, base64EncodeText } from './encoding';

// Outputs of the former hand-written encoder: markers written before must still decode the same.
const STORED = [
  ['max@example.com', 'bWF4QGV4YW1wbGUuY29t'],
  ['Jürgen Müßig +49 (0)30 1234-5 €😀', 'SsO8cmdlbiBNw7zDn2lnICs0OSAoMCkzMCAxMjM0LTUg4oKs8J+YgA=='],
  ['+49301234567', 'KzQ5MzAxMjM0NTY3'],
  ['', ''],
] as const;

describe('base64 text encoding', () => {
  it.each(STORED)('%j ↔ %s, byte-identical to stored markers', (text, encoded) => {
    expect(base64EncodeText(text)).toBe(encoded);
    expect(base64DecodeText(encoded)).toBe(text);
  });

  it.each(['abc', 'ab$=', 'bWF4=QGV4', 'bWF4QGV4YW1wbGUuY29t=', '/w=='])('rejects %j (not padded Base64 of UTF-8)', (text) => {
    expect(base64DecodeText(text)).toBeNull();
  });
});
