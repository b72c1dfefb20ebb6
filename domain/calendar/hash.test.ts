import { describe, expect, it } from 'vitest';
import { fnv1a64Hex, utf8Bytes } from './hash';

describe('fnv1a64Hex', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes, so umlauts and astral characters are stable', () => {
    expect(utf8Bytes('ü')).toEqual([0xc3, 0xbc]);
    expect(utf8Bytes('€')).toEqual([0xe2, 0x82, 0xac]);
    expect(utf8Bytes('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(fnv1a64Hex('Büro')).not.toBe(fnv1a64Hex('Buro'));
    expect(fnv1a64Hex('Büro')).toMatch(/^[0-9a-f]{16}$/);
  });
});
