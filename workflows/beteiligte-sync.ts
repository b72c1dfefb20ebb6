import {
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { createBeteiligteActivities } from '../activities/beteiligte';
import {
  beteiligteStatusQuery,
  forceResyncSignal,
  syncRequestedSignal,
  type BeteiligteStatus,
  type BeteiligteSyncInput,
} from './messages';
import { BetNr, EspoId, SyncKind, SyncOutcome } from './search-attributes';
import { taskQueuesFor } from './task-queues';

type Activities = ReturnType<typeof createBeteiligteActivities>;

/** Errors that retrying the same call cannot fix; the durable backoff below handles the rest. */
const NON_RETRYABLE = ['AdvowareAuthError', 'AdvowareValidationError', 'EspoCrmAuthError', 'EspoCrmValidationError', 'EspoCrmForbiddenError'];

/** Pass activities call Advoware, so they run on its rate-limited queue. Created per run: queue names derive from ours. */
function passActivities() {
  return proxyActivities<Activities>({
    taskQueue: taskQueuesFor(workflowInfo().taskQueue).advoware,
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 3, nonRetryableErrorTypes: NON_RETRYABLE },
  });
}

/** Default passes per run before continuing as new; keeps histories small and replay fast. */
const MAX_PASSES_PER_RUN = 50;

/** Wait before retrying when even writing the failure to EspoCRM failed. */
const UNRECORDED_FAILURE_DELAY_MS = 60_000;

/**
 * One workflow per EspoCRM record (`beteiligte:{espoId}`): the id is the lock that keeps two
 * syncs of one record apart. Signals only mark work as pending; the loop debounces bursts,
 * runs passes until no signal arrived during a pass, and waits out failures on a durable timer
 * with the [1, 5, 15, 60, 240]-minute schedule computed by recordFailure. Decisions live in
 * domain/ (called by the activities); this function is plumbing.
 */
export async function beteiligteSync(input: BeteiligteSyncInput): Promise<BeteiligteStatus> {
  const { syncPass, recordFailure, recordEspoDelete } = passActivities();
  const status: BeteiligteStatus = input.carried ?? {
    espoId: input.espoId,
    betNr: null,
    phase: 'waiting',
    lastOutcome: null,
    lastError: null,
    passes: 0,
    signalsReceived: 0,
    lastWrites: null,
    retryCount: 0,
    nextRetryAt: null,
  };
  // Every run has work: a fresh one was started with a signal, a continued one had work pending.
  let pending = true;
  let deleteRequested = false;
  let signalSeq = 0;

  setHandler(syncRequestedSignal, (request) => {
    status.signalsReceived += 1;
    signalSeq += 1;
    pending = true;
    if (request.action === 'delete') deleteRequested = true;
  });
  // An operator's forced resync starts the backoff schedule afresh (also for permanently_failed).
  let forced = false;
  setHandler(forceResyncSignal, () => {
    status.signalsReceived += 1;
    signalSeq += 1;
    pending = true;
    forced = true;
    status.retryCount = 0;
  });
  setHandler(beteiligteStatusQuery, () => status);
  upsertSearchAttributes([
    { key: SyncKind, value: 'beteiligte' },
    { key: EspoId, value: input.espoId },
  ]);

  const maxPassesPerRun = input.maxPassesPerRun ?? MAX_PASSES_PER_RUN;
  let passesThisRun = 0;
  while (pending) {
    status.phase = 'debouncing';
    // Debounce: wait until a whole window passes without a new signal.
    let seenSeq: number;
    do {
      seenSeq = signalSeq;
      await sleep(input.debounceMs);
    } while (signalSeq !== seenSeq);
    pending = false;
    status.phase = 'syncing';

    if (deleteRequested) {
      deleteRequested = false;
      const outcome = await recordEspoDelete(input.espoId, status.betNr);
      setOutcome(status, outcome, null);
      continue;
    }

    const wasForced = forced;
    forced = false;
    try {
      const result = await syncPass(input.espoId);
      status.passes += 1;
      status.betNr = result.betNr;
      status.lastWrites = result.writes;
      status.retryCount = 0;
      status.nextRetryAt = null;
      setOutcome(status, result.outcome, null);
      if (result.betNr !== null) upsertSearchAttributes([{ key: BetNr, value: String(result.betNr) }]);
    } catch (err) {
      status.passes += 1;
      const message = errorMessage(err);
      // If EspoCRM cannot even take the failure record, keep the run alive and try again later.
      const failure = await recordFailure(input.espoId, message, wasForced).catch(() => ({
        status: 'failed' as const,
        retryCount: status.retryCount + 1,
        delayMs: UNRECORDED_FAILURE_DELAY_MS,
        nextRetryAt: null,
      }));
      status.retryCount = failure.retryCount;
      status.nextRetryAt = failure.nextRetryAt;
      setOutcome(status, failure.status, message);
      if (failure.status === 'failed') {
        status.phase = 'backing_off';
        // A new signal (webhook, CLI) retries at once; otherwise the timer does.
        await condition(() => pending, failure.delayMs);
        pending = true;
      }
    }

    passesThisRun += 1;
    if (pending && (passesThisRun >= maxPassesPerRun || workflowInfo().continueAsNewSuggested)) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof beteiligteSync>({ ...input, carried: { ...status, phase: 'waiting' } });
    }
  }
  status.phase = 'done';
  return status;
}

function setOutcome(status: BeteiligteStatus, outcome: BeteiligteStatus['lastOutcome'], error: string | null): void {
  status.lastOutcome = outcome;
  status.lastError = error;
  if (outcome) upsertSearchAttributes([{ key: SyncOutcome, value: outcome }]);
}

function errorMessage(err: unknown): string {
  if (err instanceof ApplicationFailure) return `${err.type ?? 'Error'}: ${err.message}`;
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}
