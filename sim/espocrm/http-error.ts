/**
 * An EspoCRM error answer: status, optional `X-Status-Reason` and optional JSON body
 * (EspoCRM sends an empty body unless the exception carries one).
 */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason?: string,
    readonly body?: unknown,
  ) {
    super(reason ?? `HTTP ${status}`);
  }
}

export function validationFailure(entityType: string, field: string, type: string): SimHttpError {
  return new SimHttpError(400, `Field validation failure; entityType: ${entityType}, field: ${field}, type: ${type}.`, {
    messageTranslation: { label: 'validationFailure', scope: null, data: { field, type } },
  });
}

export function badRequest(reason: string): SimHttpError {
  return new SimHttpError(400, reason);
}

export function notFound(): SimHttpError {
  return new SimHttpError(404);
}
