import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { PayloadKeyError } from '../../clients/temporal/codec';
import { tooManyFailures, type AuthGuard } from '../auth';
import { apiHeader } from '../headers';

/**
 * Temporal's codec-server protocol for the Web UI and `temporal --codec-endpoint`:
 * `POST …/encode` and `POST …/decode` take and return `{ payloads: [...] }` in proto3 JSON (metadata
 * values and data base64). Two bases:
 * - `/codec` — API key (`X-API-Key`, or `Authorization: Bearer <key>` as the CLI's `--codec-auth` sends);
 * - `/codec/ui/<CODEC_UI_TOKEN>` — for the Web UI, which can send neither header (it offers only
 *   its own OIDC token or cookies), so the endpoint URL configured in the UI carries the secret.
 * Browsers may call either only from the configured UI origins (CORS, preflight included).
 */
export interface CodecRouteOptions {
  /** The configured keys' codec; undefined when there is no key (payloads pass through). */
  codec: PayloadCodec | undefined;
  /** The API's key check and failed-authentication budget (api/auth.ts). */
  guard: AuthGuard;
  uiToken: string | undefined;
  uiOrigins: readonly string[];
}

const base64 = z.string().max(20_000_000).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const payloadJson = z.object({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() });
const payloadsJson = z.object({ payloads: z.array(payloadJson).max(10_000) });
type PayloadJson = z.infer<typeof payloadJson>;

const ALLOWED_HEADERS = 'content-type, x-namespace, authorization, x-api-key';
const digest = (value: string) => createHash('sha256').update(value).digest();

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export const codecRoutes = (options: CodecRouteOptions): FastifyPluginAsyncZod => async (app) => {
  const allowedOrigins = new Set(options.uiOrigins);

  // CORS first (a preflight carries no credentials), then authentication — both before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    const origin = apiHeader(request, 'origin');
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) {
        return reply.code(403).send({ error: 'Forbidden', message: 'This origin may not use the codec endpoint (TEMPORAL_UI_ORIGIN).' });
      }
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('access-control-allow-methods', 'POST, OPTIONS')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .send();
    }
    const token = (request.params as { token?: string }).token;
    if (token === undefined) return options.guard.hook(request, reply);
    if (await options.guard.isLockedOut(request)) return tooManyFailures(reply);
    if (options.uiToken !== undefined && timingSafeEqual(digest(token), digest(options.uiToken))) return undefined;
    await options.guard.recordFailure(request);
    return reply.code(401).send({ error: 'Unauthorized', message: 'A valid Web UI codec URL is required (CODEC_UI_TOKEN).' });
  });

  const convert = (direction: 'encode' | 'decode') => async (request: FastifyRequest<{ Body: z.infer<typeof payloadsJson> }>, reply: FastifyReply) => {
    const payloads = request.body.payloads.map(fromJson);
    try {
      const converted = options.codec ? await options.codec[direction](payloads) : payloads;
      return { payloads: converted.map(toJson) };
    } catch (err) {
      if (err instanceof PayloadKeyError) return reply.code(400).send({ error: 'Bad Request', message: err.message });
      throw err;
    }
  };

  for (const base of ['/codec', '/codec/ui/:token']) {
    const ui = base !== '/codec';
    for (const direction of ['encode', 'decode'] as const) {
      const url = `${base}/${direction}`;
      app.post(
        url,
        {
          schema: {
            tags: ['codec'],
            summary: `${direction === 'decode' ? 'Decrypt' : 'Encrypt'} Temporal payloads (codec-server protocol${ui ? ', Web UI URL' : ''})`,
            ...(ui ? {} : { security: [{ apiKey: [] }] }),
            body: payloadsJson,
            response: { 200: payloadsJson },
          },
        },
        convert(direction),
      );
      // Answered by the hook above; registered so the preflight finds a route (and CORS) instead of 404.
      app.options(url, { schema: { hide: true } }, async () => undefined);
    }
  }
};
