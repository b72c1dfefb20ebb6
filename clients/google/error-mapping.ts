import { parseRetryAfter } from '../errors';
import {
  GoogleAuthError,
  GoogleBadRequestError,
  GoogleCalendarError,
  GoogleFullSyncRequiredError,
  GoogleNotFoundError,
  GooglePreconditionFailedError,
  GoogleRateLimitError,
  GoogleUpstreamError,
} from './errors';

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

interface ResponseLike {
  status?: number;
  headers?: unknown;
  data?: unknown;
}

export interface WireFailure {
  status?: number;
  reason?: string;
  domain?: string;
  message: string;
  retryAfterMs?: number;
  /** OAuth token endpoint error code (invalid_grant, …). */
  oauthError?: string;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** Reads status, Google reason/domain and Retry-After from a gaxios error without depending on its class. */
export function readWireFailure(error: unknown): WireFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { response?: ResponseLike; status?: number; message?: string; code?: unknown };
  const response = e.response;
  const status = response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const code = typeof e.code === 'string' ? ` (${e.code})` : '';
  const failure: WireFailure = { status, message: `${typeof e.message === 'string' ? e.message : String(error)}${status === undefined ? code : ''}` };
  const data = response?.data as { error?: unknown; error_description?: unknown } | undefined;
  if (data && typeof data.error === 'object' && data.error !== null) {
    const envelope = data.error as { message?: unknown; errors?: { reason?: unknown; domain?: unknown }[] };
    const first = Array.isArray(envelope.errors) ? envelope.errors[0] : undefined;
    if (typeof first?.reason === 'string') failure.reason = first.reason;
    if (typeof first?.domain === 'string') failure.domain = first.domain;
    if (typeof envelope.message === 'string') failure.message = envelope.message;
  } else if (data && typeof data.error === 'string') {
    failure.oauthError = data.error;
    failure.message = typeof data.error_description === 'string' ? `${data.error}: ${data.error_description}` : data.error;
  }
  failure.retryAfterMs = parseRetryAfter(header(response?.headers, 'retry-after'));
  return failure;
}

/**
 * Maps any failure of a Calendar call to one of the typed errors. `operation` tells whether a
 * 410 means "sync token expired" (list) or "already deleted" (everything else → not found).
 */
export function toGoogleError(error: unknown, operation: 'list' | 'other' = 'other'): GoogleCalendarError {
  if (error instanceof GoogleCalendarError) return error;
  const failure = readWireFailure(error);
  const { status, reason } = failure;
  // The gaxios error is not kept as `cause`: its config carries the Authorization header.
  const details = { status, reason };
  const message = `Google Calendar: ${failure.message}`;
  if (status === undefined) return new GoogleUpstreamError(message, details);
  // The token endpoint answers 400/401 with an OAuth error code (invalid_grant, invalid_scope, …).
  if (failure.oauthError && (status === 400 || status === 401)) return new GoogleAuthError(message, { ...details, reason: failure.oauthError });
  if (status === 429 || (status === 403 && (failure.domain === 'usageLimits' || (reason !== undefined && RATE_LIMIT_REASONS.has(reason))))) {
    return new GoogleRateLimitError(message, { ...details, retryAfterMs: failure.retryAfterMs });
  }
  if (status === 410 && operation === 'list') return new GoogleFullSyncRequiredError(message, details);
  if (status === 401 || status === 403) return new GoogleAuthError(message, details);
  if (status === 404 || status === 410) return new GoogleNotFoundError(message, details);
  if (status === 412) return new GooglePreconditionFailedError(message, details);
  if (status === 408 || status >= 500) return new GoogleUpstreamError(message, details);
  return new GoogleBadRequestError(message, details);
}
