import { describe, expect, it } from 'vitest';
import { parseBracketQuery } from './bracket-query';

describe('parseBracketQuery', () => {
  it('parses flat and nested keys, decoding + and percent escapes', () => {
    expect(parseBracketQuery('maxSize=5&where%5B0%5D%5Btype%5D=equals&where[0][attribute]=name&where[0][value]=a+b%26c')).toEqual({
      maxSize: '5',
      where: [{ type: 'equals', attribute: 'name', value: 'a b&c' }],
    });
  });

  it('collects [] values into an array', () => {
    expect(parseBracketQuery('where[0][value][]=x&where[0][value][]=y')).toEqual({ where: [{ value: ['x', 'y'] }] });
  });

  it('turns integer-keyed objects into ordered arrays, also nested', () => {
    expect(parseBracketQuery('w[0][value][1][type]=b&w[0][value][0][type]=a')).toEqual({ w: [{ value: [{ type: 'a' }, { type: 'b' }] }] });
  });

  it('keeps non-integer keys as objects and lets the last duplicate win', () => {
    expect(parseBracketQuery('a[x]=1&a[y]=2&b=1&b=2')).toEqual({ a: { x: '1', y: '2' }, b: '2' });
  });
});
