import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { Client, Connection } from '@temporalio/client';
import { calendarSyncAll } from '../../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../../workflows/calendar-sync-employee';
import { calendarStatusQuery, calendarSyncRequestedSignal, calendarWorkflowId, forceFullResyncSignal } from '../../../workflows/messages';
import { Kuerzel, SyncKind, SyncOutcome } from '../../../workflows/search-attributes';
import { connectClient, startTestWorkers, uniqueTaskQueue, type RunningTestWorkers } from '../../support/temporal';
import {
  advowareCreate,
  applyCreatingTermine,
  ConcurrencyProbe,
  FakeCalendarActivities,
  googleInserts,
  plannedPass,
  realSyncEmployeeAndWait,
  snapshotOf,
} from './calendar-fake-activities';
import { Gate, waitFor } from './fake-beteiligte-activities';
import { continuedAsNewRunId } from './history';

describe('calendar workflows (real Temporal dev server, scripted activities)', () => {
  const fake = new FakeCalendarActivities();
  const started = new Set<string>();
  let workers: RunningTestWorkers;
  let client: Client;
  let connection: Connection;

  beforeAll(async () => {
    ({ client, connection } = await connectClient());
    fake.client = client;
    const taskQueue = uniqueTaskQueue('calendar');
    workers = await startTestWorkers(
      { main: realSyncEmployeeAndWait(client, taskQueue), advoware: fake.advowareActivities(), google: fake.googleActivities() },
      { taskQueue },
    );
  });
  afterAll(async () => {
    // The employee workflows are long-lived by design: end them so nothing waits on a stopped worker.
    await Promise.all([...started].map((k) => client?.workflow.getHandle(calendarWorkflowId(k)).terminate('test finished').catch(() => undefined)));
    await workers?.stop();
    await connection?.close();
  });

  /** Unique per test: `calendar:{K}` ids are shared by every suite on the dev server. */
  const newKuerzel = () => {
    const k = `T${randomUUID().slice(0, 6).toUpperCase()}`;
    started.add(k);
    return k;
  };
  const handle = (k: string, runId?: string) => client.workflow.getHandle(calendarWorkflowId(k), runId);
  const status = (k: string) => handle(k).query(calendarStatusQuery);

  function request(k: string, requestId?: string) {
    return client.workflow.signalWithStart(calendarSyncEmployee, {
      workflowId: calendarWorkflowId(k),
      taskQueue: workers.taskQueue,
      args: [{ kuerzel: k, fullContent: true }],
      signal: calendarSyncRequestedSignal,
      signalArgs: [requestId ? { requestId } : {}],
    });
  }

  const completion = (k: string, requestId: string) =>
    waitFor(`request ${requestId} of ${k}`, async () => (await status(k)).completedRequests.find((r) => r.requestId === requestId));

  async function requestAndWait(k: string, requestId: string) {
    await request(k, requestId);
    return completion(k, requestId);
  }

  const attribute = (k: string, key: typeof SyncOutcome, expected: string) =>
    waitFor(`${key.name}=${expected} on ${k}`, async () => (await handle(k).describe()).typedSearchAttributes.get(key) === expected);

  it('first pass starts from nothing, applies in batches of 50, and the next pass gets the new token and snapshot with created links merged', async () => {
    const k = newKuerzel();
    // 120 actions; Google-born events at positions 61, 119 and 120 get Termine in Advoware.
    const actions = [...googleInserts(60, 1000), advowareCreate('g1'), ...googleInserts(57, 1060), advowareCreate('g2', '2026-06-01'), advowareCreate('g3')];
    fake.script(k, {
      plan: (call, input) =>
        call === 1
          ? plannedPass(input, { fullSync: true, nextSyncToken: 'tok-1', actions, nextSnapshot: snapshotOf(117, 1000), counts: { googleInserts: 117, advowareCreates: 3 } })
          : plannedPass(input, { nextSyncToken: 'tok-2' }),
      apply: applyCreatingTermine(9001),
    });

    expect(await requestAndWait(k, 'first')).toEqual({ requestId: 'first', outcome: 'clean' });
    const calls = fake.calls(k);
    expect(calls.plan).toEqual([{ kuerzel: k, calendarId: null, syncToken: null, snapshot: {}, fullContent: true }]);
    expect(calls.apply.map((a) => a.actions.length)).toEqual([50, 50, 20]);
    expect(calls.apply.every((a) => a.calendarId === `cal-${k}` && a.kuerzel === k && a.fullContent)).toBe(true);
    expect(calls.apply.flatMap((a) => a.actions)).toEqual(actions);

    expect(await requestAndWait(k, 'second')).toEqual({ requestId: 'second', outcome: 'no_change' });
    expect(calls.plan).toHaveLength(2);
    expect(calls.plan[1]).toEqual({
      kuerzel: k,
      calendarId: `cal-${k}`,
      syncToken: 'tok-1',
      snapshot: {
        ...snapshotOf(117, 1000),
        '9001': { eventId: 'g1', hash: 'hash-g1', start: '2026-05-04', end: null },
        '9002': { eventId: 'g2', hash: 'hash-g2', start: '2026-06-01', end: null },
        '9003': { eventId: 'g3', hash: 'hash-g3', start: '2026-05-04', end: null },
      },
      fullContent: true,
    });
    // Nothing planned, nothing applied.
    expect(calls.apply).toHaveLength(3);
  });

  it('forceFullResync makes the next plan list without a token but keeps the snapshot; later passes are incremental again', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: (call, input) => plannedPass(input, { nextSyncToken: `tok-${call}`, ...(call === 1 ? { nextSnapshot: snapshotOf(3) } : {}) }),
    });
    await requestAndWait(k, 'initial');

    await handle(k).signal(forceFullResyncSignal);
    await waitFor('the forced pass', async () => (await status(k)).passes === 2);
    await requestAndWait(k, 'after');

    const plans = fake.calls(k).plan;
    expect(plans.map((p) => p.syncToken)).toEqual([null, null, 'tok-2']);
    expect(plans[1].snapshot).toEqual(snapshotOf(3));
    expect(plans[1].calendarId).toBe(`cal-${k}`);
  });

  it('a forced full resync whose apply fails stays forced for the next pass', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: (call, input) => plannedPass(input, { nextSyncToken: `tok-${call}`, ...(call === 2 ? { actions: googleInserts(1, 3000) } : {}) }),
      apply: (call, input) => {
        if (call === 1) throw ApplicationFailure.nonRetryable('calendar not writable', 'GoogleBadRequestError');
        return { applied: input.actions.length, links: [] };
      },
    });
    await requestAndWait(k, 'initial');
    await handle(k).signal(forceFullResyncSignal);
    await waitFor('the forced pass', async () => (await status(k)).passes === 2);
    expect((await status(k)).lastPass?.outcome).toBe('failed');
    await requestAndWait(k, 'retry');
    expect(fake.calls(k).plan.map((p) => p.syncToken)).toEqual([null, null, null]);
  });

  it('a failing plan ends the pass as failed, keeps token and snapshot, and the workflow serves the next request', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: (call, input) => {
        if (call === 2) throw ApplicationFailure.nonRetryable('Google rejected the service account', 'GoogleAuthError');
        return plannedPass(input, { nextSyncToken: `tok-${call}`, ...(call === 1 ? { nextSnapshot: snapshotOf(2) } : {}) });
      },
    });
    await requestAndWait(k, 'ok');

    expect(await requestAndWait(k, 'broken')).toEqual({ requestId: 'broken', outcome: 'failed', error: 'Google rejected the service account' });
    const afterFailure = await status(k);
    expect(afterFailure).toMatchObject({
      phase: 'waiting',
      passes: 2,
      hasSyncToken: true,
      linkedEvents: 2,
      lastPass: { kuerzel: k, outcome: 'failed', error: 'Google rejected the service account' },
    });
    expect((await handle(k).describe()).status.name).toBe('RUNNING');
    await attribute(k, SyncOutcome, 'failed');

    expect(await requestAndWait(k, 'recovered')).toEqual({ requestId: 'recovered', outcome: 'no_change' });
    const plans = fake.calls(k).plan;
    // Non-retryable: exactly one attempt for the failing pass.
    expect(plans).toHaveLength(3);
    expect(plans[2]).toMatchObject({ syncToken: 'tok-1', snapshot: snapshotOf(2) });
    await attribute(k, SyncOutcome, 'no_change');
  });

  it('a failing apply batch does not advance token or snapshot', async () => {
    const k = newKuerzel();
    fake.script(k, {
      plan: (call, input) => {
        if (call === 1) return plannedPass(input, { nextSyncToken: 'tok-1', nextSnapshot: snapshotOf(2) });
        if (call === 2) return plannedPass(input, { nextSyncToken: 'tok-2', actions: googleInserts(60, 2000), nextSnapshot: snapshotOf(62) });
        return plannedPass(input, { nextSyncToken: `tok-${call}` });
      },
      apply: (call, input) => {
        if (call === 2) throw ApplicationFailure.nonRetryable('calendar not writable', 'GoogleBadRequestError');
        return { applied: input.actions.length, links: [] };
      },
    });
    await requestAndWait(k, 'ok');
    expect(await requestAndWait(k, 'half-applied')).toEqual({ requestId: 'half-applied', outcome: 'failed', error: 'calendar not writable' });
    // The failed second batch stops the pass: no third apply call.
    expect(fake.calls(k).apply.map((a) => a.actions.length)).toEqual([50, 10]);
    expect(await status(k)).toMatchObject({ passes: 2, linkedEvents: 2, lastPass: { outcome: 'failed' } });

    await requestAndWait(k, 'next');
    expect(fake.calls(k).plan[2]).toMatchObject({ syncToken: 'tok-1', snapshot: snapshotOf(2) });
  });

  it('status query: syncing during a pass, then passes, token, linked events and every request id answered', async () => {
    const k = newKuerzel();
    const running = new Gate();
    const release = new Gate();
    fake.script(k, {
      plan: async (call, input) => {
        if (call === 1) {
          running.open();
          await release.opened;
        }
        return plannedPass(input, { nextSyncToken: 'tok', ...(call === 1 ? { nextSnapshot: snapshotOf(4), actions: googleInserts(4) } : {}) });
      },
    });
    await request(k, 'r1');
    await running.opened;
    expect(await status(k)).toEqual({ kuerzel: k, phase: 'syncing', passes: 0, lastPass: null, hasSyncToken: false, linkedEvents: 0, completedRequests: [] });
    // Two requests during the pass are answered together by the next one.
    await request(k, 'r2');
    await request(k, 'r3');
    release.open();

    await completion(k, 'r3');
    expect(await status(k)).toEqual({
      kuerzel: k,
      phase: 'waiting',
      passes: 2,
      lastPass: { kuerzel: k, outcome: 'no_change', fullSync: false, counts: { actions: 0 } },
      hasSyncToken: true,
      linkedEvents: 4,
      completedRequests: [
        { requestId: 'r1', outcome: 'clean' },
        { requestId: 'r2', outcome: 'no_change' },
        { requestId: 'r3', outcome: 'no_change' },
      ],
    });
    expect(fake.calls(k).plan).toHaveLength(2);
  });

  it('upserts SyncKind=calendar, Kuerzel and SyncOutcome', async () => {
    const k = newKuerzel();
    fake.script(k, { plan: (_call, input) => plannedPass(input, { actions: googleInserts(1), nextSnapshot: snapshotOf(1) }) });
    await requestAndWait(k, 'r');
    await attribute(k, SyncOutcome, 'clean');
    const attributes = (await handle(k).describe()).typedSearchAttributes;
    expect(attributes.get(SyncKind)).toBe('calendar');
    expect(attributes.get(Kuerzel)).toBe(k);
  });

  it('continues as new after 20 passes, carrying token, snapshot, passes and answered requests; a request during the 20th pass is served by the new run', async () => {
    const k = newKuerzel();
    const twentiethRunning = new Gate();
    const releaseTwentieth = new Gate();
    fake.script(k, {
      plan: async (call, input) => {
        if (call === 20) {
          twentiethRunning.open();
          await releaseTwentieth.opened;
        }
        return plannedPass(input, { nextSyncToken: `tok-${call}`, ...(call === 1 ? { nextSnapshot: snapshotOf(5) } : {}) });
      },
    });
    const firstRunId = (await request(k, 'r1')).signaledRunId;
    await completion(k, 'r1');
    for (let i = 2; i <= 19; i += 1) await requestAndWait(k, `r${i}`);
    await request(k, 'r20');
    await twentiethRunning.opened;
    await request(k, 'r21');
    releaseTwentieth.open();

    expect(await completion(k, 'r21')).toEqual({ requestId: 'r21', outcome: 'no_change' });
    const secondRunId = continuedAsNewRunId(await handle(k, firstRunId).fetchHistory());
    expect(secondRunId).toBeDefined();
    expect(secondRunId).not.toBe(firstRunId);
    expect((await handle(k, firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
    const latest = await handle(k).describe();
    expect(latest.runId).toBe(secondRunId);
    expect(latest.status.name).toBe('RUNNING');

    const after = await status(k);
    expect(after).toMatchObject({ phase: 'waiting', passes: 21, hasSyncToken: true, linkedEvents: 5 });
    expect(after.completedRequests.map((r) => r.requestId)).toEqual(Array.from({ length: 21 }, (_, i) => `r${i + 1}`));
    const plans = fake.calls(k).plan;
    expect(plans).toHaveLength(21);
    // The new run's only pass starts where the old run's last pass ended.
    expect(plans[20]).toEqual({ kuerzel: k, calendarId: `cal-${k}`, syncToken: 'tok-20', snapshot: snapshotOf(5), fullContent: true });
    const attributes = latest.typedSearchAttributes;
    expect(attributes.get(SyncKind)).toBe('calendar');
    expect(attributes.get(Kuerzel)).toBe(k);
  });

  it('calendarSyncAll: one failing employee is reported and never stops the others; all four plans run at once (no longer three at a time)', async () => {
    const employees = [newKuerzel(), newKuerzel(), newKuerzel(), newKuerzel()];
    const [busy, broken, quiet1, quiet2] = employees;
    const probe = new ConcurrencyProbe(4);
    fake.script(busy, { plan: (_c, input) => probe.during(() => plannedPass(input, { actions: googleInserts(2), nextSnapshot: snapshotOf(2) })) });
    fake.script(broken, {
      plan: () =>
        probe.during(() => {
          throw ApplicationFailure.nonRetryable('no calendar access', 'GoogleAuthError');
        }),
    });
    for (const k of [quiet1, quiet2]) fake.script(k, { plan: (_c, input) => probe.during(() => plannedPass(input)) });
    fake.employees = employees;
    const listCallsBefore = fake.listCalls;

    const run = await client.workflow.start(calendarSyncAll, { workflowId: `calendar-all-${randomUUID()}`, taskQueue: workers.taskQueue, args: [{}] });
    const result = await run.result();

    expect(fake.listCalls).toBe(listCallsBefore + 1);
    const expected = [
      { kuerzel: busy, outcome: 'clean' },
      { kuerzel: broken, outcome: 'failed', error: 'no calendar access' },
      { kuerzel: quiet1, outcome: 'no_change' },
      { kuerzel: quiet2, outcome: 'no_change' },
    ].sort((a, b) => a.kuerzel.localeCompare(b.kuerzel));
    expect(result.employees).toEqual(expected);
    expect(probe.max).toBe(4);
    for (const k of employees) expect(fake.calls(k).plan).toHaveLength(1);
    // The failed employee's workflow is still there for the next scheduled run.
    expect((await handle(broken).describe()).status.name).toBe('RUNNING');
    const attributes = (await run.describe()).typedSearchAttributes;
    expect(attributes.get(SyncKind)).toBe('calendar-all');
    expect(attributes.get(SyncOutcome)).toBe('failed');
  });

  it('calendarSyncAll runs only the employees listEmployeeKuerzel returns (debug filter), or the given Kürzel without listing', async () => {
    const [listed, filteredOut, given] = [newKuerzel(), newKuerzel(), newKuerzel()];
    fake.employees = [listed];

    const filtered = await client.workflow.execute(calendarSyncAll, { workflowId: `calendar-all-${randomUUID()}`, taskQueue: workers.taskQueue, args: [{}] });
    expect(filtered.employees).toEqual([{ kuerzel: listed, outcome: 'no_change' }]);
    expect(fake.calls(filteredOut).plan).toHaveLength(0);

    const listCallsBefore = fake.listCalls;
    const chosen = await client.workflow.execute(calendarSyncAll, {
      workflowId: `calendar-all-${randomUUID()}`,
      taskQueue: workers.taskQueue,
      args: [{ kuerzel: [given], fullContent: false }],
    });
    expect(chosen.employees).toEqual([{ kuerzel: given, outcome: 'no_change' }]);
    expect(fake.listCalls).toBe(listCallsBefore);
    expect(fake.calls(given).plan).toEqual([expect.objectContaining({ kuerzel: given, fullContent: false })]);
    await attribute(given, SyncOutcome, 'no_change');
    const attributes = await handle(given).describe();
    expect(attributes.typedSearchAttributes.get(Kuerzel)).toBe(given);
  });

  it('calendarSyncAll refuses a given Kürzel that is no active employee: no workflow, outcome unknown_employee (issue 12 item 4)', async () => {
    const [known, ghost] = [newKuerzel(), newKuerzel()];
    fake.unknown.add(ghost);
    const result = await client.workflow.execute(calendarSyncAll, { workflowId: `calendar-all-${randomUUID()}`, taskQueue: workers.taskQueue, args: [{ kuerzel: [known, ghost] }] });
    expect(result.employees).toEqual([
      { kuerzel: known, outcome: 'no_change' },
      { kuerzel: ghost, outcome: 'unknown_employee', error: expect.stringContaining('not an active Advoware employee') },
    ].sort((a, b) => a.kuerzel.localeCompare(b.kuerzel)));
    expect(fake.calls(ghost).plan).toHaveLength(0);
    await expect(handle(ghost).describe()).rejects.toThrow(/not found/i);
  });
});
