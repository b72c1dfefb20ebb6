import { describe, expect, it } from 'vitest';
import { forEachLimited } from './concurrency';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachLimited', () => {
  it('never has more than `limit` calls in flight and handles every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([...Array(25).keys()], 4, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await tick();
      seen.push(item);
      inFlight -= 1;
    });
    expect(peak).toBe(4);
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
  });

  it('stops starting calls after a failure, lets running ones finish, then rejects with it', async () => {
    const started: number[] = [];
    let finished = 0;
    const run = forEachLimited([...Array(20).keys()], 3, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('boom');
      await tick();
      finished += 1;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toBe(2);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await forEachLimited([], 8, async () => void (calls += 1));
    expect(calls).toBe(0);
  });
});
