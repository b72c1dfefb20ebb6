import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { Client, Connection } from '@temporalio/client';
import { requestCalendarPass } from '../../../clients/temporal/calendar-pass';
import { calendarStatusQuery, calendarWorkflowId } from '../../../workflows/messages';
import { connectClient, startTestWorkers, uniqueTaskQueue, type RunningTestWorkers } from '../../support/temporal';
import { FakeCalendarActivities, plannedPass, realSyncEmployeeAndWait, snapshotOf } from './calendar-fake-activities';
import { Gate, waitFor } from './fake-beteiligte-activities';
import { continuedAsNewRunId } from './history';

/** `calendar sync --wait` semantics: one Update-with-start per request, answered when that request's pass has ended. */
describe('calendar pass request through the requestPass Update (real Temporal dev server, scripted activities)', () => {
  const fake = new FakeCalendarActivities();
  const started = new Set<string>();
  let workers: RunningTestWorkers;
  let client: Client;
  let connection: Connection;

  beforeAll(async () => {
    ({ client, connection } = await connectClient());
    fake.client = client;
    const taskQueue = uniqueTaskQueue('calendar-update');
    workers = await startTestWorkers({ main: realSyncEmployeeAndWait(client, taskQueue), advoware: fake.advowareActivities(), google: fake.googleActivities() }, { taskQueue });
  });
  afterAll(async () => {
    await Promise.all([...started].map((k) => client?.workflow.getHandle(calendarWorkflowId(k)).terminate('test finished').catch(() => undefined)));
    await workers?.stop();
    await connection?.close();
  });

  const newKuerzel = () => {
    const k = `U${randomUUID().slice(0, 6).toUpperCase()}`;
    started.add(k);
    return k;
  };
  const ask = (k: string, requestId: string, timeoutMs = 30_000) => requestCalendarPass(client, { kuerzel: k, taskQueue: workers.taskQueue, requestId, timeoutMs });

  it('starts the workflow when it is not running and answers with that pass’s outcome; a second request reuses the run', async () => {
    const k = newKuerzel();
    fake.script(k, { plan: (call, input) => plannedPass(input, call === 1 ? { actions: [], nextSnapshot: snapshotOf(3), nextSyncToken: 'tok-1' } : {}) });
    expect(await ask(k, 'first')).toEqual({ kuerzel: k, requestId: 'first', outcome: 'no_change' });
    const runId = (await client.workflow.getHandle(calendarWorkflowId(k)).describe()).runId;
    expect(await ask(k, 'second')).toEqual({ kuerzel: k, requestId: 'second', outcome: 'no_change' });
    const status = await client.workflow.getHandle(calendarWorkflowId(k)).query(calendarStatusQuery);
    expect(status).toMatchObject({ passes: 2, linkedEvents: 3, hasSyncToken: true });
    expect(status.completedRequests.map((r) => r.requestId)).toEqual(['first', 'second']);
    expect((await client.workflow.getHandle(calendarWorkflowId(k)).describe()).runId).toBe(runId);
    // Asking again with an answered id returns the recorded answer without a new pass.
    expect(await ask(k, 'second')).toEqual({ kuerzel: k, requestId: 'second', outcome: 'no_change' });
    expect(fake.calls(k).plan).toHaveLength(2);
  });

  it('a pass that fails for good is answered as failed with its error', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: () => {
        throw ApplicationFailure.nonRetryable('Google rejected the service account', 'GoogleAuthError');
      },
    });
    expect(await ask(k, 'broken')).toEqual({ kuerzel: k, requestId: 'broken', outcome: 'failed', error: 'Google rejected the service account' });
  });

  it('a pass that keeps failing (retrying) is answered as failed with the last error once the wait runs out', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: () => {
        throw ApplicationFailure.retryable('Advoware answered 503 Service Unavailable', 'AdvowareUnavailableError');
      },
    });
    const startedAt = Date.now();
    const answer = await ask(k, 'stuck', 5_000);
    const tookMs = Date.now() - startedAt;
    expect(answer.outcome).toBe('failed');
    expect(answer.error).toMatch(/pass still failing after 5 s \(planEmployeePass, \d+ failed attempts?\): Advoware answered 503 Service Unavailable/);
    expect(tookMs).toBeLessThan(15_000);
  });

  it('a pass that is merely slow is reported as timed_out, not failed', async () => {
    const k = newKuerzel();
    const release = new Gate();
    fake.script(k, {
      plan: async (_call, input) => {
        await release.opened;
        return plannedPass(input);
      },
    });
    const answer = await ask(k, 'slow', 2_000);
    release.open();
    expect(answer).toMatchObject({ outcome: 'timed_out' });
    expect(answer.error).toContain('still running');
  });

  it('an Update arriving during the last pass of a run is served before continue-as-new, by the same run', async () => {
    const k = newKuerzel();
    const twentiethRunning = new Gate();
    const releaseTwentieth = new Gate();
    fake.script(k, {
      plan: async (call, input) => {
        if (call === 20) {
          twentiethRunning.open();
          await releaseTwentieth.opened;
        }
        return plannedPass(input, { nextSyncToken: `tok-${call}` });
      },
    });
    await ask(k, 'r1');
    const firstRunId = (await client.workflow.getHandle(calendarWorkflowId(k)).describe()).runId;
    for (let i = 2; i <= 19; i += 1) await ask(k, `r${i}`);
    const twentieth = ask(k, 'r20');
    await twentiethRunning.opened;
    const late = ask(k, 'r21');
    // Give the Update time to be accepted while the 20th pass is still running.
    await new Promise((r) => setTimeout(r, 500));
    releaseTwentieth.open();
    expect(await twentieth).toMatchObject({ outcome: 'no_change' });
    expect(await late).toMatchObject({ requestId: 'r21', outcome: 'no_change' });
    // After its last pass the run packs its snapshot (one activity), then continues as new.
    const firstRunHistory = await waitFor('continue-as-new', async () => {
      const history = await client.workflow.getHandle(calendarWorkflowId(k), firstRunId).fetchHistory();
      return continuedAsNewRunId(history) ? history : undefined;
    });
    const plansInFirstRun = (firstRunHistory.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'planEmployeePass').length;
    expect(plansInFirstRun).toBe(21);
    expect(continuedAsNewRunId(firstRunHistory)).toBeDefined();
  });
});
