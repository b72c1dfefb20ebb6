import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beteiligteStatusQuery, beteiligteWorkflowId, type BeteiligteStatus } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

const ENTITY = 'CBeteiligte';

/** Whether Temporal retries a failed activity is the client error's decision (activities/failures.ts). */
describe('retry decisions come from the error, not from name lists in workflows', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  const status = (espoId: string) =>
    stack.temporal.workflow.getHandle(beteiligteWorkflowId(espoId)).query(beteiligteStatusQuery).catch(() => undefined);

  async function linkedRecord(name: string): Promise<{ id: string; betNr: number }> {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, { name, lastName: name, rechtsform: 'GmbH', salutationName: 'Firma' });
    const id = created.id as string;
    await stack.sims.espocrm.flushWebhooks();
    const betNr = await waitFor('record to be linked and clean', () => {
      const record = stack.sims.espocrm.state.getRecord(ENTITY, id) as Record<string, unknown>;
      return record.syncStatus === 'clean' && typeof record.betnr === 'number' ? record.betnr : undefined;
    });
    // Let the echo of our own write settle so the next pass is the one under test.
    await stack.sims.espocrm.flushWebhooks();
    await waitFor('workflow to close', async () => {
      const d = await stack.temporal.workflow.getHandle(beteiligteWorkflowId(id)).describe();
      return d.status.name === 'COMPLETED' ? true : undefined;
    });
    return { id, betNr };
  }

  it('an Advoware 403 is not retried: one request, then the durable backoff', async () => {
    const { id, betNr } = await linkedRecord('Verboten GmbH');
    const path = `${stack.sims.advoware.apiPath}api/v1/advonet/Beteiligte/${betNr}`;
    stack.sims.advoware.faults.add({ method: 'GET', path: `^${path}$`, status: 403, body: { error: 'Keine Berechtigung für diesen Beteiligten.' } });
    stack.sims.advoware.counter.reset();
    stack.sims.espocrm.state.updateRecord(ENTITY, id, { registergericht: 'Amtsgericht Hannover' });
    await stack.sims.espocrm.flushWebhooks();
    const failed = await waitFor<BeteiligteStatus>('the pass to fail', async () => {
      const s = await status(id);
      return s?.lastOutcome === 'failed' ? s : undefined;
    });
    expect(failed.lastError).toContain('403');
    // Before errors decided their own retries, the activity policy retried this 3 times.
    expect(stack.sims.advoware.counter.get('GET', path)).toBe(1);
    await stack.temporal.workflow.getHandle(beteiligteWorkflowId(id)).terminate('test done');
  });
});
