/**
 * The one contract every client error class keeps (Advoware, EspoCRM, Google): its class name is
 * the Temporal failure type, `retryable` says whether the same call may succeed later, and
 * `retryAfterMs` says when, where the upstream told us. activities/failures.ts turns this into
 * an ApplicationFailure, so no workflow has to list error names.
 */
export interface ClassifiedError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

export function isClassifiedError(error: unknown): error is ClassifiedError {
  return error instanceof Error && typeof (error as { retryable?: unknown }).retryable === 'boolean';
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
