import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { AdvowareSimError } from '../errors';
import { registerBeteiligteRoutes } from './beteiligte';
import { registerDirectoryRoutes } from './directory';
import { registerTermineRoutes } from './termine';

/**
 * The Advoware REST API as served by the Kanzlei's connector (or the relay). Every call first
 * needs the connector to be online, then a valid bearer token from the security gateway.
 */
export async function apiPlugin(api: FastifyInstance, opts: { ctx: SimContext }): Promise<void> {
  const { ctx } = opts;
  api.addHook('preHandler', async (request, reply) => {
    if (ctx.offline) {
      throw new AdvowareSimError(503, `Die Kanzlei '${ctx.credentials.kanzlei}' (Datenbank '${ctx.credentials.database}') ist nicht angemeldet.`);
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !ctx.auth.isValid(match[1])) {
      reply.header('WWW-Authenticate', 'Bearer');
      throw new AdvowareSimError(401, match ? 'Das Zugriffstoken ist ungültig oder abgelaufen.' : 'Es wurde kein Zugriffstoken übermittelt.');
    }
  });
  registerBeteiligteRoutes(api, ctx);
  registerTermineRoutes(api, ctx);
  registerDirectoryRoutes(api, ctx);
}

/** The base that discovery does NOT hand out: refuse every call so a client using it fails loudly. */
export async function refusingPlugin(api: FastifyInstance, opts: { message: string }): Promise<void> {
  api.all('/*', async () => {
    throw new AdvowareSimError(404, opts.message);
  });
}
