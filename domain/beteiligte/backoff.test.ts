import { describe, expect, it } from 'vitest';
import { AUTO_RESET_HOURS, RETRY_BACKOFF_MINUTES, backoffDelayMs, failureFields, toEspoTimestamp } from './backoff';

const now = Date.UTC(2026, 1, 8, 12, 0, 0);

describe('backoff', () => {
  it('formats EspoCRM timestamps in UTC', () => {
    expect(toEspoTimestamp(now)).toBe('2026-02-08 12:00:00');
    expect(toEspoTimestamp(new Date(now + 61_500))).toBe('2026-02-08 12:01:01');
  });

  it('schedules 1, 5, 15, 60, 240 minutes, then permanently_failed with a 24 h auto-reset', () => {
    expect(RETRY_BACKOFF_MINUTES).toEqual([1, 5, 15, 60, 240]);
    expect(AUTO_RESET_HOURS).toBe(24);
    const minutes = [1, 5, 15, 60, 240];
    let retryCount = 0;
    for (const wait of minutes) {
      const fields = failureFields({ retryCount, now, error: new Error('Advoware 503') });
      expect(fields).toEqual({
        syncStatus: 'failed',
        syncRetryCount: retryCount + 1,
        syncNextRetry: toEspoTimestamp(now + wait * 60_000),
        syncAutoResetAt: null,
        syncErrorMessage: 'Advoware 503',
      });
      expect(backoffDelayMs(fields.syncRetryCount)).toBe(wait * 60_000);
      retryCount = fields.syncRetryCount;
    }
    const final = failureFields({ retryCount, now, error: 'still down' });
    expect(final).toEqual({
      syncStatus: 'permanently_failed',
      syncRetryCount: 6,
      syncNextRetry: null,
      syncAutoResetAt: '2026-02-09 12:00:00',
      syncErrorMessage: 'still down',
    });
    expect(backoffDelayMs(6)).toBe(24 * 3_600_000);
  });

  it('truncates long error messages and copes with odd errors', () => {
    const long = failureFields({ retryCount: null, now, error: 'x'.repeat(5000) });
    expect(long.syncErrorMessage.length).toBe(1000);
    expect(long.syncErrorMessage.endsWith('…')).toBe(true);
    expect(failureFields({ retryCount: 0, now, error: { code: 42 } }).syncErrorMessage).toBe('{"code":42}');
    expect(failureFields({ retryCount: 0, now, error: '' }).syncErrorMessage).toBe('Unbekannter Fehler');
  });
});
