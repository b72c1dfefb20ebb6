import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { requestCalendarPass } from '../../clients/temporal/calendar-pass';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../workflows/calendar-sync-employee';
import { calendarStatusQuery, calendarSyncRequestedSignal, calendarWorkflowId, forceFullResyncSignal } from '../../workflows/messages';
import { continuedAsNewRunId } from '../integration/workflows/history';
import { Gate, waitFor } from '../integration/workflows/fake-beteiligte-activities';
import {
  advowareCreate,
  applyCreatingTermine,
  googleInserts,
  plannedPass,
  snapshotOf,
  type FakeCalendarActivities,
} from '../integration/workflows/calendar-fake-activities';

export interface CalendarScenarioContext {
  client: Client;
  taskQueue: string;
  calendar: FakeCalendarActivities;
}

interface RecordedCalendarRun {
  name: string;
  workflowId: string;
  runId: string;
}

const newKuerzel = () => `R${randomUUID().slice(0, 6).toUpperCase()}`;

function request(ctx: CalendarScenarioContext, k: string, requestId: string) {
  return ctx.client.workflow.signalWithStart(calendarSyncEmployee, {
    workflowId: calendarWorkflowId(k),
    taskQueue: ctx.taskQueue,
    args: [{ kuerzel: k, fullContent: true }],
    signal: calendarSyncRequestedSignal,
    signalArgs: [{ requestId }],
  });
}

async function completion(ctx: CalendarScenarioContext, k: string, requestId: string): Promise<void> {
  const handle = ctx.client.workflow.getHandle(calendarWorkflowId(k));
  await waitFor(`${requestId} of ${k}`, async () => (await handle.query(calendarStatusQuery)).completedRequests.some((r) => r.requestId === requestId));
}

async function requestAndWait(ctx: CalendarScenarioContext, k: string, requestId: string): Promise<void> {
  await request(ctx, k, requestId);
  await completion(ctx, k, requestId);
}

/** Employee workflows never finish by themselves: end the current run so its history is final. */
async function terminate(ctx: CalendarScenarioContext, k: string): Promise<string> {
  const handle = ctx.client.workflow.getHandle(calendarWorkflowId(k));
  await handle.terminate('replay scenario finished');
  return (await handle.describe()).runId;
}

export const calendarScenarios: Record<string, (ctx: CalendarScenarioContext) => Promise<RecordedCalendarRun[]>> = {
  /** Batched apply with a created link, a failing plan, a forced full resync and a failing apply in one run. */
  'calendar-employee-passes': async (ctx) => {
    const k = newKuerzel();
    ctx.calendar.script(k, {
      plan: (call, input) => {
        if (call === 1) return plannedPass(input, { nextSyncToken: 'tok-1', actions: [...googleInserts(59), advowareCreate('g1')], nextSnapshot: snapshotOf(59) });
        if (call === 2) throw ApplicationFailure.nonRetryable('Google rejected the service account', 'GoogleAuthError');
        if (call === 4) return plannedPass(input, { nextSyncToken: 'tok-4', actions: googleInserts(1, 5000) });
        return plannedPass(input, { nextSyncToken: `tok-${call}` });
      },
      apply: (call, input) => {
        if (call === 3) throw ApplicationFailure.nonRetryable('calendar not writable', 'GoogleBadRequestError');
        return applyCreatingTermine(9000 + call)(call, input);
      },
    });
    await requestAndWait(ctx, k, 'clean');
    await requestAndWait(ctx, k, 'plan-fails');
    const handle = ctx.client.workflow.getHandle(calendarWorkflowId(k));
    await handle.signal(forceFullResyncSignal);
    await waitFor('the forced pass', async () => (await handle.query(calendarStatusQuery)).passes === 3);
    await requestAndWait(ctx, k, 'apply-fails');
    const runId = await terminate(ctx, k);
    return [{ name: 'calendar-employee-passes', workflowId: calendarWorkflowId(k), runId }];
  },

  /** 20 passes, a request arriving during the 20th, served by the continued run. */
  'calendar-employee-continue-as-new': async (ctx) => {
    const k = newKuerzel();
    const twentiethRunning = new Gate();
    const releaseTwentieth = new Gate();
    ctx.calendar.script(k, {
      plan: async (call, input) => {
        if (call === 20) {
          twentiethRunning.open();
          await releaseTwentieth.opened;
        }
        return plannedPass(input, { nextSyncToken: `tok-${call}`, ...(call === 1 ? { nextSnapshot: snapshotOf(2) } : {}) });
      },
    });
    const firstRunId = (await request(ctx, k, 'r1')).signaledRunId;
    await completion(ctx, k, 'r1');
    for (let i = 2; i <= 19; i += 1) await requestAndWait(ctx, k, `r${i}`);
    await request(ctx, k, 'r20');
    await twentiethRunning.opened;
    await request(ctx, k, 'r21');
    releaseTwentieth.open();
    await completion(ctx, k, 'r21');
    const secondRunId = continuedAsNewRunId(await ctx.client.workflow.getHandle(calendarWorkflowId(k), firstRunId).fetchHistory());
    if (!secondRunId) throw new Error('calendar scenario did not continue as new');
    await terminate(ctx, k);
    return [
      { name: 'calendar-employee-continue-as-new-run1', workflowId: calendarWorkflowId(k), runId: firstRunId },
      { name: 'calendar-employee-continue-as-new-run2', workflowId: calendarWorkflowId(k), runId: secondRunId },
    ];
  },

  /** Update-with-start: starts the run, a clean pass, a failing pass, and a request arriving during a pass (served by the next). */
  'calendar-employee-update': async (ctx) => {
    const k = newKuerzel();
    const secondRunning = new Gate();
    const releaseSecond = new Gate();
    ctx.calendar.script(k, {
      plan: async (call, input) => {
        if (call === 1) return plannedPass(input, { nextSyncToken: 'tok-1', actions: googleInserts(3), nextSnapshot: snapshotOf(3) });
        if (call === 2) {
          secondRunning.open();
          await releaseSecond.opened;
          throw ApplicationFailure.nonRetryable('Google rejected the service account', 'GoogleAuthError');
        }
        return plannedPass(input, { nextSyncToken: `tok-${call}` });
      },
    });
    const ask = (requestId: string) => requestCalendarPass(ctx.client, { kuerzel: k, taskQueue: ctx.taskQueue, requestId, timeoutMs: 30_000 });
    const first = await ask('u1');
    if (first.outcome !== 'clean') throw new Error(`update scenario: first pass ${first.outcome}`);
    const failing = ask('u2');
    await secondRunning.opened;
    const during = ask('u3');
    await new Promise((r) => setTimeout(r, 300));
    releaseSecond.open();
    if ((await failing).outcome !== 'failed' || (await during).outcome !== 'no_change') throw new Error('update scenario: unexpected outcomes');
    const runId = await terminate(ctx, k);
    return [{ name: 'calendar-employee-update', workflowId: calendarWorkflowId(k), runId }];
  },

  /**
   * CALENDAR_MODE=shadow: two rehearsal passes (the second with 60 actions, so two apply batches)
   * then a live one. Shadow passes must not move token, snapshot or calendar id: the live pass
   * still starts from nothing.
   */
  'calendar-employee-shadow': async (ctx) => {
    const k = newKuerzel();
    const shadow = (n: number) => ({ total: n, byKind: { 'google.insertEvent': n }, byField: { 'google event.summary': n }, writes: [], omitted: n });
    ctx.calendar.script(k, {
      plan: (call, input) => {
        if (input.syncToken !== null || Object.keys(input.snapshot).length) throw new Error(`shadow pass ${call - 1} advanced the calendar state`);
        if (call <= 2) return plannedPass(input, { mode: 'shadow', shadow: shadow(0), nextSyncToken: 'tok-shadow', actions: googleInserts(call === 1 ? 3 : 60), nextSnapshot: snapshotOf(3) });
        return plannedPass(input, { nextSyncToken: 'tok-live', actions: googleInserts(3), nextSnapshot: snapshotOf(3) });
      },
      apply: (_call, input) => ({ applied: input.actions.length, links: [], shadow: shadow(input.actions.length) }),
    });
    await requestAndWait(ctx, k, 'shadow-1');
    await requestAndWait(ctx, k, 'shadow-2');
    await requestAndWait(ctx, k, 'live');
    const status = await ctx.client.workflow.getHandle(calendarWorkflowId(k)).query(calendarStatusQuery);
    if (status.completedRequests.map((r) => r.outcome).join() !== 'shadow,shadow,clean') throw new Error(`unexpected outcomes ${JSON.stringify(status.completedRequests)}`);
    const runId = await terminate(ctx, k);
    return [{ name: 'calendar-employee-shadow', workflowId: calendarWorkflowId(k), runId }];
  },

  /** Lists three employees, one of whose passes fails. */
  'calendar-sync-all': async (ctx) => {
    const employees = [newKuerzel(), newKuerzel(), newKuerzel()];
    ctx.calendar.script(employees[1], {
      plan: () => {
        throw ApplicationFailure.nonRetryable('no calendar access', 'GoogleAuthError');
      },
    });
    ctx.calendar.employees = employees;
    const handle = await ctx.client.workflow.start(calendarSyncAll, { workflowId: `replay-calendar-all-${randomUUID()}`, taskQueue: ctx.taskQueue, args: [{}] });
    await handle.result();
    await Promise.all(employees.map((k) => terminate(ctx, k)));
    return [{ name: 'calendar-sync-all', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },

  /** Named Kürzel (API/CLI): one is no active employee → `unknown_employee` and no workflow; the other syncs. */
  'calendar-sync-all-named': async (ctx) => {
    const [known, ghost] = [newKuerzel(), newKuerzel()];
    ctx.calendar.unknown.add(ghost);
    const handle = await ctx.client.workflow.start(calendarSyncAll, { workflowId: `replay-calendar-all-named-${randomUUID()}`, taskQueue: ctx.taskQueue, args: [{ kuerzel: [known, ghost] }] });
    await handle.result();
    await terminate(ctx, known);
    return [{ name: 'calendar-sync-all-named', workflowId: handle.workflowId, runId: handle.firstExecutionRunId }];
  },
};

/** Fixture names the calendar scenarios produce. */
export const CALENDAR_RUN_NAMES = Object.keys(calendarScenarios).flatMap((name) =>
  name === 'calendar-employee-continue-as-new' ? [`${name}-run1`, `${name}-run2`] : [name],
);
