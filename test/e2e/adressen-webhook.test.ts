import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookTargets } from '../../cli/espocrm-webhooks';
import { adresseWorkflowId, type AdresseEventStatus } from '../../workflows/adresse-messages';
import { beteiligteWorkflowId } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const PARTY = 'CBeteiligte';
const ADR = 'CAdressen';

/**
 * `POST /vmh/webhook/adressen/{create,update,delete}`: an address edit in EspoCRM reaches
 * Advoware without any edit of the party — the signed CAdressen webhook starts `adresse:{id}`,
 * which finds the party and asks its `beteiligte:{id}` workflow for a pass.
 */
describe('CAdressen webhooks end to end (signed webhook → adresse:{id} → beteiligte:{party} pass → Advoware)', () => {
  let stack: Stack;
  let partyId: string;
  let betNr: number;
  let addressId: string;

  const espo = (type: string, id: string) => stack.sims.espocrm.state.getRecord(type, id) as Record<string, unknown>;
  const completed = async (workflowId: string): Promise<unknown> =>
    waitFor(`workflow ${workflowId} to finish`, async () => {
      const handle = stack.temporal.workflow.getHandle(workflowId);
      const d = await handle.describe().catch(() => undefined);
      return d && d.status.name === 'COMPLETED' ? handle.result() : undefined;
    });
  /** Delivers the pending webhooks (all answered 200), waits for the address's routing and then the party's pass, until EspoCRM is quiet. */
  const deliver = async (adresseId: string): Promise<AdresseEventStatus> => {
    let routed: AdresseEventStatus | undefined;
    for (let round = 0; round < 6; round++) {
      const report = await stack.sims.espocrm.flushWebhooks();
      expect(report.deliveries.map((d) => d.status).filter((s) => s !== 200)).toEqual([]);
      routed = (await completed(adresseWorkflowId(adresseId))) as AdresseEventStatus;
      await completed(beteiligteWorkflowId(partyId));
      if (stack.sims.espocrm.state.pendingWebhookEvents() === 0) break;
    }
    return routed!;
  };
  const advoAdressen = () => stack.sims.advoware.state.getBeteiligte(betNr)!.adressen;

  beforeAll(async () => {
    stack = await startStack();
    // The stack registers the party and bank-account webhooks; add the CAdressen ones the CLI registers (skipOwn on, as in production).
    const adressenOnly = webhookTargets({ entity: PARTY, adressenEntity: ADR }).filter((t) => t.path.startsWith('/vmh/webhook/adressen/'));
    expect(adressenOnly).toHaveLength(3);
    for (const target of adressenOnly) {
      const hook = await stack.clients.espocrm.registerWebhook({ event: target.event, url: `${stack.apiUrl}${target.path}`, skipOwn: true });
      stack.config.espocrm.webhookSecrets[hook.id] = hook.secretKey!;
    }

    partyId = stack.sims.espocrm.state.createRecord(PARTY, { name: 'Webhook Kunde GmbH', lastName: 'Webhook Kunde GmbH', rechtsform: 'GmbH', salutationName: 'Firma' }).id as string;
    for (let round = 0; round < 6 && stack.sims.espocrm.state.pendingWebhookEvents() > 0; round++) {
      await stack.sims.espocrm.flushWebhooks();
      await completed(beteiligteWorkflowId(partyId));
    }
    betNr = espo(PARTY, partyId).betnr as number;
    expect(typeof betNr).toBe('number');
  });
  afterAll(async () => stack?.close());

  it('create: a new address (only its own webhook) is posted to Advoware with the marker, clean', async () => {
    addressId = stack.sims.espocrm.state.createRecord(ADR, { beteiligteId: partyId, strasse: 'Webhookweg 1', plz: '30159', ort: 'Hannover', land: 'D' }).id as string;
    const routed = await deliver(addressId);
    expect(routed).toMatchObject({ lastOutcome: 'routed', parties: [partyId] });
    const record = espo(ADR, addressId);
    expect(record.syncStatus).toBe('clean');
    expect(advoAdressen().find((a) => a.id === record.advowareAdresseId)).toMatchObject({ strasse: 'Webhookweg 1', bemerkung: `EspoCRM-ID: ${addressId}` });
  });

  it('update: an address edit reaches Advoware without touching the party', async () => {
    stack.sims.espocrm.state.updateRecord(ADR, addressId, { strasse: 'Webhookweg 2' });
    const routed = await deliver(addressId);
    expect(routed.parties).toEqual([partyId]);
    const advoId = espo(ADR, addressId).advowareAdresseId as number;
    expect(advoAdressen().find((a) => a.id === advoId)?.strasse).toBe('Webhookweg 2');
  });

  it('delete: the webhook carries only the id; the party is found through its address base → one Task address_delete_required, nothing deleted', async () => {
    const advoId = espo(ADR, addressId).advowareAdresseId as number;
    const before = stack.sims.espocrm.state.tasks().length;
    stack.sims.espocrm.state.deleteRecord(ADR, addressId);
    const routed = await deliver(addressId);
    expect(routed).toMatchObject({ lastOutcome: 'routed', parties: [partyId] });
    expect(advoAdressen().some((a) => a.id === advoId)).toBe(true);
    const tasks = stack.sims.espocrm.state.tasks().slice(before);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ parentType: PARTY, parentId: partyId });
    expect(String(tasks[0].description)).toContain('[address_delete_required]');
  });

  it('an address linked to no party routes nowhere (outcome no_party) and starts no party workflow', async () => {
    const orphan = stack.sims.espocrm.state.createRecord(ADR, { strasse: 'Niemandsland 1', ort: 'Hannover' }).id as string;
    await stack.sims.espocrm.flushWebhooks();
    expect(await completed(adresseWorkflowId(orphan))).toMatchObject({ lastOutcome: 'no_party', parties: [] });
  });
});
