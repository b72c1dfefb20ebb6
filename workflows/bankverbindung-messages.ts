import { defineQuery } from '@temporalio/workflow';
import type { KnownBankverbindung } from '../domain/bankverbindungen/types';
import type { ShadowSummary } from '../domain/shadow';

/**
 * Message contracts of the bank-account workflow (`bankverbindung:{espoId}`). It reuses the
 * Beteiligte signals (`syncRequested`, `forceResync`) so webhook, sweep and CLI start it the same way.
 */

export type BankOutcome =
  | 'clean'
  | 'no_change'
  | 'unclean'
  | 'failed'
  | 'not_found'
  | 'waiting_for_party'
  | 'deleted_in_espocrm'
  /** BETEILIGTE_MODE=shadow: planned, nothing written (see status.shadow). */
  | 'shadow'
  /** BETEILIGTE_MODE=off: the pass did nothing. */
  | 'off';

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
  /** Shadow mode: what a live pass would have ended with, and the writes it would have made. */
  plannedOutcome?: BankOutcome;
  shadow?: ShadowSummary;
}

/** What `recordBankDelete` returns: the outcome (live), or in shadow mode `shadow` with the Task it would have created. */
export type BankDeleteResult = BankOutcome | { outcome: BankOutcome; plannedOutcome: BankOutcome; shadow: ShadowSummary };

export const bankverbindungStatusQuery = defineQuery<BankverbindungStatus>('status');

export function bankverbindungWorkflowId(espoId: string): string {
  return `bankverbindung:${espoId}`;
}

export function bankverbindungStartOptions(espoId: string, taskQueue: string, debounceMs: number) {
  return { workflowId: bankverbindungWorkflowId(espoId), taskQueue, args: [{ espoId, debounceMs }] as [BankverbindungSyncInput] };
}
