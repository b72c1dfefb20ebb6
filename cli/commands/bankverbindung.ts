import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { bankverbindungSync } from '../../workflows/bankverbindung-sync';
import { bankverbindungStartOptions, bankverbindungStatusQuery, bankverbindungWorkflowId, type BankverbindungStatus } from '../../workflows/bankverbindung-messages';
import { forceResyncSignal } from '../../workflows/messages';
import { withTemporal, type CliOutput, type TemporalContext } from '../context';
import { checkEspoId } from './beteiligte';

/** The live status of a bank account's workflow, or the result of its latest closed run. */
export async function bankverbindungStatus(t: TemporalContext, espoId: string): Promise<BankverbindungStatus | null> {
  const handle = t.client.workflow.getHandle(bankverbindungWorkflowId(espoId));
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return await handle.query(bankverbindungStatusQuery);
    if (description.status.name === 'COMPLETED') return (await handle.result()) as BankverbindungStatus;
    return { espoId, phase: 'done', lastOutcome: 'failed', lastError: `workflow ${description.status.name}`, passes: 0, signalsReceived: 0, retryCount: 0, known: null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export function describeBankverbindung(status: BankverbindungStatus): string {
  const k = status.known;
  return [
    `bankverbindung ${status.espoId}${k ? ` ↔ Advoware betNr ${k.betNr}, Konto ${k.kontoId}` : ''}`,
    `  phase ${status.phase}, last outcome ${status.lastOutcome ?? '–'}, passes ${status.passes}, signals ${status.signalsReceived}`,
    status.lastError ? `  last message: ${status.lastError}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerBankverbindungCommands(resync: Command, out: () => CliOutput): void {
  resync
    .command('bankverbindung')
    .description('force a pass for one EspoCRM CBankverbindungen record (starts its workflow if needed)')
    .argument('<espoId>', 'EspoCRM record id')
    .action(async (espoId: string) => {
      const result = await withTemporal(async (t) => {
        const handle = await t.client.workflow.signalWithStart(bankverbindungSync, {
          ...bankverbindungStartOptions(checkEspoId(espoId), t.taskQueue, t.debounceMs),
          signal: forceResyncSignal,
          signalArgs: [],
        });
        return { workflowId: handle.workflowId, runId: handle.signaledRunId };
      });
      out().print(`resync requested: workflow ${result.workflowId} (run ${result.runId})`, result);
    });
}
