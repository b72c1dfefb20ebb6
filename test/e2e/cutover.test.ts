import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMarker } from '../../domain/beteiligte';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { beteiligteWorkflowId, type BeteiligteStatus } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * Issue 10, "Bugs to fix": one end-to-end test per cut-over bug, each on the real dev server
 * with the simulators (webhook → workflow → both systems, or the sweep Schedule's workflow).
 */

const ENTITY = 'CBeteiligte';

describe('cut-over bugs end to end', () => {
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
  const sweep = () => stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.workers.taskQueue, workflowId: `sweep-cutover-${Date.now()}` });

  it('bug 7: the sweep picks up a record left in the old lock status `syncing`', async () => {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, {
      name: 'Hängt Fest',
      firstName: 'Hängt',
      lastName: 'Fest',
      rechtsform: 'Natürliche Person',
      syncStatus: 'syncing',
      // Synced recently: the stale-record rule alone would not select it.
      advowareLastSync: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    const id = created.id as string;
    const result = await sweep();
    expect(result.signalled).toBeGreaterThanOrEqual(1);
    const status = await closedRun(id);
    expect(status.lastOutcome).toBe('clean');
    expect(espo(id).syncStatus).toBe('clean');
    expect(typeof espo(id).betnr).toBe('number');
  });
  it('bug 6: the echo of our own failure record does not restart a permanently failed record (no 5-minute loop)', async () => {
    const party = stack.sims.advoware.state.createBeteiligte({ name: 'Kaputt', vorname: 'Karl', rechtsform: 'Natürliche Person' });
    const fault = stack.sims.advoware.faults.add({ path: `^${stack.sims.advoware.apiPath}api/v1/advonet/Beteiligte/${party.betNr}`, status: 500 });
    try {
      const created = stack.sims.espocrm.state.createRecord(ENTITY, {
        name: 'Karl Kaputt', firstName: 'Karl', lastName: 'Kaputt', rechtsform: 'Natürliche Person',
        betnr: party.betNr, syncStatus: 'failed', syncRetryCount: 5,
      });
      const id = created.id as string;
      await stack.sims.espocrm.flushWebhooks();
      const first = await closedRun(id);
      expect(first.lastOutcome).toBe('permanently_failed');
      const handle = stack.temporal.workflow.getHandle(beteiligteWorkflowId(id));
      const runId = (await handle.describe()).runId;
      const autoResetAt = espo(id).syncAutoResetAt;
      expect(autoResetAt).toBeTruthy();
      // recordFailure's write comes back as an update webhook (no skipOwn): it must start nothing.
      expect(stack.sims.espocrm.state.pendingWebhookEvents()).toBeGreaterThan(0);
      const report = await stack.sims.espocrm.flushWebhooks();
      expect(report.deliveries.every((d) => d.status === 200)).toBe(true);
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await handle.describe()).runId).toBe(runId);
      expect(espo(id).syncAutoResetAt).toBe(autoResetAt);
      expect(espo(id).syncStatus).toBe('permanently_failed');

      // A real user edit still wakes the record.
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { titel: 'Dr.' });
      await stack.sims.espocrm.flushWebhooks();
      await waitFor('a new run for the user edit', async () => ((await handle.describe()).runId !== runId ? true : undefined));
    } finally {
      stack.sims.advoware.faults.remove(fault);
    }
  });
  /** Creates a record in EspoCRM and runs it to its first clean pass (plus the follow-up of our own write). */
  const syncedRecord = async (data: Record<string, unknown>): Promise<string> => {
    const id = stack.sims.espocrm.state.createRecord(ENTITY, data).id as string;
    await stack.sims.espocrm.flushWebhooks();
    await closedRun(id);
    await stack.sims.espocrm.flushWebhooks();
    await closedRun(id);
    expect(espo(id).syncStatus).toBe('clean');
    return id;
  };

  it('bug 5: a person that becomes a company loses vorname and geburtsdatum in Advoware', async () => {
    const id = await syncedRecord({ name: 'Udo Umbau', firstName: 'Udo', lastName: 'Umbau', rechtsform: 'Natürliche Person', geburtsdatum: '1966-06-06' });
    const betNr = espo(id).betnr as number;
    expect(stack.sims.advoware.state.getBeteiligte(betNr)).toMatchObject({ vorname: 'Udo' });
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { rechtsform: 'GmbH', name: 'Umbau GmbH', salutationName: 'Firma' });
    await stack.sims.espocrm.flushWebhooks();
    expect((await closedRun(id)).lastOutcome).toBe('clean');
    const party = stack.sims.advoware.state.getBeteiligte(betNr)!;
    expect(party).toMatchObject({ rechtsform: 'GmbH', name: 'Umbau GmbH', vorname: null, geburtsdatum: null });
    expect(espo(id)).toMatchObject({ firstName: null, geburtsdatum: null });
  });

  it('bug 4: the remark on a phone entry survives an EspoCRM type change (with the kommKz-0 read bug on)', async () => {
    const id = await syncedRecord({
      name: 'Rita Rand', firstName: 'Rita', lastName: 'Rand', rechtsform: 'Natürliche Person',
      phoneNumberData: [{ phoneNumber: '0511 7654321', primary: true, type: 'Office' }],
    });
    const betNr = espo(id).betnr as number;
    const entry = stack.sims.advoware.state.getBeteiligte(betNr)!.kommunikation.find((k) => k.tlf === '0511 7654321')!;
    // A user in Advoware adds a remark after our marker.
    stack.sims.advoware.state.updateKommunikation(betNr, entry.id, { bemerkung: `${entry.bemerkung} nur vormittags` });
    stack.sims.advoware.setKommKzZeroOnRead(true);
    try {
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { phoneNumberData: [{ phoneNumber: '0511 7654321', primary: true, type: 'Mobile' }] });
      await stack.sims.espocrm.flushWebhooks();
      await closedRun(id);
    } finally {
      stack.sims.advoware.setKommKzZeroOnRead(false);
    }
    const entries = stack.sims.advoware.state.getBeteiligte(betNr)!.kommunikation;
    const mobile = entries.find((k) => k.tlf === '0511 7654321');
    expect(mobile?.kommKz).toBe(3);
    expect(mobile?.bemerkung).toContain('nur vormittags');
  });
  it('bug 1: a record linked by the old system keeps an Advoware change and an EspoCRM delete (derived base)', async () => {
    const advo = stack.sims.advoware.state;
    const party = advo.createBeteiligte({ name: 'Altbestand', vorname: 'Anna', rechtsform: 'Natürliche Person', anrede: 'Frau' });
    const mail = advo.addKommunikation(party.betNr, { kommKz: 4, tlf: 'anna@altbestand.de', bemerkung: formatMarker('anna@altbestand.de', 4), online: true });
    const old = advo.addKommunikation(party.betNr, { kommKz: 8, tlf: 'alt@altbestand.de', bemerkung: formatMarker('alt@altbestand.de', 8, 'privat'), online: true });
    const tel = advo.addKommunikation(party.betNr, { kommKz: 1, tlf: '0511 5550000', bemerkung: formatMarker('0511 5550000', 1), online: false });
    // What the old Python service left: betnr, lastSync, rowId, hash, no advowareSyncBase.
    const created = stack.sims.espocrm.state.createRecord(ENTITY, {
      name: 'Anna Altbestand', firstName: 'Anna', lastName: 'Altbestand', rechtsform: 'Natürliche Person', salutationName: 'Frau',
      emailAddressData: [{ emailAddress: 'anna@altbestand.de', primary: true }, { emailAddress: 'alt@altbestand.de', primary: false }],
      phoneNumberData: [{ phoneNumber: '0511 5550000', primary: true, type: 'Office' }],
      betnr: party.betNr, syncStatus: 'clean', advowareRowId: party.rowId, kommunikationHash: '0123456789abcdef',
      advowareLastSync: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    const id = created.id as string;
    // After the cut-over: Advoware changes the phone, EspoCRM deletes the old e-mail.
    advo.updateKommunikation(party.betNr, tel.id, { tlf: '0511 5559999' });
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { emailAddressData: [{ emailAddress: 'anna@altbestand.de', primary: true }] });
    await stack.sims.espocrm.flushWebhooks();
    const status = await closedRun(id);
    expect(status.legacyBasePasses).toBe(1);
    const record = espo(id);
    expect((record.emailAddressData as { emailAddress: string }[]).map((e) => e.emailAddress)).toEqual(['anna@altbestand.de']);
    expect((record.phoneNumberData as { phoneNumber: string }[]).map((p) => p.phoneNumber)).toEqual(['0511 5559999']);
    const entries = advo.getBeteiligte(party.betNr)!.kommunikation;
    expect(entries.find((k) => k.id === old.id)).toMatchObject({ tlf: '', bemerkung: '[ESPOCRM-SLOT:8] privat' });
    expect(entries.find((k) => k.id === mail.id)?.tlf).toBe('anna@altbestand.de');
    expect(entries.filter((k) => k.tlf === '0511 5550000')).toEqual([]);
    expect(record.advowareSyncBase).toBeTruthy();
  });

  it('bug 2: a new lead is never linked to a same-name party; a retried create finds its own party by the EspoCRM-id marker', async () => {
    const advo = stack.sims.advoware.state;
    const homonym = advo.createBeteiligte({ name: 'Müller', vorname: 'Thomas', rechtsform: 'Natürliche Person', geburtsdatum: '1955-01-01', zusatz: 'Gegenseite' });
    const lead = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Thomas Müller', firstName: 'Thomas', lastName: 'Müller', rechtsform: 'Natürliche Person' });
    const id = lead.id as string;
    await stack.sims.espocrm.flushWebhooks();
    expect((await closedRun(id)).lastOutcome).toBe('clean');
    const betNr = espo(id).betnr as number;
    expect(betNr).not.toBe(homonym.betNr);
    expect(espo(id).geburtsdatum ?? null).toBeNull();
    expect(advo.getBeteiligte(homonym.betNr)).toMatchObject({ geburtsdatum: '1955-01-01T00:00:00', vorname: 'Thomas' });
    expect(advo.getBeteiligte(betNr)?.bemerkung).toBe(`[ESPOCRM-ID:${id}]`);
    const task = stack.sims.espocrm.state.tasks().find((t) => t.parentId === id && String(t.name).includes('doppelter'));
    expect(String(task?.description)).toContain(`betNr ${homonym.betNr}`);

    // An earlier attempt created the party but its answer was lost (betnr never written).
    const retry = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Thomas Müller', firstName: 'Thomas', lastName: 'Müller', rechtsform: 'Natürliche Person' });
    const retryId = retry.id as string;
    const earlier = advo.createBeteiligte({ name: 'Müller', vorname: 'Thomas', rechtsform: 'Natürliche Person', bemerkung: `[ESPOCRM-ID:${retryId}]` });
    const before = advo.listBeteiligte().length;
    await stack.sims.espocrm.flushWebhooks();
    await closedRun(retryId);
    expect(espo(retryId).betnr).toBe(earlier.betNr);
    expect(advo.listBeteiligte().length).toBe(before);
  });

  it('bug 3: a field Advoware ignores on PUT is reported and never silently reverted in EspoCRM', async () => {
    const id = await syncedRecord({ name: 'Vera Verify', firstName: 'Vera', lastName: 'Verify', rechtsform: 'Natürliche Person', titel: 'Dr.' });
    const betNr = espo(id).betnr as number;
    stack.sims.advoware.setBeteiligteReadOnlyOnPut(['titel']);
    try {
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { titel: 'Prof.' });
      await stack.sims.espocrm.flushWebhooks();
      expect((await closedRun(id)).lastOutcome).toBe('conflict');
      expect(stack.sims.advoware.state.getBeteiligte(betNr)?.titel).toBe('Dr.');
      expect(espo(id)).toMatchObject({ titel: 'Prof.', syncStatus: 'conflict' });
      const notices = () => stack.sims.espocrm.state.tasks().filter((t) => t.parentId === id && String(t.name).includes('nicht übernommen'));
      expect(notices()).toHaveLength(1);
      expect(String(notices()[0].description)).toContain('Titel (Advoware-Feld titel): gewünscht „Prof.“, Advoware behielt „Dr.“');

      // Another edit later: the refused value stays in EspoCRM, is not re-sent, no second Task.
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { phoneNumberData: [{ phoneNumber: '0511 8880000', primary: true, type: 'Office' }] });
      await stack.sims.espocrm.flushWebhooks();
      await closedRun(id);
      expect(espo(id).titel).toBe('Prof.');
      expect(notices()).toHaveLength(1);
      expect(stack.sims.advoware.state.getBeteiligte(betNr)?.kommunikation.some((k) => k.tlf === '0511 8880000')).toBe(true);
    } finally {
      stack.sims.advoware.setBeteiligteReadOnlyOnPut([]);
    }
  });

  it('bug 3 for Kommunikation: a phone number Advoware does not keep on PUT is reported and never silently reverted in EspoCRM', async () => {
    const id = await syncedRecord({
      name: 'Kai Komm', firstName: 'Kai', lastName: 'Komm', rechtsform: 'Natürliche Person',
      phoneNumberData: [{ phoneNumber: '0511 7770000', primary: true, type: 'Office' }],
    });
    const betNr = espo(id).betnr as number;
    const entry = () => stack.sims.advoware.state.getBeteiligte(betNr)!.kommunikation.find((k) => k.kommKz === 1)!;
    expect(entry().tlf).toBe('0511 7770000');
    const phones = () => (espo(id).phoneNumberData as { phoneNumber: string }[]).map((p) => p.phoneNumber);
    const kommPuts = () => Object.entries(stack.sims.advoware.counter.snapshot()).filter(([key]) => key.startsWith('PUT ') && key.includes(`/Beteiligte/${betNr}/Kommunikationen/`)).reduce((n, [, c]) => n + c, 0);
    const notices = () => stack.sims.espocrm.state.tasks().filter((t) => t.parentId === id && String(t.name).includes('nicht übernommen'));
    stack.sims.advoware.setKommunikationReadOnlyOnPut(['tlf']);
    try {
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { phoneNumberData: [{ phoneNumber: '0511 7771111', primary: true, type: 'Office' }] });
      await stack.sims.espocrm.flushWebhooks();
      expect((await closedRun(id)).lastOutcome).toBe('conflict');
      expect(entry().tlf).toBe('0511 7770000');
      expect(espo(id).syncStatus).toBe('conflict');
      expect(phones()).toEqual(['0511 7771111']);
      expect(notices()).toHaveLength(1);
      expect(String(notices()[0].description)).toContain(`Kommunikation ${entry().id} (TelGesch), Wert (Advoware-Feld tlf): gewünscht „0511 7771111“, Advoware behielt „0511 7770000“`);

      // Another edit later: the EspoCRM number stays, it is not re-sent, no second Task.
      const putsBefore = kommPuts();
      stack.sims.espocrm.state.updateRecord(ENTITY, id, { titel: 'Dr.' });
      await stack.sims.espocrm.flushWebhooks();
      await closedRun(id);
      await stack.sims.espocrm.flushWebhooks();
      await closedRun(id);
      expect(stack.sims.advoware.state.getBeteiligte(betNr)?.titel).toBe('Dr.');
      expect(phones()).toEqual(['0511 7771111']);
      expect(kommPuts()).toBe(putsBefore);
      expect(notices()).toHaveLength(1);
    } finally {
      stack.sims.advoware.setKommunikationReadOnlyOnPut([]);
    }
  });
});
