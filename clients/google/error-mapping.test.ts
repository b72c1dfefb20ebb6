import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../errors';
import { toGoogleError } from './error-mapping';

const wire = (status: number, reason?: string, domain = 'global', headers: Record<string, string> = {}) => ({
  message: 'Request failed',
  response: {
    status,
    headers: new Headers(headers),
    data: reason ? { error: { errors: [{ domain, reason, message: reason }], code: status, message: reason } } : undefined,
  },
});

describe('toGoogleError', () => {
  it.each([
    [wire(410, 'fullSyncRequired'), 'list', 'GoogleFullSyncRequiredError'],
    [wire(410), 'list', 'GoogleFullSyncRequiredError'],
    [wire(410, 'deleted'), 'other', 'GoogleNotFoundError'],
    [wire(403, 'userRateLimitExceeded', 'usageLimits'), 'other', 'GoogleRateLimitError'],
    [wire(403, 'rateLimitExceeded', 'usageLimits'), 'other', 'GoogleRateLimitError'],
    [wire(403, 'quotaExceeded', 'usageLimits'), 'other', 'GoogleRateLimitError'],
    [wire(429, 'rateLimitExceeded', 'usageLimits'), 'other', 'GoogleRateLimitError'],
    [wire(403, 'forbiddenForNonOrganizer'), 'other', 'GoogleAuthError'],
    [wire(401, 'authError'), 'other', 'GoogleAuthError'],
    [wire(412, 'conditionNotMet'), 'other', 'GooglePreconditionFailedError'],
    [wire(404, 'notFound'), 'other', 'GoogleNotFoundError'],
    [wire(400, 'invalid'), 'other', 'GoogleBadRequestError'],
    [wire(409, 'duplicate'), 'other', 'GoogleBadRequestError'],
    [wire(500, 'backendError'), 'other', 'GoogleUpstreamError'],
    [wire(503), 'other', 'GoogleUpstreamError'],
    [{ message: 'fetch failed', code: 'ECONNRESET' }, 'other', 'GoogleUpstreamError'],
    [{ message: 'bad', response: { status: 400, data: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } } }, 'other', 'GoogleAuthError'],
  ] as const)('maps %j (%s) to %s', (error, operation, name) => {
    expect(toGoogleError(error, operation).name).toBe(name);
  });

  it('carries retryAfterMs from Retry-After and the retryable flag', () => {
    const error = toGoogleError(wire(429, 'rateLimitExceeded', 'usageLimits', { 'Retry-After': '3' }));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000, status: 429, reason: 'rateLimitExceeded' });
    expect(toGoogleError(wire(400, 'invalid')).retryable).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
