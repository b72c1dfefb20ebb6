import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { notFound } from '../errors';
import { intParam, queryText } from './params';

/** Mitarbeiter (`api/v1/advonet/Mitarbeiter`) and Akten (`api/v1/Akten`). */
export function registerDirectoryRoutes(api: FastifyInstance, ctx: SimContext): void {
  api.get('/api/v1/advonet/Mitarbeiter', async () => ctx.state.listEmployees());

  api.get<{ Querystring: Record<string, unknown> }>('/api/v1/Akten', async (request) => ctx.state.listAkten(queryText(request.query.Search)));

  api.get<{ Params: { id: string } }>('/api/v1/Akten/:id', async (request) => {
    const id = intParam('id', request.params.id);
    const akte = ctx.state.getAkte(id);
    if (!akte) throw notFound(`Die Akte mit der Id ${id} wurde nicht gefunden.`);
    return akte;
  });
}
