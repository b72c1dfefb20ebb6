import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AdvowareKommunikation } from '../types';
import { kommunikationHash } from './hash';
import { formatMarker, formatSlotMarker } from './markers';

const entry = (id: number, rowId: string, kommKz: number, tlf: string, bemerkung: string | null = null): AdvowareKommunikation => ({
  id,
  rowId,
  kommKz,
  tlf,
  bemerkung,
});

describe('kommunikationHash', () => {
  const entries = [
    entry(1, 'CCCC', 1, '0511 1', formatMarker('0511 1', 1)),
    entry(2, 'AAAA', 4, 'a@b.de'),
    entry(3, 'BBBB', 0, '0171 2', formatMarker('0171 2', 3)),
    entry(4, 'ZZZ1', 2, '', formatSlotMarker(2)), // free slot
    entry(5, 'ZZZ2', 5, 'www.example.com'), // Internet: not synced
    entry(6, 'ZZZ3', 11, 'epost'),
    entry(7, 'ZZZ4', 12, 'bea'),
  ];

  it('is the first 16 hex of MD5 over the sorted, concatenated rowIds of sync-relevant non-slot entries', () => {
    const expected = createHash('md5').update('AAAABBBBCCCC').digest('hex').slice(0, 16);
    expect(kommunikationHash(entries)).toBe(expected);
  });

  it('does not depend on entry order and ignores slots and kommKz 5/11/12', () => {
    expect(kommunikationHash([...entries].reverse())).toBe(kommunikationHash(entries.slice(0, 3)));
  });

  it('changes when a relevant rowId changes, and a slot filled by a user counts', () => {
    const before = kommunikationHash(entries);
    expect(kommunikationHash([{ ...entries[0], rowId: 'DDDD' }, ...entries.slice(1)])).not.toBe(before);
    expect(kommunikationHash([...entries.slice(0, 3), { ...entries[3], tlf: '0511 9' }])).not.toBe(before);
  });

  it('hashes an empty list as MD5 of the empty string', () => {
    expect(kommunikationHash([])).toBe('d41d8cd98f00b204');
  });
});
