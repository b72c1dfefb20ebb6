import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beteiligteWorkflowId, type BeteiligteStatus } from '../../workflows/messages';
import { bankverbindungWorkflowId } from '../../workflows/bankverbindung-messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const PARTY = 'CBeteiligte';
const ADR = 'CAdressen';

describe('Adressen end to end (party webhook → beteiligte:{id} pass → both systems)', () => {
  let stack: Stack;
  let partyId: string;
  let betNr: number;
  const ids: string[] = [];

  const espo = (type: string, id: string) => stack.sims.espocrm.state.getRecord(type, id) as Record<string, unknown>;
  const settled = async (workflowId: string): Promise<unknown> =>
    waitFor(`workflow ${workflowId} to finish`, async () => {
      const handle = stack.temporal.workflow.getHandle(workflowId);
      const d = await handle.describe().catch(() => undefined);
      return d && d.status.name === 'COMPLETED' ? handle.result() : undefined;
    });
  const flushUntilQuiet = async (workflowId: string): Promise<BeteiligteStatus> => {
    for (let round = 0; round < 6; round++) {
      const report = await stack.sims.espocrm.flushWebhooks();
      expect(report.deliveries.every((d) => d.status === 200)).toBe(true);
      await settled(workflowId);
      if (stack.sims.espocrm.state.pendingWebhookEvents() === 0) break;
    }
    return (await settled(workflowId)) as BeteiligteStatus;
  };
  /** A user edit of the party fires its signed update webhook; the pass then also looks at the addresses. */
  const touchParty = (note: string) => stack.sims.espocrm.state.updateRecord(PARTY, partyId, { description: note });
  const advoAdressen = () => stack.sims.advoware.state.getBeteiligte(betNr)!.adressen;
  const tasksOf = (before: number) => stack.sims.espocrm.state.tasks().slice(before);

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('create: a new party with two addresses → party and both addresses created in Advoware, marker in bemerkung, all clean', async () => {
    partyId = stack.sims.espocrm.state.createRecord(PARTY, { name: 'Adress Kunde GmbH', lastName: 'Adress Kunde GmbH', rechtsform: 'GmbH', salutationName: 'Firma' }).id as string;
    for (const [strasse, standard] of [['Hauptstr. 1', true], ['Lager 7', false]] as const) {
      ids.push(
        stack.sims.espocrm.state.createRecord(ADR, { beteiligteId: partyId, strasse, plz: '30159', ort: 'Hannover', land: 'D', standardAnschrift: standard, gueltigVon: '2020-01-01' }).id as string,
      );
    }
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    betNr = espo(PARTY, partyId).betnr as number;
    const advo = advoAdressen();
    expect(advo).toHaveLength(2);
    for (const id of ids) {
      const record = espo(ADR, id);
      expect(record.syncStatus).toBe('clean');
      const match = advo.find((a) => a.id === record.advowareAdresseId);
      expect(match).toMatchObject({ strasse: record.strasse, ort: 'Hannover', land: 'D', gueltigVon: '2020-01-01', bemerkung: `EspoCRM-ID: ${id}` });
    }
    expect(JSON.parse(String(espo(PARTY, partyId).adressenSyncBase)).links).toHaveProperty(ids[0]);
  });

  it('no-change pass for a party with two addresses and one bank account: 2 EspoCRM reads + 1 Advoware read, no writes', async () => {
    const bankId = stack.sims.espocrm.state.createRecord('CBankverbindungen', { name: 'Konto', iban: 'DE89370400440532013000', beteiligteId: partyId }).id as string;
    await flushUntilQuiet(bankverbindungWorkflowId(bankId));
    expect(espo('CBankverbindungen', bankId).syncStatus).toBe('clean');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));

    stack.sims.advoware.counter.reset();
    stack.sims.espocrm.counter.reset();
    touchParty('nur ein Vermerk');
    const status = await flushUntilQuiet(beteiligteWorkflowId(partyId));
    expect(status.lastWrites).toEqual({ advoware: 0, espocrm: 0 });
    const calls = (c: Stack['sims']['advoware']['counter'], method: string) => c.sum({ method, path: /^(?!.*(Token|Webhook|__admin)).*/ });
    const figures = {
      advowareGet: calls(stack.sims.advoware.counter, 'GET'),
      advowareWrites: calls(stack.sims.advoware.counter, 'POST') + calls(stack.sims.advoware.counter, 'PUT'),
      espocrmGet: calls(stack.sims.espocrm.counter, 'GET'),
      espocrmWrites: calls(stack.sims.espocrm.counter, 'POST') + calls(stack.sims.espocrm.counter, 'PUT'),
    };
    console.log(`no-change pass, party with 2 addresses + 1 bank account: ${JSON.stringify(figures)}`);
    expect(figures).toEqual({ advowareGet: 1, advowareWrites: 0, espocrmGet: 2, espocrmWrites: 0 });
  });

  it('update: writable field → PUT; read-only field → no write, Task address_field_update_required, unclean; fixed in Advoware → clean', async () => {
    const before = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.updateRecord(ADR, ids[0], { strasse: 'Hauptstr. 3', land: 'AT' });
    touchParty('Adresse geändert');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    const advoId = espo(ADR, ids[0]).advowareAdresseId as number;
    const advo = advoAdressen().find((a) => a.id === advoId)!;
    expect(advo.strasse).toBe('Hauptstr. 3');
    expect(advo.land).toBe('D');
    expect(espo(ADR, ids[0])).toMatchObject({ syncStatus: 'unclean', syncErrorMessage: expect.stringContaining('Land') });
    const tasks = tasksOf(before);
    expect(tasks).toHaveLength(1);
    expect(String(tasks[0].description)).toContain('[address_field_update_required]');
    expect(tasks[0]).toMatchObject({ parentType: ADR, parentId: ids[0] });

    stack.sims.advoware.state.editAdresseAsUser(betNr, advoId, { land: 'AT' });
    touchParty('Land in Advoware nachgezogen');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    expect(espo(ADR, ids[0])).toMatchObject({ syncStatus: 'clean', syncErrorMessage: null });
    expect(tasksOf(before)).toHaveLength(1);
  });

  it('Advoware-side edit flows to EspoCRM; an address entered in Advoware appears in EspoCRM', async () => {
    const advoId = espo(ADR, ids[1]).advowareAdresseId as number;
    stack.sims.advoware.state.editAdresseAsUser(betNr, advoId, { ort: 'Laatzen', postfach: '1234' });
    const extra = stack.sims.advoware.state.addAdresse(betNr, { strasse: 'Postweg 9', plz: '30880', ort: 'Laatzen' });
    touchParty('Advoware geändert');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    expect(espo(ADR, ids[1])).toMatchObject({ ort: 'Laatzen', postfach: '1234', syncStatus: 'clean' });
    const created = stack.sims.espocrm.state.listRecords(ADR).filter((r) => r.advowareAdresseId === extra.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ beteiligteId: partyId, strasse: 'Postweg 9' });
  });

  it('delete in EspoCRM → nothing deleted in Advoware (403), one Task address_delete_required on the party', async () => {
    const advoId = espo(ADR, ids[1]).advowareAdresseId as number;
    const before = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.deleteRecord(ADR, ids[1]);
    touchParty('Adresse gelöscht');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    expect(advoAdressen().some((a) => a.id === advoId)).toBe(true);
    const tasks = tasksOf(before);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ parentType: PARTY, parentId: partyId });
    expect(String(tasks[0].description)).toContain('[address_delete_required]');
    touchParty('noch einmal');
    await flushUntilQuiet(beteiligteWorkflowId(partyId));
    expect(tasksOf(before)).toHaveLength(1);
  });
});
