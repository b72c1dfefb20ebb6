import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AdvowareForbiddenError, AdvowareUpstreamError, AdvowareValidationError, errorForStatus } from '../clients/advoware/errors';
import { EspoCrmForbiddenError, EspoCrmUpstreamError } from '../clients/espocrm/errors';
import { GoogleNotFoundError, GoogleRateLimitError } from '../clients/google/errors';
import { toActivityFailure } from './failures';

const asFailure = (error: unknown) => toActivityFailure(error) as ApplicationFailure;

describe('toActivityFailure', () => {
  it.each([
    ['AdvowareForbiddenError', new AdvowareForbiddenError('403'), true],
    ['AdvowareValidationError', new AdvowareValidationError('400'), true],
    ['AdvowareUpstreamError', new AdvowareUpstreamError('503'), false],
    ['EspoCrmForbiddenError', new EspoCrmForbiddenError('403', 403), true],
    ['EspoCrmUpstreamError', new EspoCrmUpstreamError('502', 502), false],
    ['GoogleNotFoundError', new GoogleNotFoundError('404'), true],
    ['GoogleRateLimitError', new GoogleRateLimitError('429'), false],
  ])('%s → type kept, nonRetryable %s', (type, error, nonRetryable) => {
    const failure = asFailure(error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type, nonRetryable, message: error.message });
  });

  it('passes the upstream wait on as nextRetryDelay', () => {
    expect(asFailure(new GoogleRateLimitError('429', { retryAfterMs: 3_000 })).nextRetryDelay).toBe(3_000);
    expect(asFailure(errorForStatus(429, { error: 'zu viele Anfragen' }, 'GET x', 7_000)).nextRetryDelay).toBe(7_000);
  });

  it('waits a minute for an offline connector unless Advoware says otherwise', () => {
    const offline = errorForStatus(503, { error: 'Der Connector der Kanzlei ist nicht angemeldet.' }, 'GET x');
    expect(asFailure(offline)).toMatchObject({ nonRetryable: false, nextRetryDelay: 60_000 });
    expect(asFailure(errorForStatus(503, { error: 'Dienst nicht verfügbar' }, 'GET x')).nextRetryDelay).toBeUndefined();
  });

  it('leaves ApplicationFailures and unclassified errors alone', () => {
    const own = ApplicationFailure.retryable('changed meanwhile', 'ConcurrentEdit');
    expect(toActivityFailure(own)).toBe(own);
    const bug = new TypeError('x is undefined');
    expect(toActivityFailure(bug)).toBe(bug);
  });
});
