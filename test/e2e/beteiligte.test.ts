import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beteiligteStatusQuery, beteiligteWorkflowId, type BeteiligteStatus } from '../../workflows/messages';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const ENTITY = 'CBeteiligte';


describe('Beteiligte sync end to end (webhook → workflow → both systems)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  const espo = (id: string) => stack.sims.espocrm.state.getRecord(ENTITY, id) as Record<string, unknown>;
  const closedRun = async (espoId: string): Promise<BeteiligteStatus> => {
    const handle = stack.temporal.workflow.getHandle(beteiligteWorkflowId(espoId));
    return waitFor(`workflow ${espoId} to finish`, async () => {
      const d = await handle.describe().catch(() => undefined);
      return d && d.status.name === 'COMPLETED' ? ((await handle.result()) as BeteiligteStatus) : undefined;
    });
  };
  const flushAndSettle = async (espoId: string): Promise<BeteiligteStatus> => {
    await stack.sims.espocrm.flushWebhooks();
    return closedRun(espoId);
  };

  it('creates a new EspoCRM person in Advoware, links it and marks it clean', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, {
      name: 'Jürgen Groß',
      firstName: 'Jürgen',
      lastName: 'Groß',
      salutationName: 'Herr',
      titel: 'Dr.',
      rechtsform: 'Natürliche Person',
      geburtsdatum: '1970-05-17',
      emailAddressData: [{ emailAddress: 'Juergen.Gross@Example.com', primary: true }],
      phoneNumberData: [
        { phoneNumber: '0511/12345-60', primary: true, type: 'Office' },
        { phoneNumber: '0171 2345678', primary: false, type: 'Mobile' },
      ],
    });
    const id = created.id as string;
    const report = await stack.sims.espocrm.flushWebhooks();
    expect(report.deliveries.some((d) => d.status === 200)).toBe(true);
    const status = await closedRun(id);
    expect(status.lastOutcome).toBe('clean');

    const record = espo(id);
    expect(record.syncStatus).toBe('clean');
    expect(typeof record.betnr).toBe('number');
    const party = stack.sims.advoware.state.getBeteiligte(record.betnr as number)!;
    expect(party).toMatchObject({ name: 'Groß', vorname: 'Jürgen', anrede: 'Herr', titel: 'Dr.' });
    expect(String(party.geburtsdatum)).toMatch(/^1970-05-17/);
    const values = (party.kommunikation ?? []).map((k) => k.tlf).sort();
    expect(values).toHaveLength(3);
    expect(record.kommunikationHash).toMatch(/^[0-9a-f]{16}$/);
    expect(record.advowareRowId).toBe(party.rowId);
  });

  it('our own EspoCRM write causes a follow-up pass with zero writes (no ping-pong)', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Ping Pong GmbH', lastName: 'Ping Pong GmbH', rechtsform: 'GmbH', salutationName: 'Firma' });
    const id = created.id as string;
    await flushAndSettle(id);
    // The pass above wrote betnr + sync fields to EspoCRM; with skipOwn off that is a webhook again.
    expect(stack.sims.espocrm.state.pendingWebhookEvents()).toBeGreaterThan(0);
    stack.sims.advoware.counter.reset();
    stack.sims.espocrm.counter.reset();
    const second = await flushAndSettle(id);
    expect(second.lastOutcome).toBe('no_change');
    expect(second.lastWrites).toEqual({ advoware: 0, espocrm: 0 });
    const writes = (c: Stack['sims']['advoware']['counter']) => c.sum({ method: 'PUT' }) + c.sum({ method: 'POST', path: /^(?!.*Token)/ }) + c.sum({ method: 'PATCH' });
    expect(writes(stack.sims.espocrm.counter)).toBe(0);
    expect(writes(stack.sims.advoware.counter)).toBe(0);
    expect(stack.sims.espocrm.state.pendingWebhookEvents()).toBe(0);
  });

  it('propagates an Advoware-side edit via the sweep (no webhook) once the record is stale', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Bärbel Müller', firstName: 'Bärbel', lastName: 'Müller', rechtsform: 'Natürliche Person', salutationName: 'Frau' });
    const id = created.id as string;
    await flushAndSettle(id);
    await stack.sims.espocrm.flushWebhooks();
    await closedRun(id);
    const betNr = espo(id).betnr as number;
    stack.sims.advoware.state.updateBeteiligte(betNr, { titel: 'Prof. Dr.' });
    // Make the record stale as if BETEILIGTE_STALE_AFTER had passed.
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { advowareLastSync: '2000-01-01 00:00:00' });
    await stack.sims.espocrm.state.pendingWebhookEvents();
    const result = await stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.workers.taskQueue, workflowId: `sweep-test-${Date.now()}` });
    expect(result.signalled).toBeGreaterThanOrEqual(1);
    await waitFor('Advoware edit to arrive in EspoCRM', () => (espo(id).titel === 'Prof. Dr.' ? true : undefined));
    expect(espo(id).syncStatus).toBe('clean');
  });

  it('conflict: both sides changed the same field → EspoCRM wins, status conflict, task names the lost value', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Konflikt AG', lastName: 'Konflikt AG', rechtsform: 'AG', salutationName: 'Firma', registergericht: 'Amtsgericht Hannover' });
    const id = created.id as string;
    await flushAndSettle(id);
    await flushAndSettle(id);
    const betNr = espo(id).betnr as number;
    stack.sims.advoware.state.updateBeteiligte(betNr, { registergericht: 'Amtsgericht Celle' });
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { registergericht: 'Amtsgericht Hildesheim' });
    const status = await flushAndSettle(id);
    expect(status.lastOutcome).toBe('conflict');
    expect(stack.sims.advoware.state.getBeteiligte(betNr)?.registergericht).toBe('Amtsgericht Hildesheim');
    expect(espo(id).syncStatus).toBe('conflict');
    const tasks = stack.sims.espocrm.state.tasks().filter((t) => t.parentId === id);
    expect(tasks.map((t) => String(t.description)).join('\n')).toContain('Amtsgericht Celle');
  });

  it('delete webhook never deletes in Advoware and leaves a task', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Lösch Mich', firstName: 'Lösch', lastName: 'Mich', rechtsform: 'Natürliche Person' });
    const id = created.id as string;
    await flushAndSettle(id);
    const betNr = espo(id).betnr as number;
    await flushAndSettle(id);
    const tasksBefore = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.deleteRecord(ENTITY, id);
    const status = await flushAndSettle(id);
    expect(status.lastOutcome).toBe('deleted_in_espocrm');
    expect(stack.sims.advoware.state.getBeteiligte(betNr)).toBeDefined();
    expect(stack.sims.espocrm.state.tasks().length).toBe(tasksBefore + 1);
  });

  it('Advoware 404 for a linked record → deleted_in_advoware, no recreate', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Weg Dort', firstName: 'Weg', lastName: 'Dort', rechtsform: 'Natürliche Person' });
    const id = created.id as string;
    await flushAndSettle(id);
    await flushAndSettle(id);
    const betNr = espo(id).betnr as number;
    stack.sims.advoware.state.deleteBeteiligte(betNr);
    const before = stack.sims.advoware.state.listBeteiligte().length;
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { titel: 'Dr.' });
    const status = await flushAndSettle(id);
    expect(status.lastOutcome).toBe('deleted_in_advoware');
    expect(espo(id).syncStatus).toBe('deleted_in_advoware');
    expect(stack.sims.advoware.state.listBeteiligte().length).toBe(before);
  });

  it('answers status queries while running', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Query Test', firstName: 'Query', lastName: 'Test', rechtsform: 'Natürliche Person' });
    const id = created.id as string;
    await stack.sims.espocrm.flushWebhooks();
    const handle = stack.temporal.workflow.getHandle(beteiligteWorkflowId(id));
    const live = await handle.query(beteiligteStatusQuery).catch(() => undefined);
    if (live) expect(live.espoId).toBe(id);
    const done = await closedRun(id);
    expect(done.espoId).toBe(id);
    expect(done.signalsReceived).toBeGreaterThanOrEqual(1);
  });
});
