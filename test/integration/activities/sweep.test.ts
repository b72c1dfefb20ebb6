import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError, type Client, type Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEspoCrmClient, type EspoCrmClient, type ListParams } from '../../../clients/espocrm';
import { createSweepActivities } from '../../../activities/sweep';
import { DEFAULT_ESPOCRM_API_KEY, startEspoCrmSim, type EspoCrmSim } from '../../../sim/espocrm';
import { beteiligteWorkflowId, type BeteiligteSyncInput } from '../../../workflows/messages';
import { connectClient, uniqueTaskQueue } from '../../support/temporal';

const ENTITY = 'CBeteiligte';
const PAGE = 20;

/**
 * The sweep's paging against the EspoCRM simulator and a real Temporal server. No worker polls
 * the queue, so every started workflow stays open and can be described.
 */
describe('sweep activity signalDueRecords (EspoCRM simulator, real Temporal)', () => {
  let sim: EspoCrmSim;
  let espocrm: EspoCrmClient;
  let client: Client;
  let connection: Connection;

  beforeAll(async () => {
    sim = await startEspoCrmSim();
    espocrm = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: DEFAULT_ESPOCRM_API_KEY, timeoutMs: 5_000 });
    ({ client, connection } = await connectClient());
  });
  afterAll(async () => {
    await espocrm?.close();
    await sim?.close();
    await connection?.close();
  });

  /** `count` due (dirty) records plus a few clean, recently synced ones the sweep must skip; ids ascending. */
  function seed(count: number): { due: string[]; notDue: string[] } {
    sim.state.reset();
    const fresh = new Date().toISOString().replace('T', ' ').slice(0, 19);
    const due = Array.from({ length: count }, (_, i) => sim.state.createRecord(ENTITY, { name: `Due ${i}`, syncStatus: 'dirty' }).id as string);
    const notDue = Array.from({ length: 5 }, (_, i) => sim.state.createRecord(ENTITY, { name: `Clean ${i}`, syncStatus: 'clean', advowareLastSync: fresh }).id as string);
    return { due: [...due].sort(), notDue };
  }

  /** The EspoCRM client with a hook after every list page, and the pages it asked for. */
  function observedClient(afterPage: (ids: string[]) => void = () => undefined) {
    const asked: ListParams[] = [];
    const wrapped: EspoCrmClient = {
      ...espocrm,
      list: async <T>(entity: string, params?: ListParams) => {
        asked.push(params ?? {});
        const page = await espocrm.list<T>(entity, params);
        afterPage((page.list as { id: string }[]).map((r) => r.id));
        return page;
      },
    };
    return { wrapped, asked };
  }

  const sweep = (espo: EspoCrmClient, taskQueue: string) =>
    createSweepActivities({ espocrm: espo, temporal: client, taskQueue, entity: ENTITY, staleAfterMs: 86_400_000, debounceMs: 0, startConcurrency: 4, pageSize: PAGE });

  async function isStarted(espoId: string): Promise<BeteiligteSyncInput | undefined> {
    try {
      await client.workflow.getHandle(beteiligteWorkflowId(espoId)).describe();
      return {} as BeteiligteSyncInput;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  it('streams pages by id cursor, so records that turn clean meanwhile do not shift later pages; heartbeats the cursor per page', async () => {
    const { due, notDue } = seed(2 * PAGE + 7);
    // What the passes do while the sweep pages on: each page's records turn clean right after it was read.
    const { wrapped, asked } = observedClient((ids) => {
      for (const id of ids) sim.state.updateRecord(ENTITY, id, { syncStatus: 'clean', advowareLastSync: new Date().toISOString().replace('T', ' ').slice(0, 19) });
    });
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => beats.push(structuredClone(details)));

    const result = await env.run(sweep(wrapped, uniqueTaskQueue('sweep')).signalDueRecords);

    expect(result).toEqual({ examined: due.length, signalled: due.length });
    for (const id of due) expect(await isStarted(id), id).toBeDefined();
    for (const id of notDue) expect(await isStarted(id), id).toBeUndefined();
    // One page in memory at a time, always from offset 0 after the last id handed over.
    expect(asked.map((p) => [p.offset, p.maxSize])).toEqual([
      [0, PAGE],
      [0, PAGE],
      [0, PAGE],
    ]);
    // After each finished page: the cursor moves to its last id.
    expect(beats).toEqual(
      expect.arrayContaining([
        { cursor: due[PAGE - 1], examined: PAGE, signalled: PAGE },
        { cursor: due[2 * PAGE - 1], examined: 2 * PAGE, signalled: 2 * PAGE },
        { cursor: due[due.length - 1], examined: due.length, signalled: due.length },
      ]),
    );
    // In between (per record, to stay alive): the cursor never passes a record not yet handed over.
    for (const beat of beats as { cursor?: string; examined: number; signalled: number }[]) {
      expect(beat.cursor).toBe(beat.examined > 0 ? due[beat.examined - 1] : undefined);
      expect(beat.signalled).toBeGreaterThanOrEqual(beat.examined);
    }
    expect(beats.length).toBeGreaterThan(3);
  });

  it('a retried activity resumes after the heartbeated cursor and keeps counting', async () => {
    const { due } = seed(PAGE + 5);
    const { wrapped } = observedClient();
    const cursor = due[PAGE - 1];
    const env = new MockActivityEnvironment({ heartbeatDetails: { cursor, examined: PAGE, signalled: PAGE } });

    const result = await env.run(sweep(wrapped, uniqueTaskQueue('sweep')).signalDueRecords);

    expect(result).toEqual({ examined: due.length, signalled: due.length });
    for (const id of due.slice(0, PAGE)) expect(await isStarted(id), id).toBeUndefined();
    for (const id of due.slice(PAGE)) expect(await isStarted(id), id).toBeDefined();
  });
});
