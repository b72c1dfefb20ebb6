import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiApp } from '../../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../../api/temporal';
import { createAdvowareClient } from '../../../clients/advoware';
import { createApiMetrics } from '../../../api/metrics';
import { buildOpsApp, type OpenApiDocument } from '../../../api/ops';
import { loadConfig } from '../../../config';
import { createLogger } from '../../../config/logger';
import { createDiagnosticsActivities } from '../../../activities/diagnostics';
import { testEnv } from '../../support/env';
import { startTestWorkers, temporalAddress, type RunningTestWorkers } from '../../support/temporal';

const silent = createLogger({ level: 'silent', name: 'test' });

async function appFor(address: string, taskQueue = 'unused'): Promise<{ app: ApiApp; temporal: TemporalAccess }> {
  const config = loadConfig(testEnv({ TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue }));
  const temporal = createTemporalAccess(config.temporal);
  const advoware = createAdvowareClient(config.advoware);
  return { app: await buildApp({ config, logger: silent, temporal, advoware }), temporal };
}

describe('api app on a real Temporal dev server', () => {
  let workers: RunningTestWorkers;
  let app: ApiApp;
  let temporal: TemporalAccess;

  beforeAll(async () => {
    workers = await startTestWorkers({ main: createDiagnosticsActivities({ workerIdentity: 'test-worker' }) });
    ({ app, temporal } = await appFor(temporalAddress(), workers.taskQueue));
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await workers?.stop();
  });

  it('/health is 200 and /ready is 200 while Temporal is reachable', async () => {
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', temporal: 'reachable' });
  });

  it('/ready is 503 when Temporal is unreachable', async () => {
    const dead = await appFor('127.0.0.1:9');
    try {
      const ready = await dead.app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', temporal: 'unreachable' });
      const trigger = await dead.app.inject({ method: 'POST', url: '/advoware/calendar/sync', headers: { 'x-api-key': 'test-api-key' }, payload: { kuerzel: 'SB' } });
      expect(trigger.statusCode).toBe(503);
      expect(trigger.json().error).toBe('Service Unavailable');
    } finally {
      await dead.app.close();
      await dead.temporal.close();
    }
  });

  it('runs the ping workflow through a worker', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/ping', headers: { 'x-api-key': 'test-api-key' }, payload: { message: 'hallo' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ message: 'hallo', answeredBy: 'test-worker' });
    const { workflowId } = res.json() as { workflowId: string };
    const description = await temporal.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.searchAttributes.SyncKind).toEqual(['ping']);
  });

  it('rejects ping without an API key and with bad input, without starting anything', async () => {
    expect((await app.inject({ method: 'POST', url: '/admin/ping', payload: { message: 'x' } })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'POST', url: '/admin/ping', headers: { 'x-api-key': 'test-api-key' }, payload: { message: 42 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('Bad Request');
    const extra = await app.inject({ method: 'POST', url: '/admin/ping', headers: { authorization: 'Bearer test-api-key' }, payload: { message: 'x', evil: true } });
    expect(extra.statusCode).toBe(400);
  });

  it('keeps /metrics and /docs off the public app; the ops app serves them with the public routes\' counters and schema', async () => {
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/docs' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(404);

    const metrics = createApiMetrics();
    const config = loadConfig(testEnv({ TEMPORAL_ADDRESS: temporalAddress() }));
    const access = createTemporalAccess(config.temporal);
    const publicApp = await buildApp({ config, logger: silent, temporal: access, advoware: createAdvowareClient(config.advoware), metrics });
    await publicApp.ready();
    const ops = await buildOpsApp({ logger: silent, registry: metrics.registry, openapi: publicApp.swagger() as OpenApiDocument });
    try {
      await publicApp.inject({ url: '/health' });
      const res = await ops.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
      expect(res.body).toContain('http_request_duration_seconds_bucket');
      const spec = (await ops.inject({ url: '/docs/json' })).json();
      expect(spec.openapi).toMatch(/^3\./);
      expect(spec.paths['/admin/ping'].post.requestBody).toBeDefined();
      expect((await ops.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
      expect((await ops.inject({ url: '/health' })).json()).toEqual({ status: 'ok', ok: true });
    } finally {
      await ops.close();
      await publicApp.close();
      await access.close();
    }
  });

  it('answers unknown routes and malformed JSON with clean 4xx bodies', async () => {
    const missing = await app.inject({ url: '/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('Not Found');
    const malformed = await app.inject({
      method: 'POST',
      url: '/admin/ping',
      headers: { 'x-api-key': 'test-api-key', 'content-type': 'application/json' },
      payload: '{"message":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toMatch(/at .*\.ts/);
  });
});
