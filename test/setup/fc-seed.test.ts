import { describe, expect, it } from 'vitest';
import { DEFAULT_FC_SEED, fcSeed } from './fc-seed';

describe('fcSeed', () => {
  it('is fixed by default and overridable with FC_SEED', () => {
    expect(fcSeed({})).toBe(DEFAULT_FC_SEED);
    expect(fcSeed({ FC_SEED: '' })).toBe(DEFAULT_FC_SEED);
    expect(fcSeed({ FC_SEED: '2056924584' })).toBe(2056924584);
    expect(fcSeed({ FC_SEED: '-7' })).toBe(-7);
  });

  it('rejects a seed that is not an integer instead of silently running random inputs', () => {
    expect(() => fcSeed({ FC_SEED: 'abc' })).toThrow(/FC_SEED/);
    expect(() => fcSeed({ FC_SEED: '1.5' })).toThrow(/FC_SEED/);
  });
});
