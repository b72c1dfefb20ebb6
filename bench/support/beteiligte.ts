import type { BeteiligteStatus } from '../../workflows/messages';
import { beteiligteWorkflowId } from '../../workflows/messages';
import type { BenchStack } from './stack';
import { waitFor } from './harness';

export const ENTITY = 'CBeteiligte';

export function espoRecord(stack: BenchStack, id: string): Record<string, unknown> {
  const record = stack.sims.espocrm.state.getRecord(ENTITY, id);
  if (!record) throw new Error(`EspoCRM record ${id} vanished`);
  return record;
}

/**
 * A user edit as EspoCRM performs it: the change plus `syncStatus: dirty`, which EspoCRM's own
 * formula sets on every update of a synced record (docs/MIGRATION.md).
 */
export function userEdit(stack: BenchStack, id: string, patch: Record<string, unknown>): void {
  stack.sims.espocrm.state.updateRecord(ENTITY, id, { ...patch, syncStatus: 'dirty' });
}

/** Waits for the current run of the record's workflow (started or signalled a moment ago) to finish. */
export async function latestRunResult(stack: BenchStack, espoId: string, timeoutMs = 60_000): Promise<{ runId: string; status: BeteiligteStatus }> {
  const workflowId = beteiligteWorkflowId(espoId);
  const description = await stack.temporal.workflow.getHandle(workflowId).describe();
  const runId = description.runId;
  const status = await Promise.race([
    stack.temporal.workflow.getHandle(workflowId, runId).result() as Promise<BeteiligteStatus>,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`run ${runId} of ${workflowId} did not finish within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
  return { runId, status };
}

/**
 * Linked and `clean` in the EspoCRM simulator. Reads two attributes rather than a copy of the
 * record: the benches poll thousands of records, and copying them all every few milliseconds
 * took a third of a core from the system under test.
 */
export function isLinkedAndClean(stack: Pick<BenchStack, 'sims'>, id: string): boolean {
  const state = stack.sims.espocrm.state;
  return state.getAttribute(ENTITY, id, 'syncStatus') === 'clean' && typeof state.getAttribute(ENTITY, id, 'betnr') === 'number';
}

/** Waits until every listed record is linked and clean; returns when the last one got there. */
export async function waitAllClean(stack: BenchStack, ids: string[], timeoutMs: number): Promise<number> {
  const open = new Set(ids);
  await waitFor(
    `${ids.length} records to be linked and clean`,
    () => {
      for (const id of open) if (isLinkedAndClean(stack, id)) open.delete(id);
      return open.size === 0;
    },
    timeoutMs,
    25,
  ).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)} (${open.size} still open)`);
  });
  return Date.now();
}
