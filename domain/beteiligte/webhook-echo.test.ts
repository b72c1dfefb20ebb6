import { describe, expect, it } from 'vitest';
import { failureFields, toEspoTimestamp } from './backoff';
import { isBookkeepingEcho } from './webhook-echo';

describe('isBookkeepingEcho (bug 6: echoes of our own writes must not wake a sync)', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);

  it('the echo of recordFailure (failed and permanently_failed) is bookkeeping', () => {
    expect(isBookkeepingEcho({ id: 'a1', ...failureFields({ retryCount: 0, now, error: 'boom' }) })).toBe(true);
    expect(isBookkeepingEcho({ id: 'a1', ...failureFields({ retryCount: 5, now, error: 'boom' }), modifiedAt: toEspoTimestamp(now) })).toBe(true);
  });

  it('the echo of a successful pass that wrote only sync fields is bookkeeping', () => {
    expect(isBookkeepingEcho({ id: 'a1', syncStatus: 'clean', advowareLastSync: toEspoTimestamp(now), advowareSyncBase: '{}', kommunikationHash: 'abc' })).toBe(true);
  });

  it('a user edit, alone or together with bookkeeping, is real', () => {
    expect(isBookkeepingEcho({ id: 'a1', titel: 'Dr.' })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', titel: 'Dr.', syncStatus: 'failed', syncRetryCount: 2 })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', phoneNumberData: [] })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', betnr: 104860 })).toBe(false);
  });

  it('a user asking for a sync through the status (pending_sync, dirty, or a cleared status) is real', () => {
    expect(isBookkeepingEcho({ id: 'a1', syncStatus: 'pending_sync', syncRetryCount: 0 })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', syncStatus: 'dirty' })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', syncStatus: null })).toBe(false);
  });

  it('a payload that names no changed attribute is treated as real', () => {
    expect(isBookkeepingEcho({ id: 'a1' })).toBe(false);
    expect(isBookkeepingEcho({ id: 'a1', modifiedAt: toEspoTimestamp(now) })).toBe(false);
  });
});
