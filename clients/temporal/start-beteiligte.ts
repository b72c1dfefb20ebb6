import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { beteiligteSync } from '../../workflows/beteiligte-sync';
import { beteiligteStartOptions, forceResyncSignal, syncRequestedSignal, type BeteiligteTrigger } from '../../workflows/messages';

export interface BeteiligteStarter {
  client: Client;
  taskQueue: string;
  debounceMs: number;
}

export interface StartedSync {
  workflowId: string;
  runId: string;
  /** true: this call started the run; false: an open run got the request as a signal. */
  started: boolean;
}

/**
 * Hands one request to a record's workflow, the way webhook, sweep and CLI all do it. No open
 * run (the usual case): start one with the request in its input, so the run has no signal event.
 * A run is open: signal it — with signal-with-start, in case it closed in between.
 */
export async function requestBeteiligteSync(starter: BeteiligteStarter, espoId: string, trigger: BeteiligteTrigger): Promise<StartedSync> {
  const { client, taskQueue, debounceMs } = starter;
  try {
    const handle = await client.workflow.start(beteiligteSync, beteiligteStartOptions(espoId, taskQueue, debounceMs, trigger));
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const options = beteiligteStartOptions(espoId, taskQueue, debounceMs);
  const handle =
    'force' in trigger
      ? await client.workflow.signalWithStart(beteiligteSync, { ...options, signal: forceResyncSignal, signalArgs: [] })
      : await client.workflow.signalWithStart(beteiligteSync, { ...options, signal: syncRequestedSignal, signalArgs: [trigger.request] });
  return { workflowId: handle.workflowId, runId: handle.signaledRunId, started: false };
}
