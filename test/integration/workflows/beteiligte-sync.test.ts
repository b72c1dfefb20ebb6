import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { Client, Connection } from '@temporalio/client';
import { beteiligteSync } from '../../../workflows/beteiligte-sync';
import { beteiligteSweep } from '../../../workflows/beteiligte-sweep';
import {
  beteiligteStartOptions,
  beteiligteStatusQuery,
  beteiligteWorkflowId,
  syncRequestedSignal,
  type BeteiligteStatus,
  type BeteiligteSyncInput,
  type BeteiligteTrigger,
} from '../../../workflows/messages';
import { requestBeteiligteSync } from '../../../clients/temporal/start-beteiligte';
import { BetNr, EspoId, SyncKind, SyncOutcome } from '../../../workflows/search-attributes';
import { connectClient, startTestWorkers, type RunningTestWorkers } from '../../support/temporal';
import { continuedAsNewRunId, timersIn } from './history';
import { cleanPass, failedFor, FakeBeteiligteActivities, fakeMainActivities, Gate, waitFor } from './fake-beteiligte-activities';

describe('beteiligteSync workflow (real Temporal dev server, scripted activities)', () => {
  const fake = new FakeBeteiligteActivities();
  let workers: RunningTestWorkers;
  let client: Client;
  let connection: Connection;

  beforeAll(async () => {
    workers = await startTestWorkers({
      main: fakeMainActivities({ reset: 2, due: { examined: 7, signalled: 5 } }),
      advoware: fake.activities(),
    });
    ({ client, connection } = await connectClient());
  });
  afterAll(async () => {
    await workers?.stop();
    await connection?.close();
  });

  const newEspoId = () => `espo-${randomUUID().slice(0, 12)}`;

  /** Starts a run as today's starters do (request in the input, leading edge), with test input on top. */
  function start(espoId: string, options: { signal?: 'sync' | 'force'; action?: 'update' | 'delete'; input?: Partial<BeteiligteSyncInput> } = {}) {
    const trigger: BeteiligteTrigger = options.signal === 'force' ? { force: true } : { request: { action: options.action ?? 'update', source: 'webhook' } };
    const base = beteiligteStartOptions(espoId, workers.taskQueue, 0, trigger);
    return client.workflow.start(beteiligteSync, { ...base, args: [{ ...base.args[0], ...options.input }] });
  }

  const starter = () => ({ client, taskQueue: workers.taskQueue, debounceMs: 0 });
  const signal = (espoId: string) => client.workflow.getHandle(beteiligteWorkflowId(espoId)).signal(syncRequestedSignal, { action: 'update', source: 'webhook' });
  const query = (espoId: string) => client.workflow.getHandle(beteiligteWorkflowId(espoId)).query(beteiligteStatusQuery);
  const result = (espoId: string) => client.workflow.getHandle(beteiligteWorkflowId(espoId)).result() as Promise<BeteiligteStatus>;
  const history = (espoId: string, runId?: string) => client.workflow.getHandle(beteiligteWorkflowId(espoId), runId).fetchHistory();

  it('leading edge: the first request starts a pass at once, a one-pass run has at most 12 history events', async () => {
    const espoId = newEspoId();
    const { started } = await requestBeteiligteSync(starter(), espoId, { request: { action: 'update', source: 'webhook' } });
    expect(started).toBe(true);

    const status = await result(espoId);
    expect(status).toMatchObject({ phase: 'done', passes: 1, signalsReceived: 1, lastOutcome: 'clean', betNr: 4711 });
    const events = (await history(espoId)).events ?? [];
    expect(timersIn({ events })).toEqual([]);
    expect(events.length).toBeLessThanOrEqual(12);
    const attributes = (await client.workflow.getHandle(beteiligteWorkflowId(espoId)).describe()).typedSearchAttributes;
    expect([attributes.get(SyncKind), attributes.get(EspoId), attributes.get(BetNr), attributes.get(SyncOutcome)]).toEqual(['beteiligte', espoId, '4711', 'clean']);
  });

  it('with the trailing debounce option, a burst of signals gives exactly one pass', async () => {
    const espoId = newEspoId();
    // A wide window so the five client round trips surely land inside it.
    await start(espoId, { input: { debounceMs: 1000 } });
    for (let i = 0; i < 4; i += 1) await signal(espoId);

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(1);
    expect(status).toMatchObject({ phase: 'done', passes: 1, signalsReceived: 5, lastOutcome: 'clean', betNr: 4711 });
    expect(timersIn(await history(espoId)).every((t) => t.durationMs === 1000)).toBe(true);
  });

  it('signals during a pass coalesce into exactly one follow-up pass', async () => {
    const espoId = newEspoId();
    const firstPassRunning = new Gate();
    const releaseFirstPass = new Gate();
    fake.script(espoId, {
      syncPass: async (call) => {
        if (call === 1) {
          firstPassRunning.open();
          await releaseFirstPass.opened;
        }
        return cleanPass();
      },
    });
    await start(espoId);
    await firstPassRunning.opened;
    for (let i = 0; i < 3; i += 1) await signal(espoId);
    releaseFirstPass.open();

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(2);
    expect(status).toMatchObject({ phase: 'done', passes: 2, signalsReceived: 4 });
  });

  it('a burst of 50 requests (webhook-style, concurrent) gives at most 2 passes', async () => {
    const espoId = newEspoId();
    const firstPassRunning = new Gate();
    const releaseFirstPass = new Gate();
    fake.script(espoId, {
      syncPass: async (call) => {
        if (call === 1) {
          firstPassRunning.open();
          await releaseFirstPass.opened;
        }
        return cleanPass();
      },
    });
    const burst = Promise.all(Array.from({ length: 50 }, () => requestBeteiligteSync(starter(), espoId, { request: { action: 'update', source: 'webhook' } })));
    await firstPassRunning.opened;
    const handedOver = await burst;
    releaseFirstPass.open();

    const status = await result(espoId);
    expect(handedOver.filter((r) => r.started)).toHaveLength(1);
    expect(fake.calls(espoId).syncPass).toBeLessThanOrEqual(2);
    expect(status).toMatchObject({ phase: 'done', signalsReceived: 50, passes: fake.calls(espoId).syncPass });
  });

  it('runs a second pass when a signal arrives during a pass, then completes', async () => {
    const espoId = newEspoId();
    const firstPassRunning = new Gate();
    const releaseFirstPass = new Gate();
    fake.script(espoId, {
      syncPass: async (call) => {
        if (call === 1) {
          firstPassRunning.open();
          await releaseFirstPass.opened;
        }
        return cleanPass();
      },
    });
    await start(espoId);
    await firstPassRunning.opened;
    expect((await query(espoId)).phase).toBe('syncing');
    await signal(espoId);
    releaseFirstPass.open();

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(2);
    expect(status).toMatchObject({ phase: 'done', passes: 2, signalsReceived: 2 });
  });

  it('forceResync starts a pass and resets the retry count', async () => {
    const espoId = newEspoId();
    const passRunning = new Gate();
    const releasePass = new Gate();
    fake.script(espoId, {
      syncPass: async () => {
        passRunning.open();
        await releasePass.opened;
        return cleanPass();
      },
    });
    const carried: BeteiligteStatus = {
      espoId,
      betNr: 4711,
      phase: 'waiting',
      lastOutcome: 'failed',
      lastError: 'AdvowareAuthError: bad credentials',
      passes: 3,
      signalsReceived: 3,
      lastWrites: null,
      retryCount: 4,
      nextRetryAt: '2030-01-01 00:00:00',
    };
    await start(espoId, { signal: 'force', input: { carried } });
    await passRunning.opened;
    // The pass has not finished yet, so the reset can only come from the signal handler.
    const during = await query(espoId);
    expect(during).toMatchObject({ phase: 'syncing', retryCount: 0, signalsReceived: 4 });
    releasePass.open();

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(1);
    expect(status).toMatchObject({ phase: 'done', passes: 4, retryCount: 0, nextRetryAt: null, lastOutcome: 'clean', lastError: null });
  });

  it('backs off on a durable timer after a non-retryable failure, retries and ends clean', async () => {
    const espoId = newEspoId();
    fake.script(espoId, {
      syncPass: (call) => {
        if (call === 1) throw ApplicationFailure.nonRetryable('bad credentials', 'AdvowareAuthError');
        return cleanPass();
      },
      recordFailure: () => failedFor(1500, 1),
    });
    await start(espoId);

    const backingOff = await waitFor('phase backing_off', async () => {
      const status = await query(espoId);
      return status.phase === 'backing_off' ? status : undefined;
    });
    expect(backingOff).toMatchObject({ retryCount: 1, nextRetryAt: '2030-01-01 00:00:00', lastOutcome: 'failed', lastError: 'AdvowareAuthError: bad credentials' });

    const status = await result(espoId);
    expect(fake.calls(espoId)).toEqual({ syncPass: 2, recordFailure: ['AdvowareAuthError: bad credentials'], recordEspoDelete: 0 });
    expect(status).toMatchObject({ phase: 'done', passes: 2, lastOutcome: 'clean', retryCount: 0, nextRetryAt: null, lastError: null });
    const backoffTimers = timersIn(await history(espoId)).filter((t) => t.durationMs === 1500);
    expect(backoffTimers).toEqual([expect.objectContaining({ fired: true, canceled: false })]);
  });

  it('retries a retryable failure three times before recording it, then backs off', async () => {
    const espoId = newEspoId();
    fake.script(espoId, {
      syncPass: (call) => {
        if (call <= 3) throw ApplicationFailure.retryable('Advoware answered 503', 'AdvowareUnavailable');
        return cleanPass();
      },
      recordFailure: () => failedFor(1000, 1),
    });
    await start(espoId);

    const status = await result(espoId);
    expect(fake.calls(espoId)).toEqual({ syncPass: 4, recordFailure: ['AdvowareUnavailable: Advoware answered 503'], recordEspoDelete: 0 });
    expect(status).toMatchObject({ passes: 2, lastOutcome: 'clean', retryCount: 0 });
  });

  it('stops after permanently_failed without further passes', async () => {
    const espoId = newEspoId();
    fake.script(espoId, {
      syncPass: () => {
        throw ApplicationFailure.nonRetryable('invalid payload', 'AdvowareValidationError');
      },
      recordFailure: () => ({ status: 'permanently_failed', retryCount: 5, delayMs: 0, nextRetryAt: null }),
    });
    const handle = await start(espoId);

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(1);
    expect(status).toMatchObject({ phase: 'done', passes: 1, lastOutcome: 'permanently_failed', retryCount: 5, lastError: 'AdvowareValidationError: invalid payload' });
    expect((await handle.describe()).typedSearchAttributes.get(SyncOutcome)).toBe('permanently_failed');
  });

  it('a signal during backoff retries at once instead of waiting out the timer', async () => {
    const espoId = newEspoId();
    fake.script(espoId, {
      syncPass: (call) => {
        if (call === 1) throw ApplicationFailure.nonRetryable('bad credentials', 'AdvowareAuthError');
        return cleanPass();
      },
      // Far longer than the test timeout: only the signal can end this wait.
      recordFailure: () => failedFor(10 * 60_000, 1),
    });
    await start(espoId);
    await waitFor('phase backing_off', async () => (await query(espoId)).phase === 'backing_off');
    await signal(espoId);

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(2);
    expect(status).toMatchObject({ passes: 2, signalsReceived: 2, lastOutcome: 'clean', retryCount: 0 });
    const backoffTimers = timersIn(await history(espoId)).filter((t) => t.durationMs === 10 * 60_000);
    expect(backoffTimers).toEqual([expect.objectContaining({ fired: false, canceled: true })]);
  });

  it('a delete request records the EspoCRM delete instead of running a pass', async () => {
    const espoId = newEspoId();
    const handle = await start(espoId, { action: 'delete' });

    const status = await result(espoId);
    expect(fake.calls(espoId)).toEqual({ syncPass: 0, recordFailure: [], recordEspoDelete: 1 });
    expect(status).toMatchObject({ phase: 'done', lastOutcome: 'deleted_in_espocrm', passes: 0 });
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(SyncOutcome)).toBe('deleted_in_espocrm');
    expect(attributes.get(SyncKind)).toBe('beteiligte');
  });

  it('upserts SyncKind, EspoId, BetNr and SyncOutcome search attributes', async () => {
    const espoId = newEspoId();
    fake.script(espoId, { syncPass: () => ({ outcome: 'conflict', betNr: 90210, writes: { advoware: 1, espocrm: 2 }, conflicts: 1 }) });
    const handle = await start(espoId);
    await result(espoId);

    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(SyncKind)).toBe('beteiligte');
    expect(attributes.get(EspoId)).toBe(espoId);
    expect(attributes.get(BetNr)).toBe('90210');
    expect(attributes.get(SyncOutcome)).toBe('conflict');
  });

  it('continues as new after maxPassesPerRun and carries the status across runs', async () => {
    const espoId = newEspoId();
    const running = [new Gate(), new Gate()];
    const release = [new Gate(), new Gate()];
    fake.script(espoId, {
      syncPass: async (call) => {
        if (call <= 2) {
          running[call - 1].open();
          await release[call - 1].opened;
        }
        return cleanPass();
      },
    });
    const handle = await start(espoId, { input: { maxPassesPerRun: 1 } });
    const firstRunId = handle.firstExecutionRunId;
    // Keep each run busy: a signal during its only pass leaves work for the next run.
    for (let pass = 0; pass < 2; pass += 1) {
      await running[pass].opened;
      await signal(espoId);
      release[pass].open();
    }

    const status = await result(espoId);
    expect(fake.calls(espoId).syncPass).toBe(3);
    expect(status).toMatchObject({ phase: 'done', passes: 3, signalsReceived: 3, lastOutcome: 'clean' });

    const secondRunId = continuedAsNewRunId(await history(espoId, firstRunId));
    expect(secondRunId).toBeDefined();
    const thirdRunId = continuedAsNewRunId(await history(espoId, secondRunId));
    expect(thirdRunId).toBeDefined();
    expect(new Set([firstRunId, secondRunId, thirdRunId]).size).toBe(3);
    const latest = await client.workflow.getHandle(beteiligteWorkflowId(espoId)).describe();
    expect(latest.runId).toBe(thirdRunId);
    expect(latest.status.name).toBe('COMPLETED');
    expect((await client.workflow.getHandle(beteiligteWorkflowId(espoId), firstRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
  });
});

describe('beteiligteSweep workflow (real Temporal dev server, scripted activities)', () => {
  it('returns the combined result of both sweep activities', async () => {
    const workers = await startTestWorkers({ main: fakeMainActivities({ reset: 3, due: { examined: 12, signalled: 9 } }) });
    const { client, connection } = await connectClient();
    try {
      const handle = await client.workflow.start(beteiligteSweep, { workflowId: `sweep-${randomUUID()}`, taskQueue: workers.taskQueue });
      expect(await handle.result()).toEqual({ examined: 12, signalled: 9, resetPermanentlyFailed: 3, bankverbindungen: { examined: 1, signalled: 1 } });
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(SyncKind)).toBe('beteiligte-sweep');
      expect(attributes.get(SyncOutcome)).toBe('clean');
    } finally {
      await workers.stop();
      await connection.close();
    }
  });
});
