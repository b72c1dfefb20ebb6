/**
 * Sliding one-minute windows per user and per project, like Google's per-minute quotas. Only
 * admitted requests use up quota, so a client that backs off recovers once the window slides.
 */
export class SlidingWindowLimiter {
  private hits = new Map<string, number[]>();
  /** Requests turned away by a quota since the last reset (benchmarks report them). */
  rejected = { user: 0, project: 0 };

  constructor(private readonly windowMs = 60_000) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.hits.set(key, list);
    return list;
  }

  /** Milliseconds until one more request fits, or 0 when it fits now. */
  waitMs(key: string, limit: number, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < limit) return 0;
    return list[list.length - limit] + this.windowMs - now;
  }

  record(key: string, now = Date.now()): void {
    this.recent(key, now).push(now);
  }

  reset(): void {
    this.hits.clear();
    this.rejected = { user: 0, project: 0 };
  }
}
