import { getMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { concurrentWaits } from './concurrent-waits';

/** Adds `count` abort listeners to a fresh activity-like signal; returns the warnings Node printed. */
async function warningsFor(count: number, withInterceptor: boolean): Promise<string[]> {
  const controller = new AbortController();
  if (withInterceptor) concurrentWaits({ cancellationSignal: controller.signal });
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  // Node's own listener prints every warning to stderr: set aside while the control provokes one.
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < count; i++) controller.signal.addEventListener('abort', () => undefined);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
    for (const printer of printers) process.on('warning', printer);
  }
  return warnings;
}

describe('concurrentWaits', () => {
  it('lets an activity wait on many things at once without a leak warning', async () => {
    expect(await warningsFor(50, true)).toEqual([]);
  });

  // Node 20 limits an AbortSignal to 10 listeners and warns past them; from Node 22 a signal has
  // no limit (0) and never warns, so the interceptor is only needed on 20 — harmless after.
  it('control: without it Node warns past its listener limit, where the runtime has one', async () => {
    const defaultLimit = getMaxListeners(new AbortController().signal);
    const warnings = await warningsFor(11, false);
    if (defaultLimit === 0) expect(warnings).toEqual([]);
    else {
      expect(defaultLimit).toBe(10);
      expect(warnings).toContain('MaxListenersExceededWarning');
    }
  });
});
