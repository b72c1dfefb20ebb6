import type { FastifyInstance } from 'fastify';
import { ADMIN_PREFIX } from '../../shared/harness';
import type { SimContext } from '../context';
import type { AdvowareSeed } from '../state';

/** Advoware-specific controls next to the harness's counts/faults admin API. */
export function registerAdminRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post(`${ADMIN_PREFIX}/expire-tokens`, async () => {
    ctx.auth.expireAll();
    return { ok: true };
  });
  app.post<{ Body: { offline?: boolean } | undefined }>(`${ADMIN_PREFIX}/offline`, async (request) => {
    ctx.offline = request.body?.offline ?? true;
    return { offline: ctx.offline };
  });
  app.post<{ Body: AdvowareSeed | undefined }>(`${ADMIN_PREFIX}/seed`, async (request) => ctx.state.seed(request.body ?? {}));
  app.post(`${ADMIN_PREFIX}/reset`, async () => {
    ctx.state.reset();
    ctx.offline = false;
    return { ok: true };
  });
  app.get(`${ADMIN_PREFIX}/state`, async () => ({ ...ctx.state.snapshot(), offline: ctx.offline, tokensIssued: ctx.auth.issued }));
}
