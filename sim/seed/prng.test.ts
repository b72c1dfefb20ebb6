import { describe, expect, it } from 'vitest';
import { Rng } from './prng';

describe('Rng', () => {
  it('replays the same sequence for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('stays inside the requested bounds', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5).toBe(true);
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('forks independent streams per label', () => {
    expect(Rng.fork(42, 'espo').next()).not.toBe(Rng.fork(42, 'termine').next());
  });

  it('produces digit strings without a leading zero', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 100; i++) expect(rng.digits(6)).toMatch(/^[1-9]\d{5}$/);
  });
});
