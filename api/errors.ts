import type { FastifyError, FastifyInstance } from 'fastify';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server/logger/type-provider variant
type AnyFastify = FastifyInstance<any, any, any, any, any>;
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** One error handler: clear 4xx reasons for bad input, 5xx bodies that never leak internals. */
export function registerErrorHandler(app: AnyFastify): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send({
        error: 'Bad Request',
        message: 'Request does not match the schema',
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (isTemporalUnavailable(error)) {
      request.log.error({ err: error }, 'Temporal unreachable');
      return reply.code(503).send({ error: 'Service Unavailable', message: 'Workflow engine unreachable; retry later' });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      request.log.info({ err: error }, 'rejected request');
      return reply.code(status).send({ error: httpReason(status), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ error: httpReason(status), message: 'Internal error; see server logs', requestId: request.id });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED from the Temporal client: the engine, not the request, is the problem. */
function isTemporalUnavailable(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && (grpc.code === 14 || grpc.code === 4);
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 502: 'Bad Gateway', 503: 'Service Unavailable',
  };
  return reasons[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
