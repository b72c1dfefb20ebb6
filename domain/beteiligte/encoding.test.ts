import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64DecodeText, base64EncodeText, utf8Decode, utf8Encode } from './encoding';

describe('base64 text encoding', () => {
  it('matches known vectors', () => {
    expect(base64EncodeText('max@example.com')).toBe('bWF4QGV4YW1wbGUuY29t');
    expect(base64EncodeText('Jürgen Müßig')).toBe(Buffer.from('Jürgen Müßig', 'utf8').toString('base64'));
    expect(base64EncodeText('')).toBe('');
  });

  it('round-trips any unicode text and agrees with Buffer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        const encoded = base64EncodeText(text);
        expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64'));
        expect(base64DecodeText(encoded)).toBe(text);
        expect(utf8Decode(utf8Encode(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects malformed input', () => {
    expect(base64Decode('abc')).toBeNull();
    expect(base64Decode('ab$=')).toBeNull();
    expect(utf8Decode(Uint8Array.from([0xc3]))).toBeNull();
    expect(utf8Decode(Uint8Array.from([0xff]))).toBeNull();
  });
});
