import { describe, expect, it } from 'vitest';
import { DEFAULT_FC_SEED, fcSeed, propertyRuns } from './fc-seed';

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

describe('propertyRuns', () => {
  it('keeps the full count unless FC_RUNS_FACTOR scales it down (at least 20 runs)', () => {
    expect(propertyRuns(400, {})).toBe(400);
    expect(propertyRuns(400, { FC_RUNS_FACTOR: '0.25' })).toBe(100);
    expect(propertyRuns(40, { FC_RUNS_FACTOR: '0.1' })).toBe(20);
  });

  it('rejects a factor outside (0, 1] instead of silently running more or nothing', () => {
    expect(() => propertyRuns(400, { FC_RUNS_FACTOR: '2' })).toThrow(/FC_RUNS_FACTOR/);
    expect(() => propertyRuns(400, { FC_RUNS_FACTOR: 'x' })).toThrow(/FC_RUNS_FACTOR/);
  });
});
