import { defineQuery } from '@temporalio/workflow';
import type { KnownBankverbindung } from '../domain/bankverbindungen/types';

/**
 * Message contracts of the bank-account workflow (`bankverbindung:{espoId}`). It reuses the
 * Beteiligte signals (`syncRequested`, `forceResync`) so webhook, sweep and CLI start it the same way.
 */

export type BankOutcome = 'clean' | 'no_change' | 'unclean' | 'failed' | 'not_found' | 'waiting_for_party' | 'deleted_in_espocrm';

export interface BankverbindungSyncInput {
  espoId: string;
  debounceMs: number;
  maxPassesPerRun?: number;
  carried?: BankverbindungStatus;
}

export interface BankverbindungStatus {
  espoId: string;
  phase: 'waiting' | 'debouncing' | 'syncing' | 'backing_off' | 'done';
  lastOutcome: BankOutcome | null;
  lastError: string | null;
  passes: number;
  signalsReceived: number;
  retryCount: number;
  /** The Advoware account this record was last seen linked to; names it in a delete Task. */
  known: KnownBankverbindung | null;
}

export const bankverbindungStatusQuery = defineQuery<BankverbindungStatus>('status');

export function bankverbindungWorkflowId(espoId: string): string {
  return `bankverbindung:${espoId}`;
}

export function bankverbindungStartOptions(espoId: string, taskQueue: string, debounceMs: number) {
  return { workflowId: bankverbindungWorkflowId(espoId), taskQueue, args: [{ espoId, debounceMs }] as [BankverbindungSyncInput] };
}
