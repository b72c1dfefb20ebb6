import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { bankverbindungSync } from '../../workflows/bankverbindung-sync';
import { bankverbindungStartOptions } from '../../workflows/bankverbindung-messages';
import { adresseEvent } from '../../workflows/adresse-event';
import { adresseEventStartOptions } from '../../workflows/adresse-messages';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { beteiligteSync } from '../../workflows/beteiligte-sync';
import { requestBeteiligteSync } from '../../clients/temporal/start-beteiligte';
import { beteiligteStatusQuery, beteiligteWorkflowId, syncRequestedSignal, type BeteiligteSyncInput, type BeteiligteTrigger } from '../../workflows/messages';
import { ping } from '../../workflows/ping';
import { webhookIntake } from '../../workflows/webhook-intake';
import { webhookIntakeStartOptions } from '../../workflows/webhook-intake-messages';
import { continuedAsNewRunId } from '../integration/workflows/history';
import { cleanPass, failedFor, FakeBeteiligteActivities, Gate, waitFor } from '../integration/workflows/fake-beteiligte-activities';
import type { FakeCalendarActivities } from '../integration/workflows/calendar-fake-activities';
import { CALENDAR_RUN_NAMES, calendarScenarios } from './calendar-scenarios';

/** One finished run whose history is worth replaying; `name` becomes the fixture file name. */
export interface RecordedRun {
  name: string;
  workflowId: string;
  runId: string;
}

interface ScenarioContext {
  client: Client;
  taskQueue: string;
  fake: FakeBeteiligteActivities;
  calendar: FakeCalendarActivities;
}

const update = { action: 'update', source: 'webhook' } as const;

/** Starts a run the way starters did before leading edge (no `loop`): the legacy loop. */
async function startSync(ctx: ScenarioContext, espoId: string, input: Partial<BeteiligteSyncInput> = {}, action: 'update' | 'delete' = 'update') {
  return ctx.client.workflow.signalWithStart(beteiligteSync, {
    workflowId: beteiligteWorkflowId(espoId),
    taskQueue: ctx.taskQueue,
    args: [{ espoId, debounceMs: 200, ...input }],
    signal: syncRequestedSignal,
    signalArgs: [{ ...update, action }],
  });
}

/** Hands a request over the way webhook, sweep and CLI do today (leading-edge loop). */
function requestSync(ctx: ScenarioContext, espoId: string, trigger: BeteiligteTrigger = { request: update }, debounceMs = 0) {
  return requestBeteiligteSync({ client: ctx.client, taskQueue: ctx.taskQueue, debounceMs }, espoId, trigger);
}

/** Runs a beteiligteSync scenario to completion and names its (single) run. */
async function syncRun(ctx: ScenarioContext, name: string, drive: (espoId: string) => Promise<void>): Promise<RecordedRun[]> {
  const espoId = `replay-${name}-${randomUUID().slice(0, 8)}`;
  await drive(espoId);
  const handle = ctx.client.workflow.getHandle(beteiligteWorkflowId(espoId));
  await handle.result();
  const { runId } = await handle.describe();
  return [{ name, workflowId: handle.workflowId, runId }];
}

const beteiligteScenarios: Record<string, (ctx: ScenarioContext) => Promise<RecordedRun[]>> = {
  'beteiligte-sync-clean': (ctx) => syncRun(ctx, 'beteiligte-sync-clean', async (espoId) => void (await startSync(ctx, espoId))),

  'beteiligte-sync-debounce': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-debounce', async (espoId) => {
      const handle = await startSync(ctx, espoId, { debounceMs: 1000 });
      await handle.signal(syncRequestedSignal, update);
      await handle.signal(syncRequestedSignal, update);
    }),

  'beteiligte-sync-signal-during-pass': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-signal-during-pass', async (espoId) => {
      const running = new Gate();
      const release = new Gate();
      ctx.fake.script(espoId, {
        syncPass: async (call) => {
          if (call === 1) {
            running.open();
            await release.opened;
          }
          return cleanPass();
        },
      });
      const handle = await startSync(ctx, espoId);
      await running.opened;
      await handle.signal(syncRequestedSignal, update);
      release.open();
    }),

  'beteiligte-sync-backoff': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-backoff', async (espoId) => {
      ctx.fake.script(espoId, {
        syncPass: (call) => {
          if (call === 1) throw ApplicationFailure.nonRetryable('bad credentials', 'AdvowareAuthError');
          return cleanPass();
        },
        recordFailure: () => failedFor(1000, 1),
      });
      await startSync(ctx, espoId);
    }),

  'beteiligte-sync-backoff-interrupted': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-backoff-interrupted', async (espoId) => {
      ctx.fake.script(espoId, {
        syncPass: (call) => {
          if (call === 1) throw ApplicationFailure.nonRetryable('bad credentials', 'AdvowareAuthError');
          return cleanPass();
        },
        recordFailure: () => failedFor(10 * 60_000, 2),
      });
      const handle = await startSync(ctx, espoId);
      await waitFor('backing_off', async () => (await handle.query(beteiligteStatusQuery)).phase === 'backing_off');
      await handle.signal(syncRequestedSignal, update);
    }),

  'beteiligte-sync-permanently-failed': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-permanently-failed', async (espoId) => {
      ctx.fake.script(espoId, {
        syncPass: () => {
          throw ApplicationFailure.nonRetryable('invalid payload', 'AdvowareValidationError');
        },
        recordFailure: () => ({ status: 'permanently_failed', retryCount: 5, delayMs: 0, nextRetryAt: null }),
      });
      await startSync(ctx, espoId);
    }),

  'beteiligte-sync-delete': (ctx) => syncRun(ctx, 'beteiligte-sync-delete', async (espoId) => void (await startSync(ctx, espoId, {}, 'delete'))),

  'beteiligte-sync-continue-as-new': async (ctx) => {
    const espoId = `replay-can-${randomUUID().slice(0, 8)}`;
    const running = new Gate();
    const release = new Gate();
    ctx.fake.script(espoId, {
      syncPass: async (call) => {
        if (call === 1) {
          running.open();
          await release.opened;
        }
        return cleanPass();
      },
    });
    const handle = await startSync(ctx, espoId, { maxPassesPerRun: 1 });
    await running.opened;
    await handle.signal(syncRequestedSignal, update);
    release.open();
    await ctx.client.workflow.getHandle(handle.workflowId).result();
    const firstRunId = handle.signaledRunId;
    const secondRunId = continuedAsNewRunId(await ctx.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory());
    if (!secondRunId) throw new Error('scenario did not continue as new');
    return [
      { name: 'beteiligte-sync-continue-as-new-run1', workflowId: handle.workflowId, runId: firstRunId },
      { name: 'beteiligte-sync-continue-as-new-run2', workflowId: handle.workflowId, runId: secondRunId },
    ];
  },
};

/** The leading-edge loop (`loop: 2`), started as today's starters start it. */
const leadingEdgeScenarios: Record<string, (ctx: ScenarioContext) => Promise<RecordedRun[]>> = {
  'beteiligte-sync-v2-clean': (ctx) => syncRun(ctx, 'beteiligte-sync-v2-clean', async (espoId) => void (await requestSync(ctx, espoId))),

  'beteiligte-sync-v2-trailing-debounce': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-v2-trailing-debounce', async (espoId) => {
      await requestSync(ctx, espoId, { request: update }, 1000);
      await requestSync(ctx, espoId, { request: update }, 1000);
    }),

  'beteiligte-sync-v2-signals-during-pass': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-v2-signals-during-pass', async (espoId) => {
      const running = new Gate();
      const release = new Gate();
      ctx.fake.script(espoId, {
        syncPass: async (call) => {
          if (call === 1) {
            running.open();
            await release.opened;
          }
          return cleanPass();
        },
      });
      await requestSync(ctx, espoId);
      await running.opened;
      for (let i = 0; i < 3; i += 1) await requestSync(ctx, espoId);
      release.open();
    }),

  'beteiligte-sync-v2-backoff-interrupted': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-v2-backoff-interrupted', async (espoId) => {
      ctx.fake.script(espoId, {
        syncPass: (call) => {
          if (call === 1) throw ApplicationFailure.nonRetryable('bad credentials', 'AdvowareAuthError');
          return cleanPass();
        },
        recordFailure: () => failedFor(10 * 60_000, 2),
      });
      const { workflowId } = await requestSync(ctx, espoId);
      const handle = ctx.client.workflow.getHandle(workflowId);
      await waitFor('backing_off', async () => (await handle.query(beteiligteStatusQuery)).phase === 'backing_off');
      await requestSync(ctx, espoId, { force: true });
    }),

  'beteiligte-sync-v2-delete': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-v2-delete', async (espoId) => void (await requestSync(ctx, espoId, { request: { action: 'delete', source: 'webhook' } }))),

  // BETEILIGTE_MODE=shadow: the delete answers with the Task it would have created.
  'beteiligte-sync-shadow-delete': (ctx) =>
    syncRun(ctx, 'beteiligte-sync-shadow-delete', async (espoId) => {
      ctx.fake.script(espoId, {
        recordEspoDelete: () => ({
          outcome: 'shadow',
          plannedOutcome: 'deleted_in_espocrm',
          shadow: { total: 1, byKind: { 'espocrm.createTask': 1 }, byField: { 'espocrm Task.name': 1 }, writes: [], omitted: 0 },
        }),
      });
      await requestSync(ctx, espoId, { request: { action: 'delete', source: 'webhook' } });
    }),
};

const otherScenarios: Record<string, (ctx: ScenarioContext) => Promise<RecordedRun[]>> = {
  ping: async (ctx) => {
    const handle = await ctx.client.workflow.start(ping, { workflowId: `replay-ping-${randomUUID()}`, taskQueue: ctx.taskQueue, args: ['hello'] });
    await handle.result();
    return [{ name: 'ping', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },
  'beteiligte-sweep': async (ctx) => {
    const handle = await ctx.client.workflow.start(beteiligteSweep, { workflowId: `replay-sweep-${randomUUID()}`, taskQueue: ctx.taskQueue });
    await handle.result();
    return [{ name: 'beteiligte-sweep', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },
  // The sweep since bank accounts joined it (patched 'bankverbindungen-sweep').
  'beteiligte-sweep-bankverbindungen': async (ctx) => {
    const handle = await ctx.client.workflow.start(beteiligteSweep, { workflowId: `replay-sweep-bank-${randomUUID()}`, taskQueue: ctx.taskQueue });
    await handle.result();
    return [{ name: 'beteiligte-sweep-bankverbindungen', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },
  'bankverbindung-sync-clean': (ctx) => bankRun(ctx, 'bankverbindung-sync-clean', 'create'),
  'bankverbindung-sync-delete': (ctx) => bankRun(ctx, 'bankverbindung-sync-delete', 'delete'),
  // A CAdressen webhook: debounce, then the routing activity (fake: to party1).
  'adresse-event': async (ctx) => {
    const handle = await ctx.client.workflow.signalWithStart(adresseEvent, {
      ...adresseEventStartOptions(`replay-adresse-${randomUUID().slice(0, 8)}`, ctx.taskQueue, 200),
      signal: syncRequestedSignal,
      signalArgs: [{ action: 'update', source: 'webhook' }],
    });
    await handle.result();
    const { runId } = await handle.describe();
    return [{ name: 'adresse-event', workflowId: handle.workflowId, runId }];
  },
  // A large webhook batch handed to one intake run (fake hand-over activity).
  'webhook-intake': async (ctx) => {
    const input = { target: 'beteiligte', action: 'create', ids: ['replay-intake-1', 'replay-intake-2', 'replay-intake-3'] } as const;
    const handle = await ctx.client.workflow.start(webhookIntake, webhookIntakeStartOptions({ ...input, ids: [...input.ids] }, ctx.taskQueue, randomUUID()));
    await handle.result();
    return [{ name: 'webhook-intake', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },
};

/** One bank-account workflow run (fake activities: a clean pass, or a recorded delete). */
async function bankRun(ctx: ScenarioContext, name: string, action: 'create' | 'delete'): Promise<RecordedRun[]> {
  const handle = await ctx.client.workflow.signalWithStart(bankverbindungSync, {
    ...bankverbindungStartOptions(`replay-${name}-${randomUUID().slice(0, 8)}`, ctx.taskQueue, 200),
    signal: syncRequestedSignal,
    signalArgs: [{ action, source: 'webhook' }],
  });
  await handle.result();
  const { runId } = await handle.describe();
  return [{ name, workflowId: handle.workflowId, runId }];
}

/** Every run the scenarios produce, by fixture name; the fixture test expects exactly these. */
export const EXPECTED_RUN_NAMES = [
  ...Object.keys(beteiligteScenarios).flatMap((name) => (name === 'beteiligte-sync-continue-as-new' ? [`${name}-run1`, `${name}-run2`] : [name])),
  ...Object.keys(leadingEdgeScenarios),
  ...Object.keys(otherScenarios),
  ...CALENDAR_RUN_NAMES,
];

/** Runs every scenario concurrently (independent ids) and returns the finished runs. */
export async function runReplayScenarios(ctx: ScenarioContext): Promise<RecordedRun[]> {
  const all = [...Object.values(beteiligteScenarios), ...Object.values(leadingEdgeScenarios), ...Object.values(otherScenarios), ...Object.values(calendarScenarios)];
  return (await Promise.all(all.map((scenario) => scenario(ctx)))).flat();
}
