import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankverbindungSync } from '../../workflows/bankverbindung-sync';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { bankverbindungStartOptions, bankverbindungWorkflowId, type BankverbindungStatus } from '../../workflows/bankverbindung-messages';
import { beteiligteWorkflowId, syncRequestedSignal } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const BANK = 'CBankverbindungen';
const PARTY = 'CBeteiligte';
const IBAN = 'DE89 3704 0044 0532 0130 00';

describe('Bankverbindungen end to end (signed webhook → bankverbindung:{id} → Advoware)', () => {
  let stack: Stack;
  let partyId: string;
  let betNr: number;

  const espo = (id: string) => stack.sims.espocrm.state.getRecord(BANK, id) as Record<string, unknown>;
  /**
   * Waits for the newest run to complete. Callers signal first (webhook delivery and
   * signalWithStart return only after Temporal accepted the signal), so the newest run is theirs.
   */
  const settled = async (workflowId: string): Promise<unknown> =>
    waitFor(`workflow ${workflowId} to finish`, async () => {
      const handle = stack.temporal.workflow.getHandle(workflowId);
      const d = await handle.describe().catch(() => undefined);
      return d && d.status.name === 'COMPLETED' ? handle.result() : undefined;
    });
  /** Delivers webhooks (including echoes of our own writes) until EspoCRM has nothing left to send. */
  const flushUntilQuiet = async (workflowId: string): Promise<BankverbindungStatus> => {
    for (let round = 0; round < 5; round++) {
      const report = await stack.sims.espocrm.flushWebhooks();
      expect(report.deliveries.every((d) => d.status === 200)).toBe(true);
      await settled(workflowId);
      if (stack.sims.espocrm.state.pendingWebhookEvents() === 0) break;
    }
    return (await settled(workflowId)) as BankverbindungStatus;
  };
  const advowareAccounts = () => stack.sims.advoware.state.listBankverbindungen(betNr);

  beforeAll(async () => {
    stack = await startStack();
    const party = stack.sims.espocrm.state.createRecord(PARTY, { name: 'Konto Kunde GmbH', lastName: 'Konto Kunde GmbH', rechtsform: 'GmbH', salutationName: 'Firma' });
    partyId = party.id as string;
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    betNr = (stack.sims.espocrm.state.getRecord(PARTY, partyId) as Record<string, unknown>).betnr as number;
    expect(typeof betNr).toBe('number');
  });
  afterAll(async () => stack?.close());

  let bankId: string;

  it('create → POST under the party’s betNr, advowareKontoId written back, clean; the echo pass writes nothing', async () => {
    const created = stack.sims.espocrm.state.createRecord(BANK, { name: 'Geschäftskonto', iban: IBAN, bic: 'COBADEFFXXX', kontoinhaber: 'Konto Kunde GmbH', bankname: 'Commerzbank', beteiligteId: partyId });
    bankId = created.id as string;
    const status = await flushUntilQuiet(bankverbindungWorkflowId(bankId));
    expect(['clean', 'no_change']).toContain(status.lastOutcome);
    const record = espo(bankId);
    expect(record.syncStatus).toBe('clean');
    const accounts = advowareAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', kontoinhaber: 'Konto Kunde GmbH', bankname: 'Commerzbank' });
    expect(record.advowareKontoId).toBe(accounts[0].id);
    expect(status.known).toMatchObject({ betNr, kontoId: accounts[0].id });

    // A further pass with nothing changed: reads only, no write anywhere.
    stack.sims.advoware.counter.reset();
    stack.sims.espocrm.counter.reset();
    await stack.temporal.workflow.signalWithStart(bankverbindungSync, { ...bankverbindungStartOptions(bankId, stack.taskQueue, 200), signal: syncRequestedSignal, signalArgs: [{ action: 'update', source: 'cli' }] });
    expect(((await settled(bankverbindungWorkflowId(bankId))) as BankverbindungStatus).lastOutcome).toBe('no_change');
    const nonGet = (c: Stack['sims']['advoware']['counter']) => c.sum({ method: 'PUT' }) + c.sum({ method: 'POST', path: /^(?!.*Token)/ }) + c.sum({ method: 'DELETE' });
    expect(nonGet(stack.sims.advoware.counter) + nonGet(stack.sims.espocrm.counter)).toBe(0);
  });

  it('update → nothing sent to Advoware, unclean plus one exact Task; after a human fixes Advoware the next pass sets clean', async () => {
    const tasksBefore = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.updateRecord(BANK, bankId, { bic: 'DRESDEFFXXX' });
    await flushUntilQuiet(bankverbindungWorkflowId(bankId));
    expect(espo(bankId).syncStatus).toBe('unclean');
    expect(advowareAccounts()[0].bic).toBe('COBADEFFXXX');
    const tasks = stack.sims.espocrm.state.tasks().slice(tasksBefore);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ parentType: BANK, parentId: bankId });
    expect(String(tasks[0].description)).toContain('BIC: in Advoware „COBADEFFXXX“ → ändern auf „DRESDEFFXXX“');

    stack.sims.advoware.state.editBankverbindungAsUser(betNr, advowareAccounts()[0].id, { bic: 'DRESDEFFXXX' });
    // No webhook for an edit in Advoware: the sweep re-checks unclean accounts.
    const sweep = await stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `sweep-bank-${Date.now()}` });
    expect(sweep.bankverbindungen?.signalled).toBeGreaterThanOrEqual(1);
    await settled(bankverbindungWorkflowId(bankId));
    await flushUntilQuiet(bankverbindungWorkflowId(bankId));
    expect(espo(bankId).syncStatus).toBe('clean');
    expect(stack.sims.espocrm.state.tasks().length).toBe(tasksBefore + 1);
  });

  it('the sweep re-checks clean accounts once BETEILIGTE_STALE_AFTER passed: a change or removal by hand in Advoware → unclean plus a Task', async () => {
    const sweep = () => stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `sweep-bank-${Date.now()}` });
    const open = async (name: string, iban: string) => {
      const id = stack.sims.espocrm.state.createRecord(BANK, { name, iban, bic: 'COBADEFFXXX', kontoinhaber: 'Konto Kunde GmbH', bankname: 'Commerzbank', beteiligteId: partyId }).id as string;
      await flushUntilQuiet(bankverbindungWorkflowId(id));
      expect(espo(id).syncStatus).toBe('clean');
      return { id, kontoId: espo(id).advowareKontoId as number };
    };
    const edited = await open('Festgeld', 'DE02 1203 0000 0000 2020 51');
    const removed = await open('Tagesgeld', 'DE02 1001 0010 0006 8201 01');
    const unchanged = await open('Sparkonto', 'DE02 5001 0517 0137 0750 30');

    // Checked moments ago: the sweep leaves clean accounts alone (no Advoware call for them).
    expect((await sweep()).bankverbindungen?.signalled).toBe(0);

    stack.sims.advoware.state.editBankverbindungAsUser(betNr, edited.kontoId, { kontoinhaber: 'Jemand Anderes' });
    stack.sims.advoware.state.deleteBankverbindungAsUser(betNr, removed.kontoId);
    // Not re-checked yet: the hand edits are invisible until the accounts are stale.
    expect((await sweep()).bankverbindungen?.signalled).toBe(0);
    expect(espo(edited.id).syncStatus).toBe('clean');

    const tasksBefore = stack.sims.espocrm.state.tasks().length;
    for (const { id } of [edited, removed, unchanged]) stack.sims.espocrm.state.updateRecord(BANK, id, { advowareLastSync: '2020-01-01 00:00:00' });
    expect((await sweep()).bankverbindungen?.signalled).toBe(3);
    for (const { id } of [edited, removed, unchanged]) await settled(bankverbindungWorkflowId(id));

    expect(espo(edited.id)).toMatchObject({ syncStatus: 'unclean', syncErrorMessage: expect.stringContaining('Kontoinhaber: in Advoware „Jemand Anderes“ → ändern auf „Konto Kunde GmbH“') });
    expect(espo(removed.id)).toMatchObject({ syncStatus: 'unclean', syncErrorMessage: expect.stringContaining(`Die verknüpfte Bankverbindung ${removed.kontoId} fehlt in Advoware`) });
    const tasks = stack.sims.espocrm.state.tasks().slice(tasksBefore);
    expect(tasks.map((t) => t.parentId).sort()).toEqual([edited.id, removed.id].sort());
    // Agreement: still clean, its check time moved, so the next sweep does not pick it up again.
    expect(espo(unchanged.id).syncStatus).toBe('clean');
    expect(String(espo(unchanged.id).advowareLastSync) > '2020-01-01 00:00:00').toBe(true);
    const next = await sweep();
    expect(next.bankverbindungen?.signalled).toBe(2); // only the two unclean ones, whose Tasks are open
    for (const { id } of [edited, removed]) await settled(bankverbindungWorkflowId(id));
    expect(stack.sims.espocrm.state.tasks().length).toBe(tasksBefore + 2);
  });

  it('invalid IBAN → failed with a clear message, nothing written to Advoware', async () => {
    const before = advowareAccounts().length;
    const created = stack.sims.espocrm.state.createRecord(BANK, { name: 'Tippfehler', iban: 'DE89 3704 0044 0532 0130 01', beteiligteId: partyId });
    const id = created.id as string;
    const status = await flushUntilQuiet(bankverbindungWorkflowId(id));
    expect(status.lastOutcome).toBe('failed');
    expect(espo(id)).toMatchObject({ syncStatus: 'failed', syncErrorMessage: expect.stringContaining('Prüfziffer') });
    expect(espo(id).advowareKontoId ?? null).toBeNull();
    expect(advowareAccounts()).toHaveLength(before);
  });

  it('delete → nothing deleted in Advoware; a Task names party, account and IBAN (from the completed run’s result)', async () => {
    const kontoId = espo(bankId).advowareKontoId as number;
    const tasksBefore = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.deleteRecord(BANK, bankId);
    const status = await flushUntilQuiet(bankverbindungWorkflowId(bankId));
    expect(status.lastOutcome).toBe('deleted_in_espocrm');
    expect(advowareAccounts().some((a) => a.id === kontoId)).toBe(true);
    const tasks = stack.sims.espocrm.state.tasks().slice(tasksBefore);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ parentType: PARTY, parentId: partyId });
    expect(String(tasks[0].description)).toContain(`beim Beteiligten ${betNr} das Konto ${kontoId} (IBAN DE89370400440532013000)`);
  });
});
