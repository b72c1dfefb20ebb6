import { createHmac } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiApp } from '../../../api/app';
import { createApiMetrics, type ApiMetrics } from '../../../api/metrics';
import { createTemporalAccess, type TemporalAccess } from '../../../api/temporal';
import { createAdvowareClient } from '../../../clients/advoware';
import { loadConfig } from '../../../config';
import { createLogger } from '../../../config/logger';
import { bankverbindungWorkflowId } from '../../../workflows/bankverbindung-messages';
import { adresseWorkflowId } from '../../../workflows/adresse-messages';
import { beteiligteWorkflowId } from '../../../workflows/messages';
import { testEnv } from '../../support/env';
import { connectClient, startTestWorkers, temporalAddress, uniqueTaskQueue, type RunningTestWorkers } from '../../support/temporal';
import { waitFor } from '../../support/wait';
import { createWebhookIntakeActivities } from '../../../activities/webhook-intake';
import { fakeMainActivities } from '../workflows/fake-beteiligte-activities';

const SECRET = 'wh-secret-1';
const sign = (body: string, id = 'wh1', secret = SECRET) => Buffer.from(`${id}:${createHmac('sha256', secret).update(body).digest('hex')}`).toString('base64');
const legacySign = (body: string, id = 'wh1', secret = SECRET) =>
  Buffer.concat([Buffer.from(`${id}:`), createHmac('sha256', secret).update(body).digest()]).toString('base64');

async function appAt(address: string, taskQueue: string, extra: Record<string, string> = {}) {
  const config = loadConfig(testEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, ESPOCRM_WEBHOOK_SECRETS: `wh1=${SECRET}`, ...extra }));
  const temporal = createTemporalAccess(config.temporal);
  const metrics = createApiMetrics();
  const app = await buildApp({ config, logger: createLogger({ level: 'silent', name: 't' }), temporal, advoware: createAdvowareClient(config.advoware), metrics });
  return { app, temporal, metrics };
}

describe('EspoCRM webhook endpoints', () => {
  let app: ApiApp;
  let temporal: TemporalAccess;
  const taskQueue = uniqueTaskQueue('webhooks');

  beforeAll(async () => {
    ({ app, temporal } = await appAt(temporalAddress(), taskQueue));
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
  });

  const post = (action: string, body: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/vmh/webhook/beteiligte/${action}`, payload: body, headers: { 'content-type': 'application/json', ...headers } });

  async function runningWorkflowIds(): Promise<string[]> {
    const { client, connection } = await connectClient();
    try {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `TaskQueue="${taskQueue}"` })) ids.push(wf.workflowId);
      return ids;
    } finally {
      await connection.close();
    }
  }

  it('accepts a signed batch, collapses duplicate ids and signal-with-starts one workflow per id', async () => {
    const body = JSON.stringify([{ id: 'aaa111' }, { id: 'bbb222', name: 'x' }, { id: 'aaa111' }]);
    const res = await post('update', body, { signature: sign(body) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'received', action: 'update', ids: ['aaa111', 'bbb222'] });
    const { client, connection } = await connectClient();
    try {
      for (const id of ['aaa111', 'bbb222']) {
        const d = await client.workflow.getHandle(beteiligteWorkflowId(id)).describe();
        expect(d.taskQueue).toBe(taskQueue);
        await client.workflow.getHandle(beteiligteWorkflowId(id)).terminate('test cleanup');
      }
    } finally {
      await connection.close();
    }
  });

  it('an update that only echoes our bookkeeping starts nothing; a real edit in the same batch still does (bug 6)', async () => {
    const echo = { id: 'echo1', syncStatus: 'permanently_failed', syncRetryCount: 6, syncNextRetry: null, syncAutoResetAt: '2026-12-01 12:00:00', syncErrorMessage: 'boom' };
    const body = JSON.stringify([echo, { id: 'real1', syncStatus: 'failed', syncRetryCount: 1, titel: 'Dr.' }]);
    const res = await post('update', body, { signature: sign(body) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'received', action: 'update', ids: ['real1'], ignored: ['echo1'] });
    const { client, connection } = await connectClient();
    try {
      await expect(client.workflow.getHandle(beteiligteWorkflowId('echo1')).describe()).rejects.toThrow();
      const real = client.workflow.getHandle(beteiligteWorkflowId('real1'));
      expect((await real.describe()).taskQueue).toBe(taskQueue);
      await real.terminate('test cleanup');
    } finally {
      await connection.close();
    }
  });

  it('accepts the legacy X-Signature form', async () => {
    const body = JSON.stringify([{ id: 'legacy1' }]);
    const res = await post('create', body, { 'x-signature': legacySign(body) });
    expect(res.statusCode).toBe(200);
  });

  it.each([
    ['no signature', {}],
    ['wrong secret', { signature: sign('[{"id":"x1"}]', 'wh1', 'other') }],
    ['unknown webhook id', { signature: sign('[{"id":"x1"}]', 'wh9') }],
    ['garbage', { signature: '!!!not-base64' }],
  ])('rejects %s with 401 and starts nothing', async (_name, headers) => {
    const before = (await runningWorkflowIds()).length;
    const res = await post('update', '[{"id":"x1"}]', headers as Record<string, string>);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('Unauthorized');
    expect((await runningWorkflowIds()).length).toBe(before);
  });

  it.each([
    ['not JSON', '{"id":'],
    ['an object instead of an array', '{"id":"a1"}'],
    ['an empty array', '[]'],
    ['an item without id', '[{"name":"x"}]'],
    ['an id with traversal', '[{"id":"../../etc"}]'],
    ['a numeric id', '[{"id":42}]'],
  ])('rejects %s with 400 and starts nothing', async (_name, body) => {
    const before = (await runningWorkflowIds()).length;
    const res = await post('delete', body, { signature: sign(body) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('Bad Request');
    expect((await runningWorkflowIds()).length).toBe(before);
  });

  it('answers 503 when Temporal is unreachable, so EspoCRM retries', async () => {
    const down = await appAt('127.0.0.1:9', taskQueue);
    try {
      const body = JSON.stringify([{ id: 'later1' }]);
      const res = await down.app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/update', payload: body, headers: { 'content-type': 'application/json', signature: sign(body) } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: 'Service Unavailable', message: 'Workflow engine unreachable; retry later' });
    } finally {
      await down.app.close();
      await down.temporal.close();
    }
  });

  it('accepts unsigned deliveries only when explicitly allowed', async () => {
    const open = await appAt(temporalAddress(), taskQueue, { ESPOCRM_WEBHOOK_ALLOW_UNSIGNED: 'true' });
    try {
      const res = await open.app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/create', payload: '[{"id":"unsigned1"}]', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(200);
      const forged = await open.app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/create', payload: '[{"id":"unsigned2"}]', headers: { 'content-type': 'application/json', signature: sign('x', 'wh1', 'bad') } });
      expect(forged.statusCode).toBe(401);
    } finally {
      await open.app.close();
      await open.temporal.close();
    }
  });
  describe.each([
    { path: 'bankverbindungen', workflowId: bankverbindungWorkflowId, type: 'bankverbindungSync' },
    { path: 'adressen', workflowId: adresseWorkflowId, type: 'adresseEvent' },
  ])('child entities: /vmh/webhook/$path/{create,update,delete} (same rules)', ({ path, workflowId, type }) => {
    const postChild = (action: string, body: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: `/vmh/webhook/${path}/${action}`, payload: body, headers: { 'content-type': 'application/json', ...headers } });

    it.each(['create', 'update', 'delete'])('%s: a signed batch starts one workflow per distinct id (was 404)', async (action) => {
      const ids = [`${path}-${action}-1`, `${path}-${action}-2`];
      const body = JSON.stringify([{ id: ids[0] }, { id: ids[1] }, { id: ids[0] }]);
      const res = await postChild(action, body, { signature: sign(body) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'received', action, ids });
      const { client, connection } = await connectClient();
      try {
        for (const id of ids) {
          const handle = client.workflow.getHandle(workflowId(id));
          const d = await handle.describe();
          expect(d.type).toBe(type);
          expect(d.taskQueue).toBe(taskQueue);
          await handle.terminate('test cleanup');
        }
      } finally {
        await connection.close();
      }
    });

    it('rejects a bad signature with 401 and a bad body with 400, starting nothing', async () => {
      const before = (await runningWorkflowIds()).length;
      expect((await postChild('update', '[{"id":"b1"}]', { signature: sign('[{"id":"b1"}]', 'wh1', 'other') })).statusCode).toBe(401);
      expect((await postChild('update', '[{"id":"b1"}]')).statusCode).toBe(401);
      expect((await postChild('create', '{"id":"b1"}', { signature: sign('{"id":"b1"}') })).statusCode).toBe(400);
      expect((await postChild('create', '[]', { signature: sign('[]') })).statusCode).toBe(400);
      expect((await runningWorkflowIds()).length).toBe(before);
    });

    it('answers 503 when Temporal is unreachable', async () => {
      const down = await appAt('127.0.0.1:9', taskQueue);
      try {
        const body = JSON.stringify([{ id: 'childlater1' }]);
        const res = await down.app.inject({ method: 'POST', url: `/vmh/webhook/${path}/create`, payload: body, headers: { 'content-type': 'application/json', signature: sign(body) } });
        expect(res.statusCode).toBe(503);
      } finally {
        await down.app.close();
        await down.temporal.close();
      }
    });
  });
});

describe('large webhook batches: one durable intake run (WEBHOOK_INTAKE_BATCH_MIN)', () => {
  const BATCH_MIN = 5;
  const taskQueue = uniqueTaskQueue('intake');
  let app: ApiApp;
  let temporal: TemporalAccess;
  let metrics: ApiMetrics;
  let client: Client;
  let connection: Connection;
  let workers: RunningTestWorkers | undefined;

  beforeAll(async () => {
    ({ app, temporal, metrics } = await appAt(temporalAddress(), taskQueue, { WEBHOOK_INTAKE_BATCH_MIN: String(BATCH_MIN) }));
    ({ client, connection } = await connectClient());
  });
  afterAll(async () => {
    await workers?.stop();
    for await (const wf of client.workflow.list({ query: `TaskQueue="${taskQueue}" AND ExecutionStatus="Running"` })) await client.workflow.getHandle(wf.workflowId).terminate('test cleanup').catch(() => undefined);
    await app?.close();
    await temporal?.close();
    await connection?.close();
  });

  const postTo = (path: string, action: string, ids: string[]) => {
    const body = JSON.stringify(ids.map((id) => ({ id, name: `n-${id}` })));
    return app.inject({ method: 'POST', url: `/vmh/webhook/${path}/${action}`, payload: body, headers: { 'content-type': 'application/json', signature: sign(body) } });
  };
  const listed = async (query = `TaskQueue="${taskQueue}"`) => {
    const found: { workflowId: string; type: string }[] = [];
    for await (const wf of client.workflow.list({ query })) found.push({ workflowId: wf.workflowId, type: wf.type });
    return found;
  };
  const exists = (workflowId: string) => client.workflow.getHandle(workflowId).describe().then((d) => d.type, () => undefined);
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('answers after starting only the intake run; the ids reach their workflows through it once a worker runs', async () => {
    const batch = ids('intake-bet-', 12);
    const res = await postTo('beteiligte', 'create', [...batch, batch[0]]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'received', action: 'create', ids: batch });
    expect(body.intake).toMatch(/^webhook-intake:beteiligte:create:[0-9a-f-]{36}$/);
    // No worker yet: the answer came after exactly one start, and no record was started by the route.
    expect(await exists(body.intake)).toBe('webhookIntake');
    expect(await Promise.all(batch.map((id) => exists(beteiligteWorkflowId(id))))).toEqual(batch.map(() => undefined));
    const started = await waitFor('the intake run to be listed', async () => {
      const found = await listed();
      return found.length > 0 ? found : undefined;
    });
    expect(started).toEqual([{ workflowId: body.intake, type: 'webhookIntake' }]);
    const intakeRuns = (await metrics.webhookIntakeRuns.get()).values;
    expect(intakeRuns).toEqual([{ labels: { entity: 'beteiligte', action: 'create' }, value: 1 }]);

    // The hand-over is durable: a worker that comes up later still hands every id over.
    // Address events route on the main queue too (fake answer: no party), so their runs end quietly.
    const main = { ...fakeMainActivities({ reset: 0, due: { examined: 0, signalled: 0 } }), ...createWebhookIntakeActivities({ temporal: client, taskQueue, debounceMs: 0, startConcurrency: 4 }) };
    workers = await startTestWorkers({ main }, { taskQueue });
    expect(await client.workflow.getHandle(body.intake).result()).toEqual({ handedOver: 12, resumedFrom: 0 });
    expect(await Promise.all(batch.map((id) => exists(beteiligteWorkflowId(id))))).toEqual(batch.map(() => 'beteiligteSync'));
  });

  it.each([
    { path: 'bankverbindungen', workflowId: bankverbindungWorkflowId, type: 'bankverbindungSync' },
    { path: 'adressen', workflowId: adresseWorkflowId, type: 'adresseEvent' },
  ])('$path: a large batch goes through the intake run to one $type per id', async ({ path, workflowId, type }) => {
    expect(workers).toBeDefined();
    const batch = ids(`intake-${path}-`, BATCH_MIN);
    const res = await postTo(path, 'update', batch);
    expect(res.statusCode).toBe(200);
    expect(res.json().intake).toMatch(new RegExp(`^webhook-intake:${path}:update:`));
    expect(await client.workflow.getHandle(res.json().intake).result()).toEqual({ handedOver: BATCH_MIN, resumedFrom: 0 });
    expect(await Promise.all(batch.map((id) => exists(workflowId(id))))).toEqual(batch.map(() => type));
  });

  it('a batch below the threshold is still started directly, before the answer, without an intake run', async () => {
    const batch = ids('direct-bet-', BATCH_MIN - 1);
    const res = await postTo('beteiligte', 'update', batch);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'received', action: 'update', ids: batch });
    expect(await Promise.all(batch.map((id) => exists(beteiligteWorkflowId(id))))).toEqual(batch.map(() => 'beteiligteSync'));
    // Only the large batches of the tests before were counted as intake runs.
    expect((await metrics.webhookIntakeRuns.get()).values.find((v) => v.labels.entity === 'beteiligte' && v.labels.action === 'update')).toBeUndefined();
  });

  it('rejects a large batch with one bad id (and one over 1000 ids) with 400, starting no intake run', async () => {
    const intakes = async () => (await listed(`TaskQueue="${taskQueue}" AND WorkflowType="webhookIntake"`)).length;
    const before = await intakes();
    const bad = await postTo('beteiligte', 'create', [...ids('bad-', 10), '../etc']);
    expect(bad.statusCode).toBe(400);
    const huge = await postTo('beteiligte', 'create', ids('huge-', 1001));
    expect(huge.statusCode).toBe(400);
    expect(await exists(beteiligteWorkflowId('bad-0'))).toBeUndefined();
    expect(await intakes()).toBe(before);
  });
});
