import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { requestBeteiligteSync } from '../../clients/temporal/start-beteiligte';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { beteiligteStatusQuery, beteiligteWorkflowId, ESPO_ID_PATTERN, type BeteiligteStatus } from '../../workflows/messages';
import { UsageError, withTemporal, type CliOutput, type TemporalContext } from '../context';
import { SWEEP_RUN_TEXT } from '../../workflows/run-details';

export function checkEspoId(espoId: string): string {
  if (!ESPO_ID_PATTERN.test(espoId)) throw new UsageError(`"${espoId}" is not an EspoCRM id (expected 1–64 letters, digits, "_" or "-")`);
  return espoId;
}

/** Forces a resync: starts the record's workflow, or signals forceResync to its open run. */
export async function resyncBeteiligte(t: TemporalContext, espoId: string): Promise<{ workflowId: string; runId: string }> {
  const { workflowId, runId } = await requestBeteiligteSync(t, espoId, { force: true });
  return { workflowId, runId };
}

/** The live status of a running workflow, or the result of the latest closed run. */
export async function beteiligteStatus(t: TemporalContext, espoId: string): Promise<BeteiligteStatus | null> {
  const handle = t.client.workflow.getHandle(beteiligteWorkflowId(espoId));
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return await handle.query(beteiligteStatusQuery);
    if (description.status.name === 'COMPLETED') return (await handle.result()) as BeteiligteStatus;
    return { espoId, betNr: null, phase: 'done', lastOutcome: 'failed', lastError: `workflow ${description.status.name}`, passes: 0, signalsReceived: 0, lastWrites: null, retryCount: 0, nextRetryAt: null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export function describeBeteiligte(status: BeteiligteStatus): string {
  return [
    `beteiligte ${status.espoId}${status.betNr ? ` ↔ Advoware betNr ${status.betNr}` : ''}`,
    `  phase ${status.phase}, last outcome ${status.lastOutcome ?? '–'}, passes ${status.passes}, signals ${status.signalsReceived}`,
    status.lastWrites ? `  last pass wrote Advoware ${status.lastWrites.advoware}, EspoCRM ${status.lastWrites.espocrm}` : '',
    status.lastError ? `  last error: ${status.lastError}` : '',
    status.nextRetryAt ? `  retry ${status.retryCount} due at ${status.nextRetryAt} UTC` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerBeteiligteCommands(program: Command, resync: Command, out: () => CliOutput): void {
  resync
    .command('beteiligte')
    .description('force a sync pass for one EspoCRM CBeteiligte record (starts its workflow if needed)')
    .argument('<espoId>', 'EspoCRM record id')
    .action(async (espoId: string) => {
      const result = await withTemporal((t) => resyncBeteiligte(t, checkEspoId(espoId)));
      out().print(`resync requested: workflow ${result.workflowId} (run ${result.runId})`, result);
    });

  program
    .command('sweep')
    .description('Beteiligte sweep')
    .command('now')
    .description('run the beteiligte sweep once now and wait for its result')
    .action(async () => {
      const result = await withTemporal((t) =>
        t.client.workflow.execute(beteiligteSweep, { taskQueue: t.taskQueue, workflowId: `beteiligte-sweep-manual-${Date.now()}`, ...SWEEP_RUN_TEXT }),
      );
      const bank = result.bankverbindungen ? `; bank accounts: examined ${result.bankverbindungen.examined}, signalled ${result.bankverbindungen.signalled}` : '';
      out().print(`sweep done: examined ${result.examined}, signalled ${result.signalled}, reset ${result.resetPermanentlyFailed} permanently failed${bank}`, result);
    });
}
