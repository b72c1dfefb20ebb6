import type { Client } from '@temporalio/client';
import { adresseEvent } from '../../workflows/adresse-event';
import { adresseEventStartOptions } from '../../workflows/adresse-messages';
import { bankverbindungSync } from '../../workflows/bankverbindung-sync';
import { bankverbindungStartOptions } from '../../workflows/bankverbindung-messages';
import { syncRequestedSignal } from '../../workflows/messages';
import type { WebhookAction, WebhookTarget } from '../../workflows/webhook-intake-messages';
import { requestBeteiligteSync, type BeteiligteStarter } from './start-beteiligte';

/**
 * Hands one webhook id to its record's workflow (`beteiligte:{id}`, `bankverbindung:{id}` or
 * `adresse:{id}`): start, or signal an open run. The one place for it, used by the webhook route
 * for small batches and by the intake activity for large ones. Idempotent per record: a second
 * hand-over only asks the open run for (at most) one more pass.
 */
export function startWebhookRecord(starter: BeteiligteStarter, target: WebhookTarget, id: string, action: WebhookAction): Promise<unknown> {
  const { client, taskQueue, debounceMs } = starter;
  switch (target) {
    case 'beteiligte':
      return requestBeteiligteSync(starter, id, { request: { action, source: 'webhook' } });
    case 'bankverbindungen':
      return signalWithStart(client, bankverbindungSync, bankverbindungStartOptions(id, taskQueue, debounceMs), action);
    case 'adressen':
      // The payload may carry only the address id: `adresse:{id}` finds the party and asks its
      // `beteiligte:{party}` workflow for a pass (addresses are synced there, under its lock).
      return signalWithStart(client, adresseEvent, adresseEventStartOptions(id, taskQueue, debounceMs), action);
  }
}

/** Signal-with-start of a child entity's workflow (`syncRequested`, as the sweep and CLI do). */
const signalWithStart = <A extends unknown[]>(client: Client, workflow: (...args: A) => Promise<unknown>, options: { workflowId: string; taskQueue: string; args: A }, action: WebhookAction) =>
  client.workflow.signalWithStart(workflow, { ...options, signal: syncRequestedSignal, signalArgs: [{ action, source: 'webhook' }] });
