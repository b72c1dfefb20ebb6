/**
 * Typed failures of the Google Calendar client (contract in clients/errors.ts): the class name is
 * the Temporal failure type, `retryable` decides whether Temporal retries the activity.
 */
export interface GoogleErrorDetails {
  status?: number;
  reason?: string;
  cause?: unknown;
}

export abstract class GoogleCalendarError extends Error {
  abstract readonly retryable: boolean;
  readonly status?: number;
  readonly reason?: string;

  constructor(message: string, details: GoogleErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.reason = details.reason;
  }
}

/** Any 410 on events.list: the sync token is gone; wipe local state and run a full sync. */
export class GoogleFullSyncRequiredError extends GoogleCalendarError {
  readonly retryable = false;
}

/** 403 usageLimits (rateLimitExceeded, userRateLimitExceeded, quotaExceeded) and 429. */
export class GoogleRateLimitError extends GoogleCalendarError {
  readonly retryable = true;
  /** From Retry-After when the server sent one. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: GoogleErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 412 conditionNotMet: the event changed since the etag sent with If-Match. */
export class GooglePreconditionFailedError extends GoogleCalendarError {
  readonly retryable = false;
}

export class GoogleNotFoundError extends GoogleCalendarError {
  readonly retryable = false;
}

/** 401, token endpoint rejections, and 403s about permissions rather than quota. */
export class GoogleAuthError extends GoogleCalendarError {
  readonly retryable = false;
}

/** Other 4xx: the request itself is wrong; retrying cannot help. */
export class GoogleBadRequestError extends GoogleCalendarError {
  readonly retryable = false;
}

/** 5xx, 408 and network failures. */
export class GoogleUpstreamError extends GoogleCalendarError {
  readonly retryable = true;
}

export const isGoogleFullSyncRequiredError = (e: unknown): e is GoogleFullSyncRequiredError => e instanceof GoogleFullSyncRequiredError;
export const isGoogleRateLimitError = (e: unknown): e is GoogleRateLimitError => e instanceof GoogleRateLimitError;
export const isGooglePreconditionFailedError = (e: unknown): e is GooglePreconditionFailedError => e instanceof GooglePreconditionFailedError;
export const isGoogleNotFoundError = (e: unknown): e is GoogleNotFoundError => e instanceof GoogleNotFoundError;
