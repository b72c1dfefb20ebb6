/**
 * Runs `task` for every item with at most `limit` calls in flight, in item order. Resolves when
 * all have succeeded; on the first failure it starts nothing new, waits for the calls already in
 * flight, then rejects with that failure (so a caller that retries never races its own calls).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await task(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}
