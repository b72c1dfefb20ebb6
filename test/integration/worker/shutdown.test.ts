import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, sendHttp } from '../../../clients/advoware/http';
import { createGoogleCalendarClient, GoogleUpstreamError } from '../../../clients/google';
import { startGoogleSim, type GoogleSim } from '../../../sim/google';
import { ping } from '../../../workflows/ping';
import { connectClient, startTestWorkers } from '../../support/temporal';
import { waitFor } from '../../support/wait';

/** An upstream that accepts requests and never answers; records when each connection closes. */
function hangingServer() {
  const requests: { openedAt: number; closedAt?: number }[] = [];
  const server: Server = createServer((req: IncomingMessage) => {
    const entry: { openedAt: number; closedAt?: number } = { openedAt: Date.now() };
    requests.push(entry);
    req.socket.on('close', () => (entry.closedAt = Date.now()));
  });
  return { server, requests };
}

/**
 * Test workers whose `echo` activity lists one user's Google calendars (500 ms shutdown grace);
 * `failure` records how and when that call failed.
 */
async function workersListingGoogleCalendars(google: ReturnType<typeof createGoogleCalendarClient>) {
  const failure: { error?: unknown; at?: number } = {};
  const echo = async (message: string) => {
    try {
      await google.forKuerzel('AB').listCalendars();
    } catch (err) {
      failure.error = err;
      failure.at = Date.now();
      throw err;
    }
    return { message, worker: 'never' };
  };
  const workers = await startTestWorkers({ main: { echo } }, { shutdownGraceMs: 500 });
  return { workers, failure };
}

describe('worker graceful shutdown (real Temporal dev server)', () => {
  const upstream = hangingServer();
  let url: string;
  const dispatcher = createDispatcher();

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}/slow`;
  });
  afterAll(async () => {
    upstream.server.closeAllConnections();
    await new Promise<void>((resolve) => upstream.server.close(() => resolve()));
    await dispatcher.close();
  });

  it('lets a running activity finish within WORKER_SHUTDOWN_GRACE', async () => {
    let finished = false;
    const workers = await startTestWorkers(
      {
        main: {
          echo: async (message: string) => {
            await new Promise((r) => setTimeout(r, 1_500));
            finished = true;
            return { message, worker: 'graceful' };
          },
        },
      },
      { shutdownGraceMs: 10_000 },
    );
    const { client, connection } = await connectClient();
    try {
      const handle = await client.workflow.start(ping, { taskQueue: workers.taskQueue, workflowId: `shutdown-finish-${Date.now()}`, args: ['x'] });
      await waitFor('the activity to start', async () => ((await handle.describe()).raw.pendingActivities?.length ?? 0) > 0, 10_000);
      const stopping = Date.now();
      await workers.stop();
      expect(finished).toBe(true);
      expect(Date.now() - stopping).toBeLessThan(30_000);
      await handle.terminate('test cleanup').catch(() => undefined);
    } finally {
      await connection.close();
    }
  });

  it('after the grace time cancels the activity, and the cancellation aborts its HTTP call', async () => {
    let activityError: unknown;
    const workers = await startTestWorkers(
      {
        main: {
          echo: async (message: string) => {
            try {
              // No signal passed: the client picks up the activity's cancellation itself.
              await sendHttp(dispatcher, { method: 'GET', url, timeoutMs: 60_000, label: 'GET slow' });
            } catch (err) {
              activityError = err;
              throw err;
            }
            return { message, worker: 'never' };
          },
        },
      },
      { shutdownGraceMs: 500 },
    );
    const { client, connection } = await connectClient();
    try {
      const handle = await client.workflow.start(ping, { taskQueue: workers.taskQueue, workflowId: `shutdown-cancel-${Date.now()}`, args: ['x'] });
      await waitFor('the activity to call upstream', () => upstream.requests.length > 0, 10_000);
      const stopping = Date.now();
      await workers.stop();
      const stoppedAfter = Date.now() - stopping;
      const request = upstream.requests[0];
      await waitFor('the upstream connection to close', () => request.closedAt !== undefined, 5_000);
      const abortedAfter = (request.closedAt as number) - stopping;
      console.log(`worker shutdown: grace 500 ms → HTTP call aborted after ${abortedAfter} ms, workers stopped after ${stoppedAfter} ms (HTTP timeout was 60 s)`);
      expect(abortedAfter).toBeGreaterThanOrEqual(400);
      expect(abortedAfter).toBeLessThan(10_000);
      expect(stoppedAfter).toBeLessThan(15_000);
      expect(String(activityError)).toMatch(/connection failed|abort/i);
      await handle.terminate('test cleanup').catch(() => undefined);
    } finally {
      await connection.close();
    }
  });

  it('the cancellation also aborts an in-flight Google Calendar call (googleapis request against the simulator)', async () => {
    const sim: GoogleSim = await startGoogleSim({ rateLimitsEnabled: false });
    const google = createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(sim.createServiceAccountKey()), impersonateDomain: 'kanzlei.de', apiRootUrl: sim.url });
    const listPath = '/calendar/v3/users/me/calendarList';
    // The token is fetched at once; the calendar list then answers only after 30 s.
    sim.faults.add({ method: 'GET', path: listPath, latencyMs: 30_000 });
    const { workers, failure } = await workersListingGoogleCalendars(google);
    const { client, connection } = await connectClient();
    try {
      const handle = await client.workflow.start(ping, { taskQueue: workers.taskQueue, workflowId: `shutdown-google-${Date.now()}`, args: ['x'] });
      await waitFor('the activity to call Google', () => sim.counter.get('GET', listPath) > 0, 10_000);
      const stopping = Date.now();
      await workers.stop();
      const stoppedAfter = Date.now() - stopping;
      const abortedAfter = (failure.at ?? Number.POSITIVE_INFINITY) - stopping;
      console.log(`worker shutdown: grace 500 ms → Google call aborted after ${abortedAfter} ms, workers stopped after ${stoppedAfter} ms (the simulator answers after 30 s)`);
      expect(abortedAfter).toBeGreaterThanOrEqual(400);
      expect(abortedAfter).toBeLessThan(10_000);
      expect(stoppedAfter).toBeLessThan(15_000);
      expect(String(failure.error)).toMatch(/abort/i);
      await handle.terminate('test cleanup').catch(() => undefined);
    } finally {
      await connection.close();
      sim.faults.clear();
      await sim.close();
    }
  }, 60_000);

  it('also when the call is still waiting for its access token (the token request cannot carry the signal)', async () => {
    const sim: GoogleSim = await startGoogleSim({ rateLimitsEnabled: false });
    // The request timeout (5 s) only ends the token request left behind; the activity stops before it.
    const google = createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(sim.createServiceAccountKey()), impersonateDomain: 'kanzlei.de', apiRootUrl: sim.url, timeoutMs: 5_000 });
    // The token endpoint answers only after 30 s; no calendar request is ever sent.
    sim.faults.add({ method: 'POST', path: '/token', latencyMs: 30_000 });
    const { workers, failure } = await workersListingGoogleCalendars(google);
    const { client, connection } = await connectClient();
    try {
      const handle = await client.workflow.start(ping, { taskQueue: workers.taskQueue, workflowId: `shutdown-google-token-${Date.now()}`, args: ['x'] });
      await waitFor('the activity to ask for a token', () => sim.counter.get('POST', '/token') > 0, 10_000);
      const stopping = Date.now();
      await workers.stop();
      const abortedAfter = (failure.at ?? Number.POSITIVE_INFINITY) - stopping;
      console.log(`worker shutdown: grace 500 ms → call waiting for its Google token aborted after ${abortedAfter} ms (the token endpoint answers after 30 s)`);
      expect(abortedAfter).toBeGreaterThanOrEqual(400);
      expect(abortedAfter).toBeLessThan(4_000);
      expect(String(failure.error)).toMatch(/abort/i);
      expect(sim.counter.get('GET', '/calendar/v3/users/me/calendarList')).toBe(0);
      await handle.terminate('test cleanup').catch(() => undefined);
    } finally {
      await connection.close();
      sim.faults.clear();
      await sim.close();
    }
  }, 60_000);

  it('outside an activity a token endpoint that never answers ends after GOOGLE_API_TIMEOUT_SECONDS', async () => {
    const sim: GoogleSim = await startGoogleSim({ rateLimitsEnabled: false });
    const settings = { serviceAccountJson: JSON.stringify(sim.createServiceAccountKey()), impersonateDomain: 'kanzlei.de', apiRootUrl: sim.url, timeoutMs: 1_000 };
    try {
      sim.faults.add({ method: 'POST', path: '/token', latencyMs: 30_000, times: 1 });
      const started = Date.now();
      const error = await createGoogleCalendarClient(settings).forKuerzel('AB').listCalendars().then(() => undefined, (err: unknown) => err);
      const failedAfter = Date.now() - started;
      console.log(`token request timeout 1 s → failed after ${failedAfter} ms: ${String(error)}`);
      expect(error).toBeInstanceOf(GoogleUpstreamError);
      expect(String(error)).toMatch(/no answer within GOOGLE_API_TIMEOUT_SECONDS \(calendarList\.list\)/);
      expect(failedAfter).toBeGreaterThanOrEqual(900);
      expect(failedAfter).toBeLessThan(10_000);
      // The same for the calendar request itself; then, undelayed, the call works.
      sim.faults.add({ method: 'GET', path: '/calendar/v3/users/me/calendarList', latencyMs: 30_000, times: 1 });
      const client = createGoogleCalendarClient(settings);
      await expect(client.forKuerzel('AB').listCalendars()).rejects.toBeInstanceOf(GoogleUpstreamError);
      await expect(client.forKuerzel('AB').listCalendars()).resolves.toEqual(expect.any(Array));
    } finally {
      sim.faults.clear();
      await sim.close();
    }
  }, 60_000);
});
