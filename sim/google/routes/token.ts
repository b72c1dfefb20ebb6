import type { FastifyInstance } from 'fastify';
import { TokenError, type AuthRegistry } from '../auth';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `POST /token`: the OAuth 2.0 JWT bearer grant that service accounts use. */
export function registerTokenRoute(app: FastifyInstance, auth: AuthRegistry): void {
  app.post<{ Body: Record<string, string> | undefined }>('/token', async (request, reply) => {
    const body = request.body ?? {};
    if (body.grant_type !== JWT_BEARER) {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    }
    try {
      return auth.exchangeAssertion(body.assertion ?? '');
    } catch (error) {
      if (error instanceof TokenError) return reply.code(400).send({ error: error.error, error_description: error.description });
      throw error;
    }
  });
}
