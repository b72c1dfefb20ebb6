import type { FastifyInstance } from 'fastify';
import { ADMIN_PREFIX } from '../../shared/harness';
import type { SimContext } from '../context';
import { isPlainObject } from '../types';

/** Google-specific test controls under /__admin (not counted, never faulted). */
export function registerGoogleAdminRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post<{ Body: unknown }>(`${ADMIN_PREFIX}/invalidate-sync-tokens`, async (request) => {
    const calendarId = isPlainObject(request.body) && typeof request.body.calendarId === 'string' ? request.body.calendarId : undefined;
    ctx.state.invalidateSyncTokens(calendarId);
    return { ok: true };
  });

  app.post(`${ADMIN_PREFIX}/expire-tokens`, async () => {
    ctx.auth.expireAll();
    return { ok: true };
  });

  app.post<{ Body: unknown }>(`${ADMIN_PREFIX}/service-accounts`, async (request) => {
    const clientEmail = isPlainObject(request.body) && typeof request.body.clientEmail === 'string' ? request.body.clientEmail : undefined;
    return ctx.auth.createServiceAccountKey({ clientEmail });
  });

  app.post(`${ADMIN_PREFIX}/reset`, async () => {
    ctx.state.reset();
    ctx.limiter.reset();
    return { ok: true };
  });

  app.get(`${ADMIN_PREFIX}/calendars`, async () => ({
    calendars: ctx.state.listCalendars().map((c) => ({ ...c.calendar, owner: c.owner, primary: c.primary })),
  }));

  app.get<{ Params: { calendarId: string } }>(`${ADMIN_PREFIX}/calendars/:calendarId/events`, async (request) => ({
    events: ctx.state.listEvents(request.params.calendarId, { includeDeleted: true }),
  }));
}
