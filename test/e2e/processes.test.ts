import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/env';
import { spawnEntry, waitForHttp, type ManagedProcess } from '../support/processes';
import { startDevServer } from '../../scripts/temporal/dev-server';
import { freePort } from '../../scripts/temporal/free-port';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal';

describe('real api + worker processes over HTTP', () => {
  let api: ManagedProcess;
  let worker: ManagedProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    const env = testEnv({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: uniqueTaskQueue('e2e'), PORT: String(port), HOST: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;
    worker = spawnEntry('worker/main.ts', env);
    api = spawnEntry('api/main.ts', env);
    await waitForHttp(`${base}/ready`, { status: 200, timeoutMs: 60_000 });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
  });

  it('drives a workflow through the API and the separate worker process', async () => {
    const res = await fetch(`${base}/admin/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test-api-key' },
      body: JSON.stringify({ message: 'e2e' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string; answeredBy: string };
    expect(body.message).toBe('e2e');
    expect(body.answeredBy).toMatch(/:\d+$/);
  });

  it('shuts down gracefully on SIGTERM', async () => {
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.output()).not.toMatch(/worker failed/);
  });
});

describe('start-up with a missing required variable', () => {
  it('exits non-zero and names the variable', async () => {
    const env = testEnv({ ADVOWARE_KANZLEI: undefined, ESPOCRM_API_BASE_URL: undefined });
    delete env.ADVOWARE_KANZLEI;
    delete env.ESPOCRM_API_BASE_URL;
    const api = spawnEntry('api/main.ts', env);
    const code = await api.exited;
    expect(code).toBe(1);
    expect(api.output()).toContain('ADVOWARE_KANZLEI: is required');
    expect(api.output()).toContain('ESPOCRM_API_BASE_URL');
  });
});

describe('worker start-up before Temporal is reachable', () => {
  it('waits for the server instead of exiting, then runs', async () => {
    const port = await freePort();
    // A dev server of its own, which has only the default namespace.
    const env = testEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: uniqueTaskQueue('late'), LOG_LEVEL: 'info' });
    const worker = spawnEntry('worker/main.ts', env);
    const server = await new Promise<Awaited<ReturnType<typeof startDevServer>>>((resolve, reject) => {
      // Give the worker a head start so it really meets a dead address first.
      setTimeout(() => startDevServer({ port }).then(resolve, reject), 3_000);
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!worker.output().includes('worker running') && worker.child.exitCode === null && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(worker.child.exitCode).toBeNull();
      expect(worker.output()).toContain('worker running');
      expect(await worker.stop('SIGTERM')).toBe(0);
    } finally {
      await worker.stop('SIGKILL');
      await server.stop();
    }
  });
});
