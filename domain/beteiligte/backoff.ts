/**
 * Failure bookkeeping (docs/SYNC_RULES.md, failures). The workflow waits the same delays with a
 * durable timer; these fields make the state visible in EspoCRM and feed the sweep.
 */

export const RETRY_BACKOFF_MINUTES: readonly number[] = [1, 5, 15, 60, 240];
/** Failures that still get a scheduled retry; the next one is permanent. */
export const MAX_RETRIES = RETRY_BACKOFF_MINUTES.length;
export const AUTO_RESET_HOURS = 24;
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function epochMs(now: number | Date): number {
  return typeof now === 'number' ? now : now.getTime();
}

/** EspoCRM datetime format: UTC `YYYY-MM-DD HH:mm:ss`. */
export function toEspoTimestamp(at: number | Date): string {
  return new Date(epochMs(at)).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Wait after the `retryCount`-th consecutive failure: 1, 5, 15, 60, 240 minutes; beyond
 * the schedule the record is permanently failed and waits for the 24 h auto-reset.
 */
export function backoffDelayMs(retryCount: number): number {
  if (retryCount > MAX_RETRIES) return AUTO_RESET_HOURS * HOUR_MS;
  const index = Math.max(1, Math.floor(retryCount)) - 1;
  return RETRY_BACKOFF_MINUTES[index] * MINUTE_MS;
}

export function errorMessageOf(error: unknown): string {
  let text: string;
  if (error instanceof Error) text = error.message || error.name;
  else if (typeof error === 'string') text = error;
  else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = String(error);
    }
  }
  const trimmed = text.trim() || 'Unbekannter Fehler';
  return trimmed.length > MAX_ERROR_MESSAGE_LENGTH ? `${trimmed.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…` : trimmed;
}

/** A type alias (not an interface) so it passes as Record<string, unknown>. */
export type FailureFields = {
  syncStatus: 'failed' | 'permanently_failed';
  syncRetryCount: number;
  syncNextRetry: string | null;
  syncAutoResetAt: string | null;
  syncErrorMessage: string;
};

/**
 * EspoCRM fields after a failed pass. `retryCount` is the stored count before this failure.
 * Failures 1–5 → `failed`, next retry after 1/5/15/60/240 min; the 6th (the 5th retry
 * failed too) → `permanently_failed`, auto-reset by the sweep after 24 h.
 */
export function failureFields(input: { retryCount: number | null | undefined; now: number | Date; error: unknown }): FailureFields {
  const now = epochMs(input.now);
  const syncRetryCount = Math.max(0, input.retryCount ?? 0) + 1;
  const syncErrorMessage = errorMessageOf(input.error);
  if (syncRetryCount > MAX_RETRIES) {
    return {
      syncStatus: 'permanently_failed',
      syncRetryCount,
      syncNextRetry: null,
      syncAutoResetAt: toEspoTimestamp(now + AUTO_RESET_HOURS * HOUR_MS),
      syncErrorMessage,
    };
  }
  return {
    syncStatus: 'failed',
    syncRetryCount,
    syncNextRetry: toEspoTimestamp(now + backoffDelayMs(syncRetryCount)),
    syncAutoResetAt: null,
    syncErrorMessage,
  };
}
