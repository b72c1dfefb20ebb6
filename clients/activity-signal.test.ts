import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestDeadline } from './activity-signal';

describe('requestDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts with a TimeoutError once the time is up', () => {
    vi.useFakeTimers();
    const deadline = requestDeadline(1_000);
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as Error).name).toBe('TimeoutError');
  });

  it('aborts with the reason of a cancellation, also one that came before the request', () => {
    const cancellation = new AbortController();
    const deadline = requestDeadline(60_000, cancellation.signal);
    cancellation.abort(new Error('activity cancelled'));
    expect(deadline.signal.reason).toEqual(new Error('activity cancelled'));
    deadline.release();

    const early = requestDeadline(60_000, cancellation.signal);
    expect(early.signal.aborted).toBe(true);
    early.release();
  });

  it('after release: no timer left, no listener on the cancellation signal, never aborts', () => {
    vi.useFakeTimers();
    const cancellation = new AbortController();
    const deadline = requestDeadline(1_000, cancellation.signal);
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(cancellation.signal, 'abort')).toHaveLength(1);

    deadline.release();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(cancellation.signal, 'abort')).toHaveLength(0);
    vi.advanceTimersByTime(5_000);
    cancellation.abort();
    expect(deadline.signal.aborted).toBe(false);
  });
});
