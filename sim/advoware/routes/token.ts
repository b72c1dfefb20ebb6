import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';

/** `POST {securityGateway}api/v1/Token`; `prefix` is the gateway's path, e.g. "/security". */
export function registerTokenRoute(app: FastifyInstance, ctx: SimContext, prefix: string): void {
  app.post(`${prefix}/api/v1/Token`, async (request) => ctx.auth.issue(request.body));
}
