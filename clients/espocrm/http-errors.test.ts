import { describe, expect, it } from 'vitest';
import {
  EspoCrmAuthError,
  EspoCrmConflictError,
  EspoCrmDuplicateError,
  EspoCrmError,
  EspoCrmForbiddenError,
  EspoCrmNotFoundError,
  EspoCrmUpstreamError,
  EspoCrmValidationError,
} from './errors';
import { errorFromResponse } from './http-errors';

describe('errorFromResponse', () => {
  it('maps 400 validationFailure with field and type', () => {
    const body = { messageTranslation: { label: 'validationFailure', scope: null, data: { field: 'name', type: 'required' } } };
    const error = errorFromResponse(400, 'Field validation failure', body, 'POST /CBeteiligte');
    expect(error).toBeInstanceOf(EspoCrmValidationError);
    expect(error).toMatchObject({ name: 'EspoCrmValidationError', field: 'name', type: 'required', status: 400, retryable: false });
  });

  it('maps auth, forbidden and not found to non-retryable errors', () => {
    expect(errorFromResponse(401, undefined, undefined, 'x')).toMatchObject({ name: 'EspoCrmAuthError', retryable: false });
    expect(errorFromResponse(401, undefined, undefined, 'x')).toBeInstanceOf(EspoCrmAuthError);
    expect(errorFromResponse(403, 'no', undefined, 'x')).toBeInstanceOf(EspoCrmForbiddenError);
    expect(errorFromResponse(404, undefined, undefined, 'x')).toBeInstanceOf(EspoCrmNotFoundError);
  });

  it('maps 409 duplicate with the duplicates', () => {
    const error = errorFromResponse(409, 'duplicate', [{ id: 'a' }], 'x');
    expect(error).toBeInstanceOf(EspoCrmDuplicateError);
    expect((error as EspoCrmDuplicateError).duplicates).toEqual([{ id: 'a' }]);
  });

  it('maps 409 modified with values and versionNumber', () => {
    const error = errorFromResponse(409, 'modified', { values: { name: 'B' }, versionNumber: 4 }, 'x');
    expect(error).toBeInstanceOf(EspoCrmConflictError);
    expect(error).toMatchObject({ name: 'EspoCrmConflictError', values: { name: 'B' }, versionNumber: 4 });
  });

  it('maps 5xx to a retryable upstream error and other codes to the base error', () => {
    const upstream = errorFromResponse(503, undefined, undefined, 'x');
    expect(upstream).toBeInstanceOf(EspoCrmUpstreamError);
    expect(upstream.retryable).toBe(true);
    const other = errorFromResponse(409, 'something', undefined, 'x');
    expect(other.constructor).toBe(EspoCrmError);
    expect(other.reason).toBe('something');
  });
});
