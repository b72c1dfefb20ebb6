/**
 * Google's JSON error envelope and the error the simulator throws internally. Route handlers
 * throw `GoogleApiError`; the app's error handler turns it into the exact wire shape
 * `{"error":{"errors":[{domain,reason,message}],"code","message"}}`.
 */
export interface GoogleErrorBody {
  error: {
    errors: { domain: string; reason: string; message: string; locationType?: string; location?: string }[];
    code: number;
    message: string;
  };
}

const DEFAULT_MESSAGES: Record<string, string> = {
  authError: 'Invalid Credentials',
  notFound: 'Not Found',
  duplicate: 'The requested identifier already exists.',
  deleted: 'Resource has been deleted',
  fullSyncRequired: 'Sync token is no longer valid, a full sync is required.',
  conditionNotMet: 'Precondition Failed',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
  rateLimitExceeded: 'Rate Limit Exceeded',
  quotaExceeded: 'Calendar usage limits exceeded.',
  backendError: 'Backend Error',
  timeRangeEmpty: 'The specified time range is empty.',
  badRequest: 'Bad Request',
  invalid: 'Invalid Value',
  required: 'Required',
  forbidden: 'Forbidden',
  insufficientPermissions: 'Request had insufficient authentication scopes.',
  parseError: 'Parse Error',
};

const USAGE_LIMIT_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded']);

function domainFor(reason: string): string {
  return USAGE_LIMIT_REASONS.has(reason) ? 'usageLimits' : 'global';
}

/** Builds the envelope; also handy as a fault-injection body (`sim.faults.add({ status, body })`). */
export function googleErrorBody(code: number, reason: string, message?: string, extra: { location?: string } = {}): GoogleErrorBody {
  const text = message ?? DEFAULT_MESSAGES[reason] ?? reason;
  const detail = { domain: domainFor(reason), reason, message: text, ...(extra.location ? { locationType: 'parameter', location: extra.location } : {}) };
  return { error: { errors: [detail], code, message: text } };
}

export class GoogleApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message?: string,
    readonly extra: { location?: string; headers?: Record<string, string> } = {},
  ) {
    super(message ?? DEFAULT_MESSAGES[reason] ?? reason);
    this.name = 'GoogleApiError';
  }

  body(): GoogleErrorBody {
    return googleErrorBody(this.code, this.reason, this.message, this.extra);
  }
}

export const notFound = (): GoogleApiError => new GoogleApiError(404, 'notFound');
export const badRequest = (message?: string, location?: string): GoogleApiError => new GoogleApiError(400, 'badRequest', message, { location });
export const invalid = (message?: string, location?: string): GoogleApiError => new GoogleApiError(400, 'invalid', message, { location });
