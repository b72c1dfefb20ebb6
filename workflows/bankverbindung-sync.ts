import { continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createBankverbindungActivities } from '../activities/bankverbindungen';
import { backoffDelayMs, MAX_RETRIES } from '../domain/beteiligte/backoff';
import { bankverbindungStatusQuery, type BankOutcome, type BankverbindungStatus, type BankverbindungSyncInput } from './bankverbindung-messages';
import { SyncRequests } from './sync-requests';
import { BetNr, EspoId, SyncKind, SyncOutcome } from './search-attributes';
import { failureMessage } from './failure-message';
import { taskQueuesFor } from './task-queues';

type Activities = ReturnType<typeof createBankverbindungActivities>;

function activities() {
  return proxyActivities<Activities>({
    taskQueue: taskQueuesFor(workflowInfo().taskQueue).advoware,
    startToCloseTimeout: '2 minutes',
    // Which errors are final is decided by the worker's error interceptor (clients/errors.ts contract).
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 3 },
  });
}

const MAX_PASSES_PER_RUN = 50;
/** The party is being linked (its own workflow creates it in Advoware): short waits first. */
const PARTY_WAIT_MS = [5_000, 30_000, 60_000, 300_000, 900_000];

/**
 * One workflow per EspoCRM bank account (`bankverbindung:{espoId}`), EspoCRM → Advoware only.
 * It writes only the party's Bankverbindungen collection, never the party record, so it does
 * not need the party's lock; when the party is not linked yet it asks the party's workflow to
 * sync and waits. Decisions live in domain/bankverbindungen; this function is plumbing.
 */
export async function bankverbindungSync(input: BankverbindungSyncInput): Promise<BankverbindungStatus> {
  const { bankPass, recordBankDelete, recordBankFailure } = activities();
  const status: BankverbindungStatus = input.carried ?? {
    espoId: input.espoId,
    phase: 'waiting',
    lastOutcome: null,
    lastError: null,
    passes: 0,
    signalsReceived: 0,
    retryCount: 0,
    known: null,
  };
  const requests = new SyncRequests(status).listen();
  setHandler(bankverbindungStatusQuery, () => status);
  upsertSearchAttributes([
    { key: SyncKind, value: 'bankverbindung' },
    { key: EspoId, value: input.espoId },
  ]);

  const maxPassesPerRun = input.maxPassesPerRun ?? MAX_PASSES_PER_RUN;
  while (requests.pending) {
    status.phase = 'debouncing';
    await requests.settle(input.debounceMs);
    requests.begin();
    status.phase = 'syncing';

    if (requests.takeDelete()) {
      const deleted = await recordBankDelete(input.espoId, status.known);
      // Shadow mode answers with the Task it would have created (older results are plain outcomes).
      keepShadow(status, typeof deleted === 'string' ? {} : deleted);
      setOutcome(status, typeof deleted === 'string' ? deleted : deleted.outcome, null);
      continue;
    }

    let waitMs = 0;
    try {
      const result = await bankPass(input.espoId);
      status.passes += 1;
      if (result.known) {
        status.known = result.known;
        upsertSearchAttributes([{ key: BetNr, value: String(result.known.betNr) }]);
      }
      keepShadow(status, result);
      setOutcome(status, result.outcome, result.message);
      if (result.outcome === 'waiting_for_party') {
        waitMs = PARTY_WAIT_MS[status.retryCount] ?? 0;
        status.retryCount += 1;
        if (waitMs === 0) {
          const failure = await recordBankFailure(input.espoId, 'Der Beteiligte ist nicht mit Advoware verknüpft; die Bankverbindung kann nicht angelegt werden.');
          setOutcome(status, failure, result.message);
        }
      } else {
        status.retryCount = 0;
      }
    } catch (err) {
      status.passes += 1;
      status.retryCount += 1;
      const message = failureMessage(err);
      setOutcome(status, 'failed', message);
      await recordBankFailure(input.espoId, message).catch(() => 'failed' as const);
      // Same schedule as the parties (1, 5, 15, 60, 240 min); after that the sweep takes over.
      waitMs = status.retryCount <= MAX_RETRIES ? backoffDelayMs(status.retryCount) : 0;
    }
    if (waitMs > 0) {
      status.phase = 'backing_off';
      await requests.backOff(waitMs);
    }

    if (await requests.passDone(maxPassesPerRun)) {
      return continueAsNew<typeof bankverbindungSync>({ ...input, carried: { ...status, phase: 'waiting' } });
    }
  }
  status.phase = 'done';
  return status;
}

function setOutcome(status: BankverbindungStatus, outcome: BankOutcome, error: string | null): void {
  status.lastOutcome = outcome;
  status.lastError = error;
  upsertSearchAttributes([{ key: SyncOutcome, value: outcome }]);
}

/** Shadow mode: the latest pass's planned writes stay where the status query and `report shadow` see them. */
function keepShadow(status: BankverbindungStatus, result: Pick<BankverbindungStatus, 'shadow' | 'plannedOutcome'>): void {
  if (result.shadow) Object.assign(status, { shadow: result.shadow, plannedOutcome: result.plannedOutcome });
  else {
    delete status.shadow;
    delete status.plannedOutcome;
  }
}
