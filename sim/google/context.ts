import type { FastifyReply, FastifyRequest } from 'fastify';
import { CALENDAR_SCOPE, type AccessToken, type AuthRegistry } from './auth';
import { GoogleApiError } from './errors';
import type { SlidingWindowLimiter } from './rate-limit';
import type { GoogleState } from './state';
import type { StoredCalendar } from './types';

export interface GoogleSimSettings {
  requireSubject: boolean;
  userRatePerMinute: number;
  projectRatePerMinute: number;
  rateLimitsEnabled: boolean;
}

export interface SimContext {
  state: GoogleState;
  auth: AuthRegistry;
  limiter: SlidingWindowLimiter;
  settings: GoogleSimSettings;
}

const callers = new WeakMap<FastifyRequest, AccessToken>();

export function caller(request: FastifyRequest): AccessToken {
  const token = callers.get(request);
  if (!token) throw new GoogleApiError(401, 'authError');
  return token;
}

/** Bearer token check (401 authError), then the per-user and per-project sliding-minute quotas. */
export function authenticateAndMeter(ctx: SimContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const token = match ? ctx.auth.resolve(match[1].trim()) : undefined;
    if (!token) {
      reply.header('www-authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      throw new GoogleApiError(401, 'authError', 'Invalid Credentials', { location: 'Authorization' });
    }
    callers.set(request, token);
    if (!ctx.settings.rateLimitsEnabled) return;
    const userKey = `user:${token.serviceAccount}:${token.user}`;
    const projectKey = `project:${token.serviceAccount}`;
    const userWait = ctx.limiter.waitMs(userKey, ctx.settings.userRatePerMinute);
    if (userWait > 0) ctx.limiter.rejected.user += 1;
    if (userWait > 0) throw new GoogleApiError(403, 'userRateLimitExceeded', undefined, { headers: { 'retry-after': String(Math.ceil(userWait / 1000)) } });
    const projectWait = ctx.limiter.waitMs(projectKey, ctx.settings.projectRatePerMinute);
    if (projectWait > 0) ctx.limiter.rejected.project += 1;
    if (projectWait > 0) throw new GoogleApiError(403, 'rateLimitExceeded', undefined, { headers: { 'retry-after': String(Math.ceil(projectWait / 1000)) } });
    ctx.limiter.record(userKey);
    ctx.limiter.record(projectKey);
  };
}

export type Access = 'read' | 'writeEvents' | 'writeCalendars';

/** Scope check (403 insufficientPermissions), then ownership when `requireSubject` is on (403 forbidden). */
export function authorize(ctx: SimContext, request: FastifyRequest, access: Access, calendar?: StoredCalendar): AccessToken {
  const token = caller(request);
  const scopes = new Set(token.scopes);
  const full = scopes.has(CALENDAR_SCOPE);
  const allowed =
    access === 'read' ? scopes.size > 0 : access === 'writeEvents' ? full || scopes.has(`${CALENDAR_SCOPE}.events`) : full;
  if (!allowed) throw new GoogleApiError(403, 'insufficientPermissions');
  if (ctx.settings.requireSubject) {
    if (token.user === token.serviceAccount) throw new GoogleApiError(403, 'forbidden', 'The service account must impersonate a user (JWT sub).');
    if (calendar && calendar.owner !== token.user) {
      throw new GoogleApiError(403, 'forbidden', access === 'read' ? 'You need to have reader access to this calendar.' : 'You need to have writer access to this calendar.');
    }
  }
  return token;
}
