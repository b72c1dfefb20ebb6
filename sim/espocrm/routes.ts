import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_PREFIX } from '../shared/harness';
import { authenticate } from './auth';
import { parseBracketQuery } from './bracket-query';
import { badRequest, notFound, SimHttpError } from './http-error';
import { readSearchParams, runList } from './list';
import { metadataView } from './metadata';
import type { EspoCrmState } from './state';
import type { Actor, RecordStore } from './store';
import type { ApiUser, FlushOptions } from './types';
import type { WebhookManager } from './webhooks';

export const API_PREFIX = '/api/v1';

interface Deps {
  users: ApiUser[];
  store: RecordStore;
  webhooks: WebhookManager;
  state: EspoCrmState;
  /** Fields hidden from `GET Metadata` (a test removes a field an admin forgot to create). */
  removedFields: Map<string, Set<string>>;
}

type EntityParams = { entity: string };
type RecordParams = { entity: string; id: string };

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('Bad payload.');
  return value as Record<string, unknown>;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function versionHeader(request: FastifyRequest): number | undefined {
  const raw = header(request, 'x-version-number');
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) ? n : undefined;
}

/** EspoCRM's error output: status, message in X-Status-Reason, body only when the error has one. */
function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SimHttpError) {
    if (error.reason) reply.header('X-Status-Reason', error.reason.replace(/[^\x20-\x7e]/g, ''));
    return error.body === undefined ? reply.code(error.status).send() : reply.code(error.status).send(error.body);
  }
  const status = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
  return reply.code(status >= 400 && status < 500 ? 400 : 500).send();
}

export function registerEspoCrmRoutes(app: FastifyInstance, deps: Deps): void {
  const { users, store, webhooks, state } = deps;
  const actors = new WeakMap<FastifyRequest, Actor>();
  const actor = (request: FastifyRequest): Actor => {
    const found = actors.get(request);
    if (!found) throw new SimHttpError(401);
    return found;
  };

  app.setErrorHandler((error, _request, reply) => sendError(reply, error));

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (!path.startsWith(`${API_PREFIX}/`)) return;
    const user = authenticate(users, {
      method: request.method,
      resourcePath: path.slice(API_PREFIX.length),
      apiKeyHeader: header(request, 'x-api-key'),
      hmacHeader: header(request, 'x-hmac-authorization'),
    });
    if (!user) return reply.code(401).send();
    actors.set(request, { userId: user.userId, userName: user.userName });
  });

  app.get(`${API_PREFIX}/Metadata`, async () => metadataView(deps.removedFields));

  // Webhook routes are registered before the generic entity routes; static paths win.
  app.post(`${API_PREFIX}/Webhook`, async (request) => webhooks.register(actor(request), body(request)));
  app.get(`${API_PREFIX}/Webhook`, async () => {
    const list = webhooks.list();
    return { total: list.length, list };
  });
  app.get<{ Params: { id: string } }>(`${API_PREFIX}/Webhook/:id`, async (request) => {
    const hook = webhooks.get(request.params.id);
    if (!hook) throw notFound();
    return hook;
  });
  app.delete<{ Params: { id: string } }>(`${API_PREFIX}/Webhook/:id`, async (request, reply) => {
    if (!webhooks.remove(request.params.id)) throw notFound();
    return reply.type('application/json').send('true');
  });

  app.get<{ Params: EntityParams }>(`${API_PREFIX}/:entity`, async (request) => {
    const query = parseBracketQuery(request.url.split('?')[1] ?? '');
    const params = readSearchParams(query);
    return runList(store.rows(request.params.entity), params, header(request, 'x-no-total') === 'true');
  });
  app.post<{ Params: EntityParams }>(`${API_PREFIX}/:entity`, async (request) => {
    const input = body(request);
    const skipDuplicateCheck = header(request, 'x-skip-duplicate-check') === 'true' || input._skipDuplicateCheck === true;
    delete input._skipDuplicateCheck;
    return store.create(request.params.entity, input, actor(request), { skipDuplicateCheck });
  });
  app.get<{ Params: RecordParams }>(`${API_PREFIX}/:entity/:id`, async (request) => {
    const record = store.get(request.params.entity, request.params.id);
    if (!record) throw notFound();
    return record;
  });
  const update = async (request: FastifyRequest<{ Params: RecordParams }>) =>
    store.update(request.params.entity, request.params.id, body(request), actor(request), { versionNumber: versionHeader(request) });
  app.put<{ Params: RecordParams }>(`${API_PREFIX}/:entity/:id`, update);
  app.patch<{ Params: RecordParams }>(`${API_PREFIX}/:entity/:id`, update);
  app.delete<{ Params: RecordParams }>(`${API_PREFIX}/:entity/:id`, async (request, reply) => {
    store.delete(request.params.entity, request.params.id, actor(request));
    return reply.type('application/json').send('true');
  });

  registerAdminRoutes(app, deps, state);
}

/** Test/demo controls: flush the webhook queue, inspect it, write as a UI user, reset. */
function registerAdminRoutes(app: FastifyInstance, deps: Deps, state: EspoCrmState): void {
  const { webhooks } = deps;
  app.post<{ Body: FlushOptions | undefined }>(`${ADMIN_PREFIX}/webhooks/flush`, async (request) =>
    webhooks.flush({ includeDelayed: request.body?.includeDelayed === true }),
  );
  app.get(`${ADMIN_PREFIX}/webhooks`, async () => ({
    webhooks: webhooks.list().map((hook) => ({ ...hook, pending: webhooks.pending(hook.id) })),
  }));
  app.post(`${ADMIN_PREFIX}/reset`, async () => {
    state.reset();
    return { ok: true };
  });
  app.get<{ Params: EntityParams }>(`${ADMIN_PREFIX}/records/:entity`, async (request) => ({ list: state.listRecords(request.params.entity) }));
  app.post<{ Params: EntityParams }>(`${ADMIN_PREFIX}/records/:entity`, async (request) =>
    state.createRecord(request.params.entity, body(request)),
  );
  app.patch<{ Params: RecordParams }>(`${ADMIN_PREFIX}/records/:entity/:id`, async (request) =>
    state.updateRecord(request.params.entity, request.params.id, body(request)),
  );
  app.delete<{ Params: RecordParams }>(`${ADMIN_PREFIX}/records/:entity/:id`, async (request) => {
    state.deleteRecord(request.params.entity, request.params.id);
    return { ok: true };
  });
}
