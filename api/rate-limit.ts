/** Fixed one-minute windows per key; enough to stop a runaway internal tool from flooding Advoware. */
export function createRateLimiter(limitPerMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Returns 0 when allowed, otherwise the milliseconds until the window resets. */
    take(key: string): number {
      const t = now();
      const current = windows.get(key);
      if (!current || t - current.start >= 60_000) {
        windows.set(key, { start: t, count: 1 });
        return 0;
      }
      if (current.count >= limitPerMinute) return current.start + 60_000 - t;
      current.count += 1;
      return 0;
    },
  };
}
