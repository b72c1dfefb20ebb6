import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any server/logger/type-provider variant
type AnyFastify = FastifyInstance<any, any, any, any, any>;

export interface AuthGuard {
  /** `onRequest` hook: runs before any body is read, parsed or validated. */
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /** Counts one failed authentication (bad API key or webhook signature) for the client address. */
  recordFailure: (request: FastifyRequest) => Promise<void>;
  /** True while the client address may not try again. */
  isLockedOut: (request: FastifyRequest) => Promise<boolean>;
}

/**
 * API-key check with a per-address budget of failed attempts (@fastify/rate-limit's store, so
 * it needs that plugin registered first). Once used up, the address gets 429 even with a right
 * key until the window ends: guessing keys costs a minute per `failuresPerMinute` tries.
 */
export function createAuthGuard(app: AnyFastify, keys: readonly string[], failuresPerMinute: number): AuthGuard {
  const failures = app.createRateLimit({ max: failuresPerMinute, timeWindow: 60_000, keyGenerator: (request) => `auth-failure:${request.ip}` });
  const isLockedOut = async (request: FastifyRequest) => {
    const state = await failures(request, { increment: false });
    return !state.isAllowed && state.remaining === 0;
  };
  const recordFailure = async (request: FastifyRequest) => {
    await failures(request);
  };
  return {
    isLockedOut,
    recordFailure,
    hook: async (request, reply) => {
      if (await isLockedOut(request)) return tooManyFailures(reply);
      if (isValidApiKey(apiKeyFrom(request), keys)) return undefined;
      await recordFailure(request);
      return reply.code(401).send({ error: 'Unauthorized', message: 'A valid API key is required (X-API-Key header).' });
    },
  };
}

export function tooManyFailures(reply: FastifyReply): FastifyReply {
  reply.header('retry-after', '60');
  return reply.code(429).send({ error: 'Too Many Requests', message: 'Too many failed authentication attempts from this address; retry later' });
}

export type AuthHook = AuthGuard['hook'];
