import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiHeader } from './headers';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time membership test: compares fixed-size digests against every key, no early exit. */
export function isValidApiKey(candidate: string | undefined, keys: readonly string[]): boolean {
  if (!candidate) return false;
  const given = digest(candidate);
  let ok = false;
  for (const key of keys) ok = timingSafeEqual(given, digest(key)) || ok;
  return ok;
}

/** The key from `X-API-Key`, the gateway-style `apikey` header, or `Authorization: Bearer`. */
export function apiKeyFrom(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(apiHeader(request, 'authorization') ?? '')?.[1];
  return apiHeader(request, 'x-api-key') ?? apiHeader(request, 'apikey') ?? bearer;
}

/** preHandler that rejects requests without a valid API key before anything else happens. */
export function requireApiKey(keys: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isValidApiKey(apiKeyFrom(request), keys)) {
      return reply.code(401).send({ error: 'Unauthorized', message: 'A valid API key is required (X-API-Key header).' });
    }
  };
}

export type AuthHook = ReturnType<typeof requireApiKey>;
