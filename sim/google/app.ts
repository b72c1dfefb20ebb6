import type { FastifyInstance } from 'fastify';
import { AuthRegistry } from './auth';
import { authenticateAndMeter, type GoogleSimSettings, type SimContext } from './context';
import { GoogleApiError, googleErrorBody } from './errors';
import { SlidingWindowLimiter } from './rate-limit';
import { registerGoogleAdminRoutes } from './routes/admin';
import { registerCalendarRoutes } from './routes/calendars';
import { registerEventRoutes } from './routes/events';
import { registerTokenRoute } from './routes/token';
import { GoogleState } from './state';

/** Seconds advertised on a 429 that carries no Retry-After of its own (e.g. an injected fault). */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

function parseJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    throw new GoogleApiError(400, 'parseError');
  }
}

/** Adds Google's routes, parsers and error envelope to a harness app; returns the shared context. */
export function installGoogleApi(app: FastifyInstance, settings: GoogleSimSettings, tokenUrl: () => string, tokenLifetimeSeconds: number): SimContext {
  const ctx: SimContext = {
    state: new GoogleState(),
    auth: new AuthRegistry(tokenUrl, tokenLifetimeSeconds),
    limiter: new SlidingWindowLimiter(),
    settings,
  };

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJson(String(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof GoogleApiError) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      return reply.code(error.code).send(error.body());
    }
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 400 && status < 500) return reply.code(400).send(googleErrorBody(400, 'badRequest', error instanceof Error ? error.message : undefined));
    return reply.code(500).send(googleErrorBody(500, 'backendError'));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(googleErrorBody(404, 'notFound')));

  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(DEFAULT_RETRY_AFTER_SECONDS));
    return payload;
  });

  registerTokenRoute(app, ctx.auth);
  registerGoogleAdminRoutes(app, ctx);
  app.register(
    async (api) => {
      api.addHook('onRequest', authenticateAndMeter(ctx));
      registerCalendarRoutes(api, ctx);
      registerEventRoutes(api, ctx);
    },
    { prefix: '/calendar/v3' },
  );
  return ctx;
}
