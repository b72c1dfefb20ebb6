/**
 * Typed EspoCRM failures. Class names double as Temporal failure types, so they are fixed
 * strings rather than derived from the constructor at run time.
 */
export class EspoCrmError extends Error {
  override name = 'EspoCrmError';
  /** Whether repeating the same request may succeed. */
  readonly retryable: boolean = false;

  constructor(
    message: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    /** The `X-Status-Reason` header, if any. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export class EspoCrmAuthError extends EspoCrmError {
  override name = 'EspoCrmAuthError';
}

export class EspoCrmForbiddenError extends EspoCrmError {
  override name = 'EspoCrmForbiddenError';
}

export class EspoCrmNotFoundError extends EspoCrmError {
  override name = 'EspoCrmNotFoundError';
}

export class EspoCrmValidationError extends EspoCrmError {
  override name = 'EspoCrmValidationError';

  constructor(
    message: string,
    status: number,
    reason: string | undefined,
    readonly field?: string,
    /** Validation type, e.g. `required` or `valid`. */
    readonly type?: string,
  ) {
    super(message, status, reason);
  }
}

/** 409 `duplicate`: the create would duplicate existing records (sent back in `duplicates`). */
export class EspoCrmDuplicateError extends EspoCrmError {
  override name = 'EspoCrmDuplicateError';

  constructor(
    message: string,
    readonly duplicates: Record<string, unknown>[],
  ) {
    super(message, 409, 'duplicate');
  }
}

/** 409 `modified`: someone changed the fields we write since the version we read. */
export class EspoCrmConflictError extends EspoCrmError {
  override name = 'EspoCrmConflictError';

  constructor(
    message: string,
    readonly values: Record<string, unknown>,
    readonly versionNumber: number | null,
  ) {
    super(message, 409, 'modified');
  }
}

/**
 * A 2xx answer whose record does not have the shape the sync relies on (e.g. `betnr` is text).
 * Reading again returns the same record, so it is not retried; `field` names the first offender.
 */
export class EspoCrmResponseFormatError extends EspoCrmError {
  override name = 'EspoCrmResponseFormatError';

  constructor(
    message: string,
    /** Dotted path of the first field that does not fit, e.g. `phoneNumberData.0.primary`. */
    readonly field: string,
  ) {
    super(message, 200);
  }
}

/** 5xx, timeouts and network failures: worth retrying later. */
export class EspoCrmUpstreamError extends EspoCrmError {
  override name = 'EspoCrmUpstreamError';
  override readonly retryable: boolean = true;
}

export function isEspoCrmError(error: unknown): error is EspoCrmError {
  return error instanceof EspoCrmError;
}
