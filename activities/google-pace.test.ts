import { describe, expect, it } from 'vitest';
import { GooglePacing, Pace } from './google-pace';

describe('Pace: evenly spaced slots', () => {
  it('reserves one slot per 1/rate seconds, in order, for callers arriving together', () => {
    const pace = new Pace(10);
    expect([0, 0, 0, 0].map(() => pace.reserve(1_000))).toEqual([0, 100, 200, 300]);
  });

  it('never lets more than rate × 60 calls into any one-minute window (Google counts per minute)', () => {
    const pace = new Pace(9.5);
    const at: number[] = [];
    for (let i = 0; i < 2_000; i++) at.push(1_000 + pace.reserve(1_000));
    const worst = Math.max(...at.map((t, i) => at.slice(i).filter((u) => u < t + 60_000).length));
    expect(worst).toBeLessThanOrEqual(571);
    expect(worst).toBeLessThan(600);
  });

  it('a caller after a quiet spell goes at once', () => {
    const pace = new Pace(10);
    pace.reserve(0);
    expect(pace.reserve(5_000)).toBe(0);
  });
});

describe('GooglePacing: per user and project-wide', () => {
  it('spaces one user at the user rate and all users together at the project rate', async () => {
    const pacing = new GooglePacing(10, 20);
    const slept: Record<string, number> = {};
    const take = (user: string) => pacing.take(user, async (ms) => void (slept[user] = (slept[user] ?? 0) + ms));
    // Three users asking at once: the third waits for two project slots (2 × 50 ms) even though its own user is idle.
    await Promise.all([take('A'), take('B'), take('C')]);
    expect(slept.A ?? 0).toBe(0);
    expect(slept.B).toBeGreaterThanOrEqual(49);
    expect(slept.C).toBeGreaterThanOrEqual(99);
    // The same user again waits for its own next slot (100 ms after its first).
    const before = slept.A ?? 0;
    await take('A');
    expect(slept.A - before).toBeGreaterThanOrEqual(90);
  });
});
