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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validationDetails(body: unknown): { field?: string; type?: string } {
  if (!isObject(body) || !isObject(body.messageTranslation)) return {};
  const data = body.messageTranslation.data;
  if (!isObject(data)) return {};
  return {
    field: typeof data.field === 'string' ? data.field : undefined,
    type: typeof data.type === 'string' ? data.type : undefined,
  };
}

/** Maps a non-2xx EspoCRM answer to the matching typed error. */
export function errorFromResponse(status: number, reason: string | undefined, body: unknown, what: string): EspoCrmError {
  const message = `EspoCRM ${what} failed with ${status}${reason ? `: ${reason}` : ''}`;
  switch (status) {
    case 400: {
      const { field, type } = validationDetails(body);
      return new EspoCrmValidationError(message, status, reason, field, type);
    }
    case 401:
      return new EspoCrmAuthError(message, status, reason);
    case 403:
      return new EspoCrmForbiddenError(message, status, reason);
    case 404:
      return new EspoCrmNotFoundError(message, status, reason);
    case 409:
      if (reason === 'duplicate') return new EspoCrmDuplicateError(message, Array.isArray(body) ? body.filter(isObject) : []);
      if (reason === 'modified') {
        const values = isObject(body) && isObject(body.values) ? body.values : {};
        const versionNumber = isObject(body) && typeof body.versionNumber === 'number' ? body.versionNumber : null;
        return new EspoCrmConflictError(message, values, versionNumber);
      }
      return new EspoCrmError(message, status, reason);
    default:
      if (status >= 500 || status === 408 || status === 429) return new EspoCrmUpstreamError(message, status, reason);
      return new EspoCrmError(message, status, reason);
  }
}
