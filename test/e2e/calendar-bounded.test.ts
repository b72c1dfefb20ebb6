import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { eventIdForFrNr } from '../../domain/calendar';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarStatusQuery, calendarWorkflowId } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';

const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const K = 'BP';

/** Bounded history: the snapshot stays out of payloads and a big first sync is split into bounded passes. */
describe('calendar sync with bounded passes (CALENDAR_MAX_ACTIONS_PER_PASS) end to end', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { CALENDAR_PAST_DAYS: '10', CALENDAR_FUTURE_DAYS: '60', CALENDAR_MAX_ACTIONS_PER_PASS: '5' } });
    stack.sims.advoware.state.addEmployee({ kuerzel: K, name: 'Pohl', vorname: 'Bea', email: 'bp@kanzlei.example', aktiv: true });
    for (let i = 0; i < 12; i++) {
      stack.sims.advoware.state.createTermin({ datum: plusDays(i + 1), uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: `Verhandlung ${i}`, anwalt: K });
    }
  });
  afterAll(async () => {
    await stack?.temporal.workflow.getHandle(calendarWorkflowId(K)).terminate('test finished').catch(() => undefined);
    await stack?.close();
  });

  const runAll = () => stack.temporal.workflow.execute(calendarSyncAll, { taskQueue: stack.workers.taskQueue, workflowId: `cal-bounded-${Date.now()}`, args: [{ kuerzel: [K] }] });

  it('12 Termine at 5 actions per pass: one request, answered clean after three passes, every event there once', async () => {
    const result = await runAll();
    expect(result.employees).toEqual([{ kuerzel: K, outcome: 'clean' }]);
    const calendar = stack.sims.google.state.listCalendars('bp@kanzlei.example').map((c) => c.calendar).find((c) => c.summary === `Advoware ${K}`)!;
    const live = stack.sims.google.state.listEvents(calendar.id).filter((e) => e.status !== 'cancelled');
    const termine = stack.sims.advoware.state.listTermine().filter((t) => t.anwalt === K && t.frNr > 0);
    expect(live.map((e) => e.id).sort()).toEqual(termine.map((t) => eventIdForFrNr(t.frNr)).sort());
    const status = await stack.temporal.workflow.getHandle(calendarWorkflowId(K)).query(calendarStatusQuery);
    expect(status.passes).toBe(3);
    expect(status.linkedEvents).toBe(12);

    // No plan input carries the snapshot: it is read by query.
    const history = await stack.temporal.workflow.getHandle(calendarWorkflowId(K)).fetchHistory();
    const planInputs = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'planEmployeePass');
    expect(planInputs).toHaveLength(3);
    for (const e of planInputs) {
      // Payloads may be encrypted (TEMPORAL_PAYLOAD_KEY): decode them the way the client does.
      const [input] = await decodeArrayFromPayloads(stack.temporal.workflow.options.loadedDataConverter, e.activityTaskScheduledEventAttributes!.input!.payloads!);
      expect((input as { snapshot: unknown; snapshotFrom: unknown }).snapshot).toEqual({});
      expect((input as { snapshotFrom: unknown }).snapshotFrom).toMatchObject({ workflowId: calendarWorkflowId(K) });
    }
  });

  it('the next runs change nothing: the agreed snapshot came back whole from the per-pass changes (2 calls)', async () => {
    expect((await runAll()).employees).toEqual([{ kuerzel: K, outcome: 'no_change' }]);
    stack.sims.google.counter.reset();
    stack.sims.advoware.counter.reset();
    expect((await runAll()).employees).toEqual([{ kuerzel: K, outcome: 'no_change' }]);
    const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].reduce((n, method) => n + stack.sims.google.counter.sum({ method }) + stack.sims.advoware.counter.sum({ method }), 0);
    expect(writes).toBe(0);
    expect(stack.sims.google.counter.sum({ path: /events$/ })).toBe(1);
    expect(stack.sims.advoware.counter.sum({ path: /Termine$/ })).toBe(1);
  });
});
