/**
 * Typed failures of Advoware calls (contract in clients/errors.ts): the class name is the
 * Temporal failure type and `retryable` decides whether Temporal retries the activity.
 */
export interface AdvowareErrorDetails {
  status?: number;
  /** Advoware's own (German) error text, verbatim. */
  advowareMessage?: string;
  /** When to try again, from Retry-After or a known wait (connector offline). */
  retryAfterMs?: number;
  cause?: unknown;
}

export class AdvowareError extends Error {
  readonly status?: number;
  readonly advowareMessage?: string;
  readonly retryAfterMs?: number;
  readonly retryable: boolean = false;

  constructor(message: string, details: AdvowareErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.advowareMessage = details.advowareMessage;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Credentials, App-ID, signature or registration refused; retrying cannot help. */
export class AdvowareAuthError extends AdvowareError {}

export class AdvowareNotFoundError extends AdvowareError {}

/** E.g. DELETE of a Kommunikation or Adresse, or changing a special Termin. */
export class AdvowareForbiddenError extends AdvowareError {}

/** 400: Advoware rejected the data we sent. */
export class AdvowareValidationError extends AdvowareError {}

/** 5xx, 408/429, timeouts, refused or dropped connections, connector offline: worth retrying. */
export class AdvowareUpstreamError extends AdvowareError {
  override readonly retryable: boolean = true;
}

/** The answer was larger than the caller's cap (`maxResponseBytes`); the rest was not read. */
export class AdvowareResponseTooLargeError extends AdvowareError {}

/** A 2xx answer whose body does not have the shape we rely on. */
export class AdvowareResponseFormatError extends AdvowareError {}

export function isAdvowareError(error: unknown): error is AdvowareError {
  return error instanceof AdvowareError;
}

export function isRetryableAdvowareError(error: unknown): boolean {
  return error instanceof AdvowareError && error.retryable;
}

/** Pulls Advoware's error text out of a JSON (`{error}`, `{message}`, `{Message}`) or text body. */
export function advowareMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['error', 'message', 'Message', 'error_description']) {
      if (typeof record[key] === 'string') return record[key] as string;
    }
  }
  return undefined;
}

/**
 * The office's connector (Advoware's on-premise relay) is not logged in: a person has to start it,
 * so hammering it every second is pointless. Wait this long unless Advoware says otherwise.
 */
export const CONNECTOR_OFFLINE_RETRY_MS = 60_000;
const CONNECTOR_OFFLINE = /nicht angemeldet|not logged in|offline/i;

/** Maps a non-2xx API answer to the error class callers and retry policies act on. */
export function errorForStatus(status: number, body: unknown, what: string, retryAfterMs?: number): AdvowareError {
  const advowareMessage = advowareMessageOf(body);
  const message = `Advoware ${what} failed with HTTP ${status}${advowareMessage ? `: ${advowareMessage}` : ''}`;
  const offline = status === 503 && advowareMessage !== undefined && CONNECTOR_OFFLINE.test(advowareMessage);
  const details = { status, advowareMessage, retryAfterMs: retryAfterMs ?? (offline ? CONNECTOR_OFFLINE_RETRY_MS : undefined) };
  if (status === 401) return new AdvowareAuthError(message, details);
  if (status === 403) return new AdvowareForbiddenError(message, details);
  if (status === 404) return new AdvowareNotFoundError(message, details);
  if (status === 408 || status === 429 || status >= 500) return new AdvowareUpstreamError(message, details);
  if (status === 400 || status === 422) return new AdvowareValidationError(message, details);
  return new AdvowareError(message, details);
}
