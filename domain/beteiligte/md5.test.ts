import { describe, expect, it } from 'vitest';
import { md5Hex } from './md5';

describe('md5Hex', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['The quick brown fox jumps over the lazy dog', '9e107d9d372bb6826bd81d3542a419d6'],
    // UTF-8 bytes, not UTF-16 code units: the hashes the old system stored used UTF-8.
    ['Müßig', '1562a50c96a406e178cc91e2adf00b28'],
  ])('md5(%j) = %s', (input, expected) => {
    expect(md5Hex(input)).toBe(expected);
  });
});
