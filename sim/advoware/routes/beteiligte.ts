import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { badRequest, forbidden, notFound } from '../errors';
import type { BeteiligteView } from '../state';
import { intParam, queryText } from './params';

type BetNrParams = { Params: { betNr: string } };
type ChildParams = { Params: { betNr: string; id: string } };

/** Beteiligte with their Kommunikationen, Adressen and Bankverbindungen, under `api/v1/advonet/`. */
export function registerBeteiligteRoutes(api: FastifyInstance, ctx: SimContext): void {
  const base = '/api/v1/advonet/Beteiligte';
  const asRead = (view: BeteiligteView): BeteiligteView =>
    ctx.kommKzZeroOnRead ? { ...view, kommunikation: view.kommunikation.map((k) => ({ ...k, kommKz: 0 })) } : view;

  api.get<{ Querystring: Record<string, unknown> }>(base, async (request) => {
    const name = queryText(request.query.name);
    if (!name) throw badRequest("Der Suchparameter 'name' fehlt.");
    return ctx.state.searchBeteiligte(name, queryText(request.query.vorname)).map(asRead);
  });

  api.get<BetNrParams>(`${base}/:betNr`, async (request) => {
    const betNr = intParam('betNr', request.params.betNr);
    const view = ctx.state.getBeteiligte(betNr);
    if (!view) throw notFound(`Der Beteiligte mit der Nummer ${betNr} wurde nicht gefunden.`);
    return asRead(view);
  });

  api.post(base, async (request, reply) => reply.code(201).send(ctx.state.createBeteiligte(bodyObject(request.body))));

  api.put<BetNrParams>(`${base}/:betNr`, async (request) =>
    ctx.state.replaceBeteiligte(intParam('betNr', request.params.betNr), bodyObject(request.body), ctx.beteiligteReadOnlyOnPut),
  );

  api.post<BetNrParams>(`${base}/:betNr/Kommunikationen`, async (request, reply) =>
    reply.code(201).send(ctx.state.addKommunikation(intParam('betNr', request.params.betNr), request.body)),
  );

  api.put<ChildParams>(`${base}/:betNr/Kommunikationen/:id`, async (request) =>
    ctx.state.updateKommunikation(intParam('betNr', request.params.betNr), intParam('id', request.params.id), request.body, ctx.kommunikationReadOnlyOnPut),
  );

  api.delete(`${base}/:betNr/Kommunikationen/:id`, async () => {
    throw forbidden('Das Löschen von Kommunikationen ist für API-Anwendungen nicht erlaubt.');
  });

  // The collection also answers GET with the addresses the Beteiligte GET embeds (`doctor` probes it read-only).
  api.get<BetNrParams>(`${base}/:betNr/Adressen`, async (request) => {
    const betNr = intParam('betNr', request.params.betNr);
    const view = ctx.state.getBeteiligte(betNr);
    if (!view) throw notFound(`Der Beteiligte mit der Nummer ${betNr} wurde nicht gefunden.`);
    return view.adressen;
  });

  api.post<BetNrParams>(`${base}/:betNr/Adressen`, async (request, reply) =>
    reply.code(201).send(ctx.state.addAdresse(intParam('betNr', request.params.betNr), request.body)),
  );

  api.put<ChildParams>(`${base}/:betNr/Adressen/:id`, async (request) =>
    ctx.state.updateAdresse(intParam('betNr', request.params.betNr), intParam('id', request.params.id), request.body),
  );

  api.delete(`${base}/:betNr/Adressen/:id`, async () => {
    throw forbidden('Das Löschen von Adressen ist für API-Anwendungen nicht erlaubt.');
  });

  // Bankverbindungen: POST and GET only; not embedded in the Beteiligte GET (a separate endpoint, reference §1.5).
  api.get<BetNrParams>(`${base}/:betNr/Bankverbindungen`, async (request) => ctx.state.listBankverbindungen(intParam('betNr', request.params.betNr)));

  api.post<BetNrParams>(`${base}/:betNr/Bankverbindungen`, async (request, reply) =>
    reply.code(201).send(ctx.state.addBankverbindung(intParam('betNr', request.params.betNr), request.body)),
  );

  for (const method of ['PUT', 'DELETE'] as const) {
    api.route({
      method,
      url: `${base}/:betNr/Bankverbindungen/:id`,
      handler: async (_request, reply) => reply.code(405).send({ error: 'Bankverbindungen können über die API nicht geändert oder gelöscht werden.' }),
    });
  }
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde kein Beteiligter im JSON-Format übermittelt.');
  }
  return body as Record<string, unknown>;
}
