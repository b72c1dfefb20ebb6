import { defineQuery } from '@temporalio/workflow';

/**
 * Message contracts of the address-event workflow (`adresse:{espoId}`). EspoCRM's `CAdressen`
 * webhooks carry only the address (a delete only its id); the workflow finds the address's party
 * and hands the change to the party's `beteiligte:{espoId}` workflow, where addresses are synced.
 * It reuses the `syncRequested` signal, so the webhook starts it like the other workflows.
 */

export type AdresseRouteOutcome = 'routed' | 'no_party';

export interface AdresseEventInput {
  espoId: string;
  debounceMs: number;
}

export interface AdresseEventStatus {
  espoId: string;
  phase: 'debouncing' | 'routing' | 'done';
  signalsReceived: number;
  lastOutcome: AdresseRouteOutcome | null;
  /** The parties whose workflow was asked to sync on the last routing. */
  parties: string[];
}

export const adresseEventStatusQuery = defineQuery<AdresseEventStatus>('status');

export function adresseWorkflowId(espoId: string): string {
  return `adresse:${espoId}`;
}

export function adresseEventStartOptions(espoId: string, taskQueue: string, debounceMs: number) {
  return { workflowId: adresseWorkflowId(espoId), taskQueue, args: [{ espoId, debounceMs }] as [AdresseEventInput] };
}
