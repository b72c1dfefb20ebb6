import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Connection } from '@temporalio/client';
import { DeterminismViolationError } from '@temporalio/workflow';
import { HISTORY_DIR, historyToJSON, loadRecordedHistories, replayHistories } from '../support/replay';
import { connectClient, startTestWorkers, uniqueTaskQueue, type RunningTestWorkers } from '../support/temporal';
import { FakeBeteiligteActivities, fakeBankActivities, fakeMainActivities } from '../integration/workflows/fake-beteiligte-activities';
import { FakeCalendarActivities, realSyncEmployeeAndWait } from '../integration/workflows/calendar-fake-activities';
import { EXPECTED_RUN_NAMES, runReplayScenarios } from './scenarios';

/** `RECORD_HISTORIES=1 npx vitest run test/replay` refreshes the committed fixtures from the live runs. */
const RECORD = process.env.RECORD_HISTORIES === '1';

describe('replay: histories of live runs against today’s workflow code', () => {
  let workers: RunningTestWorkers;
  let client: Client;
  let connection: Connection;
  const fake = new FakeBeteiligteActivities();
  const calendar = new FakeCalendarActivities();

  beforeAll(async () => {
    ({ client, connection } = await connectClient());
    calendar.client = client;
    const taskQueue = uniqueTaskQueue();
    workers = await startTestWorkers(
      {
        main: { ...fakeMainActivities({ reset: 1, due: { examined: 4, signalled: 3 } }), ...realSyncEmployeeAndWait(client, taskQueue) },
        advoware: { ...fake.activities(), ...calendar.advowareActivities(), ...fakeBankActivities() },
        google: calendar.googleActivities(),
      },
      { taskQueue },
    );
  });
  afterAll(async () => {
    await workers?.stop();
    await connection?.close();
  });

  it('replays every scenario run without a determinism error', async () => {
    const runs = await runReplayScenarios({ client, taskQueue: workers.taskQueue, fake, calendar });
    expect(runs.map((r) => r.name).sort()).toEqual([...EXPECTED_RUN_NAMES].sort());

    const histories = await Promise.all(
      // Named by scenario: both runs of the continued-as-new workflow share one workflow id.
      runs.map(async (run) => ({ name: run.name, workflowId: run.name, history: await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory() })),
    );
    if (RECORD) for (const { name, history } of histories) writeFileSync(join(HISTORY_DIR, `${name}.json`), historyToJSON(history));

    const results = await replayHistories(histories);
    expect(results).toHaveLength(runs.length);
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });
});

describe('replay: committed history fixtures against today’s workflow code', () => {
  const fixtures = loadRecordedHistories();

  it('has a fixture for every scenario (so the replay below cannot pass on an empty set)', () => {
    expect(fixtures.map((f) => f.workflowId).sort()).toEqual(expect.arrayContaining([...EXPECTED_RUN_NAMES].sort()));
    expect(fixtures.length).toBeGreaterThanOrEqual(EXPECTED_RUN_NAMES.length);
  });

  it('replays every committed fixture without a determinism error', async () => {
    const results = await replayHistories(fixtures);
    expect(results.map((r) => r.workflowId).sort()).toEqual(fixtures.map((f) => f.workflowId).sort());
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });

  it('negative control: a history whose commands differ from the code fails replay', async () => {
    const clean = fixtures.find((f) => f.workflowId === 'beteiligte-sync-clean');
    expect(clean).toBeDefined();
    const history = JSON.parse(clean!.history as string) as { events: Record<string, { activityType?: { name: string } }>[] };
    // Pretend the code once scheduled a different activity where today's code schedules syncPass.
    const scheduled = history.events.map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a?.activityType?.name === 'syncPass');
    expect(scheduled).toHaveLength(1);
    scheduled[0]!.activityType!.name = 'recordEspoDelete';

    const results = await replayHistories([{ workflowId: 'tampered-clean', history: JSON.stringify(history) }]);
    expect(results).toHaveLength(1);
    expect(results[0].error).toBeInstanceOf(DeterminismViolationError);
  });
});
