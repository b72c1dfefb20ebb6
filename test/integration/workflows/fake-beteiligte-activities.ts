import type { createBeteiligteActivities, EspoDeleteResult, PassResult } from '../../../activities/beteiligte';
import type { createSweepActivities, SweepResult } from '../../../activities/sweep';
import type { createBankSweepActivities } from '../../../activities/bankverbindungen-sweep';
import type { createBankverbindungActivities } from '../../../activities/bankverbindungen';
import type { createDiagnosticsActivities } from '../../../activities/diagnostics';
import type { createAdresseRoutingActivities } from '../../../activities/adressen-webhook';
import type { createWebhookIntakeActivities } from '../../../activities/webhook-intake';

type BeteiligteActivities = ReturnType<typeof createBeteiligteActivities>;
type SweepActivities = ReturnType<typeof createSweepActivities> & ReturnType<typeof createBankSweepActivities>;
type FailureResult = Awaited<ReturnType<BeteiligteActivities['recordFailure']>>;

/** How the fake answers for one record; `call` counts from 1 per activity. */
export interface RecordScript {
  syncPass?: (call: number) => Promise<PassResult> | PassResult;
  recordFailure?: (call: number, message: string) => FailureResult;
  recordEspoDelete?: (call: number) => EspoDeleteResult;
}

export interface RecordCalls {
  syncPass: number;
  recordFailure: string[];
  recordEspoDelete: number;
}

export function cleanPass(betNr: number | null = 4711): PassResult {
  return { outcome: 'clean', betNr, writes: { advoware: 1, espocrm: 1 }, conflicts: 0 };
}

export function failedFor(delayMs: number, retryCount = 1): FailureResult {
  return { status: 'failed', retryCount, delayMs, nextRetryAt: '2030-01-01 00:00:00' };
}

/**
 * Test doubles for the pass activities. They run in the test process (the worker is in-process),
 * so tests script answers per EspoCRM id and read the calls back without any external system.
 */
export class FakeBeteiligteActivities {
  private readonly scripts = new Map<string, RecordScript>();
  private readonly recorded = new Map<string, RecordCalls>();

  script(espoId: string, script: RecordScript): void {
    this.scripts.set(espoId, script);
  }

  calls(espoId: string): RecordCalls {
    let calls = this.recorded.get(espoId);
    if (!calls) {
      calls = { syncPass: 0, recordFailure: [], recordEspoDelete: 0 };
      this.recorded.set(espoId, calls);
    }
    return calls;
  }

  activities(): BeteiligteActivities {
    return {
      syncPass: async (espoId) => {
        const calls = this.calls(espoId);
        calls.syncPass += 1;
        const script = this.scripts.get(espoId)?.syncPass;
        return script ? script(calls.syncPass) : cleanPass();
      },
      recordFailure: async (espoId, message) => {
        const calls = this.calls(espoId);
        calls.recordFailure.push(message);
        const script = this.scripts.get(espoId)?.recordFailure;
        return script ? script(calls.recordFailure.length, message) : failedFor(1000);
      },
      recordEspoDelete: async (espoId) => {
        const calls = this.calls(espoId);
        calls.recordEspoDelete += 1;
        const script = this.scripts.get(espoId)?.recordEspoDelete;
        return script ? script(calls.recordEspoDelete) : 'deleted_in_espocrm';
      },
    };
  }
}

/** Sweep activities with canned answers, plus `echo` so ping runs on the same worker, plus the CAdressen routing (to party1). */
export function fakeMainActivities(answers: { reset: number; due: Omit<SweepResult, 'resetPermanentlyFailed'> }): SweepActivities &
  ReturnType<typeof createDiagnosticsActivities> &
  ReturnType<typeof createAdresseRoutingActivities> &
  ReturnType<typeof createWebhookIntakeActivities> {
  return {
    resetExpiredPermanentFailures: async () => answers.reset,
    signalDueRecords: async () => answers.due,
    signalDueBankverbindungen: async () => ({ examined: 1, signalled: 1 }),
    echo: async (message) => ({ message, worker: 'test-worker' }),
    routeAdresseToParty: async () => ({ outcome: 'routed', parties: ['party1'] }),
    handOverWebhookBatch: async (input) => ({ handedOver: input.ids.length, resumedFrom: 0 }),
  };
}

/** Bank-account activities with fixed answers: a clean create pass, a recorded delete. */
export function fakeBankActivities(): ReturnType<typeof createBankverbindungActivities> {
  return {
    bankPass: async () => ({ outcome: 'clean', message: null, known: { partyEspoId: 'party1', betNr: 100001, kontoId: 7001, iban: 'DE89370400440532013000', name: 'Konto' }, writes: { advoware: 1, espocrm: 1 } }),
    recordBankFailure: async () => 'failed',
    recordBankDelete: async () => 'deleted_in_espocrm',
  };
}

/** A promise the test resolves by hand, to hold an activity mid-pass. */
export class Gate {
  readonly opened: Promise<void>;
  private release!: () => void;
  constructor() {
    this.opened = new Promise((resolve) => (this.release = resolve));
  }
  open(): void {
    this.release();
  }
}

export { waitFor } from '../../support/wait';
