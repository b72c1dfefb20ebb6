import { describe, expect, it } from 'vitest';
import { encodeWhere } from './where';

describe('encodeWhere', () => {
  it('encodes a simple item with scalar value', () => {
    expect(encodeWhere([{ type: 'equals', attribute: 'syncStatus', value: 'dirty' }])).toEqual([
      ['where[0][type]', 'equals'],
      ['where[0][attribute]', 'syncStatus'],
      ['where[0][value]', 'dirty'],
    ]);
  });

  it('numbers items and omits value for value-less types', () => {
    expect(
      encodeWhere([
        { type: 'isNull', attribute: 'betnr' },
        { type: 'greaterThan', attribute: 'syncRetryCount', value: 2 },
      ]),
    ).toEqual([
      ['where[0][type]', 'isNull'],
      ['where[0][attribute]', 'betnr'],
      ['where[1][type]', 'greaterThan'],
      ['where[1][attribute]', 'syncRetryCount'],
      ['where[1][value]', '2'],
    ]);
  });

  it('encodes array values with empty brackets', () => {
    expect(encodeWhere([{ type: 'in', attribute: 'syncStatus', value: ['pending_sync', 'dirty'] }])).toEqual([
      ['where[0][type]', 'in'],
      ['where[0][attribute]', 'syncStatus'],
      ['where[0][value][]', 'pending_sync'],
      ['where[0][value][]', 'dirty'],
    ]);
  });

  it('encodes booleans as true/false', () => {
    expect(encodeWhere([{ type: 'equals', attribute: 'read', value: false }])).toContainEqual(['where[0][value]', 'false']);
  });

  it('nests and/or groups by index', () => {
    const entries = encodeWhere([
      {
        type: 'or',
        value: [
          { type: 'equals', attribute: 'syncStatus', value: 'failed' },
          {
            type: 'and',
            value: [
              { type: 'equals', attribute: 'syncStatus', value: 'clean' },
              { type: 'lessThan', attribute: 'advowareLastSync', value: '2026-01-01 00:00:00' },
            ],
          },
        ],
      },
    ]);
    expect(entries).toEqual([
      ['where[0][type]', 'or'],
      ['where[0][value][0][type]', 'equals'],
      ['where[0][value][0][attribute]', 'syncStatus'],
      ['where[0][value][0][value]', 'failed'],
      ['where[0][value][1][type]', 'and'],
      ['where[0][value][1][value][0][type]', 'equals'],
      ['where[0][value][1][value][0][attribute]', 'syncStatus'],
      ['where[0][value][1][value][0][value]', 'clean'],
      ['where[0][value][1][value][1][type]', 'lessThan'],
      ['where[0][value][1][value][1][attribute]', 'advowareLastSync'],
      ['where[0][value][1][value][1][value]', '2026-01-01 00:00:00'],
    ]);
  });

  it('round-trips through URLSearchParams', () => {
    const query = new URLSearchParams(encodeWhere([{ type: 'in', attribute: 'a b', value: ['x&y'] }])).toString();
    expect(query).toBe('where%5B0%5D%5Btype%5D=in&where%5B0%5D%5Battribute%5D=a+b&where%5B0%5D%5Bvalue%5D%5B%5D=x%26y');
  });

  it('encodes an empty list to no entries', () => {
    expect(encodeWhere([])).toEqual([]);
  });
});
