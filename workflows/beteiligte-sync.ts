import { continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createBeteiligteActivities } from '../activities/beteiligte';
import { beteiligteStatusQuery, type BeteiligteStatus, type BeteiligteSyncInput } from './messages';
import { BeteiligteSyncState, type RecordedFailure } from './beteiligte-state';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { BetNr, EspoId, SyncKind, SyncOutcome } from './search-attributes';
import { failureMessage } from './failure-message';
import { taskQueuesFor } from './task-queues';

type Activities = ReturnType<typeof createBeteiligteActivities>;

/**
 * Pass activities call Advoware, so they run on its rate-limited queue. Created per run: queue
 * names derive from ours. Errors that retrying cannot fix arrive non-retryable
 * (activities/failures.ts); the durable backoff below handles them.
 */
function passActivities() {
  const options = {
    taskQueue: taskQueuesFor(workflowInfo().taskQueue).advoware,
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '20 seconds', maximumAttempts: 3 },
  } as const;
  // One proxy per activity so each carries its own summary in the Web UI.
  const withSummary = (summary: string) => proxyActivities<Activities>({ ...options, summary });
  return {
    syncPass: withSummary('Sync pass: compare EspoCRM and Advoware, write the differences').syncPass,
    recordFailure: withSummary('Record the failure in EspoCRM and schedule the retry').recordFailure,
    recordEspoDelete: withSummary('Handle the record deleted in EspoCRM').recordEspoDelete,
  };
}

/** Default passes per run before continuing as new; keeps histories small and replay fast. */
const MAX_PASSES_PER_RUN = 50;

/** Wait before retrying when even writing the failure to EspoCRM failed. */
const UNRECORDED_FAILURE_DELAY_MS = 60_000;

/**
 * One workflow per EspoCRM record (`beteiligte:{espoId}`): the id is the lock that keeps two
 * syncs of one record apart. Leading edge: the request that starts a run starts a pass at once;
 * requests that arrive during a pass only mark work as pending, so any number of them coalesce
 * into exactly one follow-up pass. A trailing debounce (`debounceMs` > 0) is an option. Failures
 * wait on a durable timer with the [1, 5, 15, 60, 240]-minute schedule computed by recordFailure.
 * Decisions live in domain/ (called by the activities); this function is plumbing.
 *
 * Runs started without `loop: 2` (before leading edge) keep their original command sequence —
 * search attributes upserted at start, a debounce timer before every pass, one upsert per
 * attribute — so their histories replay and open runs finish the way they began. The version
 * is read from the input rather than `patched()`: a patch marker would cost an event per run.
 */
export async function beteiligteSync(input: BeteiligteSyncInput): Promise<BeteiligteStatus> {
  const { syncPass, recordFailure, recordEspoDelete } = passActivities();
  const legacy = input.loop === undefined;
  const state = new BeteiligteSyncState(input);
  const { status, requests } = state;
  requests.listen();
  setHandler(beteiligteStatusQuery, () => status);
  const attributes = searchAttributePublisher(legacy, input.espoId);

  const maxPassesPerRun = input.maxPassesPerRun ?? MAX_PASSES_PER_RUN;
  while (requests.pending) {
    if (legacy || input.debounceMs > 0) {
      state.phase('debouncing');
      await requests.settle(input.debounceMs);
    }
    requests.begin();
    state.phase('syncing');

    if (requests.takeDelete()) {
      state.deleteRecorded(await recordEspoDelete(input.espoId, status.betNr));
      attributes.publish(status, false);
      continue;
    }

    const forced = requests.takeForced();
    try {
      const result = await syncPass(input.espoId);
      state.passSucceeded(result);
      attributes.publish(status, result.betNr !== null);
    } catch (err) {
      state.passFailed();
      const message = failureMessage(err);
      // If EspoCRM cannot even take the failure record, keep the run alive and try again later.
      const failure = await recordFailure(input.espoId, message, forced).catch(
        (): RecordedFailure => ({ status: 'failed', retryCount: status.retryCount + 1, delayMs: UNRECORDED_FAILURE_DELAY_MS, nextRetryAt: null }),
      );
      state.failureRecorded(failure, message);
      attributes.publish(status, false);
      if (failure.status === 'failed') {
        state.phase('backing_off');
        // A new signal (webhook, CLI) retries at once; otherwise the timer does.
        await requests.backOff(failure.delayMs);
      }
    }

    if (await requests.passDone(maxPassesPerRun)) {
      // The next run uses today's loop; work requested but not yet done travels in its input.
      const { request: _request, force: _force, ...rest } = input;
      return continueAsNew<typeof beteiligteSync>({ ...rest, loop: 2, ...state.carried() });
    }
  }
  state.phase('done');
  return status;
}

/**
 * Keeps `BetNr` and `SyncOutcome` current. Today's loop expects `SyncKind`/`EspoId` from the
 * starter and writes only what changed, in one upsert per pass; the legacy loop upserted them at
 * start and each attribute after every pass (its order is kept for replay).
 */
function searchAttributePublisher(legacy: boolean, espoId: string) {
  const given = workflowInfo().typedSearchAttributes;
  if (legacy || given.get(SyncKind) === undefined) {
    upsertSearchAttributes([
      { key: SyncKind, value: 'beteiligte' },
      { key: EspoId, value: espoId },
    ]);
  }
  const shown = { betNr: given.get(BetNr), outcome: given.get(SyncOutcome) };
  return {
    publish(status: BeteiligteStatus, passLinked: boolean): void {
      if (legacy) {
        if (status.lastOutcome) upsertSearchAttributes([{ key: SyncOutcome, value: status.lastOutcome }]);
        if (passLinked) upsertSearchAttributes([{ key: BetNr, value: String(status.betNr) }]);
        return;
      }
      const changes: SearchAttributeUpdatePair[] = [];
      if (status.lastOutcome && status.lastOutcome !== shown.outcome) {
        changes.push({ key: SyncOutcome, value: status.lastOutcome });
        shown.outcome = status.lastOutcome;
      }
      if (passLinked && String(status.betNr) !== shown.betNr) {
        changes.push({ key: BetNr, value: String(status.betNr) });
        shown.betNr = String(status.betNr);
      }
      if (changes.length > 0) upsertSearchAttributes(changes);
    },
  };
}

