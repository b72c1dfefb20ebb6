import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { badRequest, forbidden, notFound } from '../errors';
import { intParam, queryText } from './params';

type FrNrParams = { Params: { frNr: string } };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateQuery(name: string, value: unknown): string | undefined {
  const text = queryText(value);
  if (text === undefined || text === '') return undefined;
  if (!DATE.test(text)) throw badRequest(`Ungültiger Wert '${text}' für den Parameter '${name}'. Erwartet wird JJJJ-MM-TT.`);
  return text;
}

function modifiable(frNr: number): void {
  if (frNr < 0) throw forbidden(`Der Termin ${frNr} ist ein abgeleiteter Sondertermin und kann nicht geändert oder gelöscht werden.`);
}

/** Termine under `api/v1/advonet/Termine`; negative frNr are derived entries and read-only. */
export function registerTermineRoutes(api: FastifyInstance, ctx: SimContext): void {
  const base = '/api/v1/advonet/Termine';

  api.get<{ Querystring: Record<string, unknown> }>(base, async (request) => {
    const kuerzel = queryText(request.query.kuerzel);
    if (!kuerzel) throw badRequest("Der Parameter 'kuerzel' fehlt.");
    return ctx.state.listTermine({ kuerzel, from: dateQuery('from', request.query.from), to: dateQuery('to', request.query.to) });
  });

  api.get<FrNrParams>(`${base}/:frNr`, async (request) => {
    const frNr = intParam('frNr', request.params.frNr);
    const termin = ctx.state.getTermin(frNr);
    if (!termin) throw notFound(`Der Termin mit der Nummer ${frNr} wurde nicht gefunden.`);
    return termin;
  });

  api.post(base, async (request, reply) => reply.code(201).send(ctx.state.createTermin(request.body)));

  api.put<FrNrParams>(`${base}/:frNr`, async (request) => {
    const frNr = intParam('frNr', request.params.frNr);
    modifiable(frNr);
    return ctx.state.updateTermin(frNr, request.body);
  });

  api.delete<FrNrParams>(`${base}/:frNr`, async (request, reply) => {
    const frNr = intParam('frNr', request.params.frNr);
    modifiable(frNr);
    ctx.state.deleteTermin(frNr);
    return reply.code(204).send();
  });
}
