import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ESPOCRM_API_KEY,
  startEspoCrmSim,
  startWebhookReceiver,
  type EspoCrmSim,
  type EspoCrmSimOptions,
  type WebhookReceiver,
} from '../../../sim/espocrm';

const headers = { 'X-Api-Key': DEFAULT_ESPOCRM_API_KEY, 'Content-Type': 'application/json' };

async function api<T = Record<string, unknown>>(sim: EspoCrmSim, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${sim.apiBaseUrl}${path}`, {
    method,
    headers: body === undefined ? { 'X-Api-Key': DEFAULT_ESPOCRM_API_KEY } : headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
}

interface Hook {
  id: string;
  secretKey: string;
  event: string;
  url: string;
  skipOwn: boolean;
}

async function register(sim: EspoCrmSim, event: string, url: string, skipOwn?: boolean): Promise<Hook> {
  const res = await api<Hook>(sim, 'POST', '/Webhook', { event, url, skipOwn });
  expect(res.status).toBe(200);
  return res.json;
}

describe('EspoCRM simulator: webhooks', () => {
  let sim: EspoCrmSim;
  let receiver: WebhookReceiver;

  async function start(options: EspoCrmSimOptions = {}) {
    sim = await startEspoCrmSim({ webhookRetryDelayMs: 60_000, ...options });
  }

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await sim?.close();
    await receiver.close();
  });

  it('registers, lists and deletes webhooks; rejects bad events', async () => {
    await start();
    const hook = await register(sim, 'CBeteiligte.update', `${receiver.url}/update`, true);
    expect(hook).toMatchObject({ event: 'CBeteiligte.update', url: `${receiver.url}/update`, skipOwn: true });
    expect(hook.id).toMatch(/^[0-9a-f]{17}$/);
    expect(hook.secretKey).toMatch(/^[0-9a-f]{32}$/);
    const listed = await api<{ total: number; list: Hook[] }>(sim, 'GET', '/Webhook');
    expect(listed.json.total).toBe(1);
    expect(listed.json.list[0].id).toBe(hook.id);
    const del = await api(sim, 'DELETE', `/Webhook/${hook.id}`);
    expect(del.json).toBe(true);
    expect(sim.state.webhooks()).toEqual([]);
    expect((await api(sim, 'DELETE', `/Webhook/${hook.id}`)).status).toBe(404);
    expect((await api(sim, 'POST', '/Webhook', { event: 'CBeteiligte.explode', url: receiver.url })).status).toBe(400);
    expect((await api(sim, 'POST', '/Webhook', { event: 'CBeteiligte.create', url: 'not a url' })).status).toBe(400);
  });

  it('queues create events and delivers them as one signed JSON-array batch on flush', async () => {
    await start();
    const hook = await register(sim, 'CBeteiligte.create', `${receiver.url}/create`);
    const a = (await api(sim, 'POST', '/CBeteiligte', { name: 'A', betnr: 1 })).json;
    const b = (await api(sim, 'POST', '/CBeteiligte', { name: 'B', betnr: 2 })).json;
    sim.state.createRecord('CBeteiligte', { name: 'C' });
    expect(receiver.received).toHaveLength(0);
    expect(sim.state.pendingWebhookEvents(hook.id)).toBe(3);

    const report = await sim.flushWebhooks();
    expect(report.deliveries).toEqual([{ webhookId: hook.id, url: `${receiver.url}/create`, status: 200, count: 3, attempt: 1, outcome: 'delivered' }]);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery.path).toBe('/create');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.events).toHaveLength(3);
    expect(delivery.events[0]).toEqual(a);
    expect(delivery.events[1]).toEqual(b);
    expect(delivery.events[2]).toMatchObject({ name: 'C', syncStatus: 'pending_sync' });

    const hex = createHmac('sha256', hook.secretKey).update(delivery.rawBody).digest('hex');
    expect(delivery.headers.signature).toBe(Buffer.from(`${hook.id}:${hex}`).toString('base64'));
    const raw = createHmac('sha256', hook.secretKey).update(delivery.rawBody).digest();
    expect(delivery.headers['x-signature']).toBe(Buffer.concat([Buffer.from(`${hook.id}:`), raw]).toString('base64'));

    expect(sim.state.pendingWebhookEvents()).toBe(0);
    expect((await sim.flushWebhooks()).deliveries).toEqual([]);
  });

  it('splits the queue into batches of webhookBatchSize', async () => {
    await start({ webhookBatchSize: 2 });
    await register(sim, 'CBeteiligte.create', receiver.url);
    for (const name of ['1', '2', '3', '4', '5']) sim.state.createRecord('CBeteiligte', { name });
    const report = await sim.flushWebhooks();
    expect(report.deliveries.map((d) => d.count)).toEqual([2, 2, 1]);
    expect(receiver.received.map((r) => r.events.map((e) => e.name))).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('sends only changed attributes plus id on update, nothing for a no-op, {id} on delete, and fieldUpdate per field', async () => {
    await start();
    const update = await register(sim, 'CBeteiligte.update', `${receiver.url}/update`);
    const fieldName = await register(sim, 'CBeteiligte.fieldUpdate.name', `${receiver.url}/field-name`);
    const fieldEmail = await register(sim, 'CBeteiligte.fieldUpdate.emailAddress', `${receiver.url}/field-email`);
    const del = await register(sim, 'CBeteiligte.delete', `${receiver.url}/delete`);
    const created = (await api<{ id: string }>(sim, 'POST', '/CBeteiligte', { name: 'A', betnr: 1 })).json;

    await api(sim, 'PUT', `/CBeteiligte/${created.id}`, { name: 'A', betnr: 1 }); // no change
    await api(sim, 'PUT', `/CBeteiligte/${created.id}`, { titel: 'Dr.', betnr: 1 });
    await api(sim, 'PUT', `/CBeteiligte/${created.id}`, { name: 'B' });
    await api(sim, 'DELETE', `/CBeteiligte/${created.id}`);
    await sim.flushWebhooks();

    const byPath = (path: string) => receiver.received.filter((r) => r.path === path).flatMap((r) => r.events);
    expect(byPath('/update')).toEqual([
      { titel: 'Dr.', id: created.id },
      { name: 'B', id: created.id },
    ]);
    expect(byPath('/field-name')).toEqual([{ id: created.id, name: 'B' }]);
    expect(byPath('/field-email')).toEqual([]);
    expect(byPath('/delete')).toEqual([{ id: created.id }]);
    expect(sim.state.webhooks().map((h) => h.id).sort()).toEqual([update.id, fieldName.id, fieldEmail.id, del.id].sort());
  });

  it('retries 500 up to 4 attempts in total, each only once its retry time has come', async () => {
    await start();
    const hook = await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    receiver.respondWith(500, 500, 500, 500);

    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ status: 500, attempt: 1, outcome: 'retry-scheduled' }]);
    expect((await sim.flushWebhooks()).deliveries).toEqual([]); // not due yet (retry delay 60 s)
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toMatchObject([{ attempt: 2, outcome: 'retry-scheduled' }]);
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toMatchObject([{ attempt: 3, outcome: 'retry-scheduled' }]);
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toMatchObject([{ webhookId: hook.id, attempt: 4, outcome: 'failed' }]);
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(4);
    expect(sim.state.webhooks()).toHaveLength(1);
  });

  it('delivers a retried batch once the receiver recovers', async () => {
    await start({ webhookRetryDelayMs: 0 });
    await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    receiver.respondWith(503);
    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ status: 503, outcome: 'retry-scheduled' }]);
    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ status: 200, attempt: 2, count: 1, outcome: 'delivered' }]);
    expect(receiver.received[1].events[0]).toMatchObject({ name: 'A' });
  });

  it('drops the webhook and its queue on 410', async () => {
    await start();
    const hook = await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    receiver.respondWith(410);
    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ webhookId: hook.id, status: 410, outcome: 'webhook-removed' }]);
    expect(sim.state.webhooks()).toEqual([]);
    sim.state.createRecord('CBeteiligte', { name: 'B' });
    expect(sim.state.pendingWebhookEvents()).toBe(0);
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('fails a 400 at once without retry', async () => {
    await start();
    await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    receiver.respondWith(400);
    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ status: 400, attempt: 1, outcome: 'failed' }]);
    expect((await sim.flushWebhooks({ includeDelayed: true })).deliveries).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(sim.state.webhooks()).toHaveLength(1);
  });

  it('retries when the receiver cannot be reached (status 0)', async () => {
    await start();
    const gone = await startWebhookReceiver();
    const url = gone.url;
    await gone.close();
    await register(sim, 'CBeteiligte.create', url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    expect((await sim.flushWebhooks()).deliveries).toMatchObject([{ status: 0, attempt: 1, outcome: 'retry-scheduled' }]);
  });

  it('skipOwn hides the owner API user own writes but not UI writes', async () => {
    await start();
    await register(sim, 'CBeteiligte.update', `${receiver.url}/own`, true);
    await register(sim, 'CBeteiligte.update', `${receiver.url}/all`, false);
    const created = (await api<{ id: string }>(sim, 'POST', '/CBeteiligte', { name: 'A' })).json;
    await api(sim, 'PUT', `/CBeteiligte/${created.id}`, { syncStatus: 'clean' });
    sim.state.updateRecord('CBeteiligte', created.id, { name: 'Edited in UI' });
    await sim.flushWebhooks();
    const byPath = (path: string) => receiver.received.filter((r) => r.path === path).flatMap((r) => r.events);
    expect(byPath('/own')).toEqual([{ name: 'Edited in UI', id: created.id }]);
    expect(byPath('/all')).toEqual([
      { syncStatus: 'clean', id: created.id },
      { name: 'Edited in UI', id: created.id },
    ]);
  });

  it('flushes through the admin endpoint and on the interval timer', async () => {
    await start();
    await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'A' });
    const report = (await fetch(`${sim.url}/__admin/webhooks/flush`, { method: 'POST' }).then((r) => r.json())) as { deliveries: unknown[] };
    expect(report.deliveries).toMatchObject([{ status: 200, count: 1 }]);
    await sim.close();

    sim = await startEspoCrmSim({ webhookIntervalMs: 20 });
    await register(sim, 'CBeteiligte.create', receiver.url);
    sim.state.createRecord('CBeteiligte', { name: 'B' });
    await receiver.waitFor(2);
    expect(receiver.received[1].events).toMatchObject([{ name: 'B' }]);
  });
});
