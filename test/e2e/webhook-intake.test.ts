import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../sim/espocrm/signature';
import { beteiligteWorkflowId } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const ENTITY = 'CBeteiligte';
const BATCH_MIN = 4;
const SIZE = 10;

describe('a large create webhook batch goes through one intake run and every record ends linked and clean', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { WEBHOOK_INTAKE_BATCH_MIN: String(BATCH_MIN) } });
  });
  afterAll(async () => stack?.close());

  const espo = (id: string) => stack.sims.espocrm.state.getRecord(ENTITY, id) as Record<string, unknown>;
  const advowareCreates = () => stack.sims.advoware.counter.sum({ method: 'POST', path: /\/Beteiligte$/ });
  const intakeRuns = async () => {
    const found: string[] = [];
    for await (const wf of stack.temporal.workflow.list({ query: `TaskQueue="${stack.taskQueue}" AND WorkflowType="webhookIntake"` })) found.push(wf.workflowId);
    return found;
  };
  const allClean = (ids: string[]) =>
    waitFor(`all ${ids.length} records linked and clean`, async () => (ids.every((id) => espo(id).syncStatus === 'clean' && typeof espo(id).betnr === 'number') ? true : undefined), 60_000);

  it('EspoCRM’s one batch of new records: one intake run, every record linked and clean, one Advoware create each; a repeated delivery creates nothing more', async () => {
    const ids = Array.from({ length: SIZE }, (_, i) => stack.sims.espocrm.state.createRecord(ENTITY, { name: `Intake ${i}`, firstName: 'Ina', lastName: `Intake ${i}`, rechtsform: 'Natürliche Person' }).id as string);
    const createsBefore = advowareCreates();
    const report = await stack.sims.espocrm.flushWebhooks();
    expect(report.deliveries.filter((d) => d.status === 200).map((d) => d.count)).toContain(SIZE);
    await allClean(ids);
    expect(advowareCreates() - createsBefore).toBe(SIZE);
    expect(new Set(ids.map((id) => espo(id).betnr)).size).toBe(SIZE);
    const runs = await waitFor('the intake run to be listed', async () => ((await intakeRuns()).length > 0 ? intakeRuns() : undefined));
    expect(runs).toHaveLength(1);
    expect(await stack.temporal.workflow.getHandle(runs[0]).result()).toEqual({ handedOver: SIZE, resumedFrom: 0 });

    // EspoCRM retries a batch whose answer it missed: a second intake hands the ids over again;
    // the passes find the records linked and in agreement, so nothing is created twice.
    const body = JSON.stringify(ids.map((id) => espo(id)));
    const [webhookId, secret] = Object.entries(stack.config.espocrm.webhookSecrets)[0];
    const again = await fetch(`${stack.apiUrl}/vmh/webhook/beteiligte/create`, { method: 'POST', headers: { 'content-type': 'application/json', signature: webhookSignature(webhookId, secret, body) }, body });
    expect(again.status).toBe(200);
    const { intake } = (await again.json()) as { intake: string };
    expect(intake).not.toBe(runs[0]);
    expect(await stack.temporal.workflow.getHandle(intake).result()).toEqual({ handedOver: SIZE, resumedFrom: 0 });
    // Each record's run took the request (started anew or signalled) and finishes its pass.
    await waitFor('every record run to finish', async () => {
      const states = await Promise.all(ids.map((id) => stack.temporal.workflow.getHandle(beteiligteWorkflowId(id)).describe().then((d) => d.status.name)));
      return states.every((s) => s === 'COMPLETED') ? true : undefined;
    }, 60_000);
    await allClean(ids);
    expect(advowareCreates() - createsBefore).toBe(SIZE);
  });
});
