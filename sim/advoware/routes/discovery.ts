import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { notFound } from '../errors';

export interface DiscoveryUrls {
  relayUrl: string;
  connectorUrl: string | null;
  securityGateway: string;
}

/** `GET /AdvonetConfigurator/api/Url?Kanzlei=K` → where the Kanzlei's API and token gateway live. */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: SimContext, urls: DiscoveryUrls): void {
  app.get<{ Querystring: { Kanzlei?: string } }>('/AdvonetConfigurator/api/Url', async (request) => {
    const kanzlei = request.query.Kanzlei ?? '';
    if (kanzlei.toLowerCase() !== ctx.credentials.kanzlei.toLowerCase()) {
      throw notFound(`Die Kanzlei '${kanzlei}' ist nicht registriert.`);
    }
    return urls;
  });
}
