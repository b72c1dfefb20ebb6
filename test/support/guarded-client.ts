/**
 * A stand-in client for shadow-mode tests: the named reads answer, any other call (a write)
 * throws, so a write that reaches the real client fails the test. `called` lists every call.
 */
export function guardedClient<T>(reads: Record<string, (...args: never[]) => unknown>): T & { called: string[] } {
  const called: string[] = [];
  return new Proxy({ called } as Record<string, unknown>, {
    get(target, prop) {
      if (prop === 'called') return called;
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: never[]) => {
        called.push(prop);
        const read = reads[prop];
        if (!read) throw new Error(`write reached the real client: ${prop}`);
        return read(...args);
      };
    },
  }) as T & { called: string[] };
}
