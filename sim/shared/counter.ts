/** Counts every request by "METHOD /path" (query string removed) so tests can assert exact call counts. */
export class RequestCounter {
  private counts = new Map<string, number>();

  record(method: string, path: string): void {
    const key = `${method.toUpperCase()} ${path}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Exact key count, e.g. get('POST', '/api/v1/Token'). */
  get(method: string, path: string): number {
    return this.counts.get(`${method.toUpperCase()} ${path}`) ?? 0;
  }

  /** Sum over keys whose method matches (or any when omitted) and whose path matches prefix or regex. */
  sum(filter: { method?: string; path?: string | RegExp } = {}): number {
    let total = 0;
    for (const [key, n] of this.counts) {
      const space = key.indexOf(' ');
      const method = key.slice(0, space);
      const path = key.slice(space + 1);
      if (filter.method && filter.method.toUpperCase() !== method) continue;
      if (filter.path instanceof RegExp ? !filter.path.test(path) : filter.path && !path.startsWith(filter.path)) continue;
      total += n;
    }
    return total;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
