import type { EspoDeleteResult, PassResult } from '../activities/beteiligte';
import type { BeteiligteStatus, BeteiligteSyncInput } from './messages';
import { beteiligteDetails, showDetails } from './run-details';
import { SyncRequests } from './sync-requests';

/** What recordFailure answers (or the workflow assumes when even that failed). */
export interface RecordedFailure {
  status: 'failed' | 'permanently_failed';
  retryCount: number;
  delayMs: number;
  nextRetryAt: string | null;
}

/**
 * The state of one `beteiligteSync` run: the status the `status` query returns (and the Web UI
 * shows) and the requests the signal handlers record. The workflow loop only calls methods here.
 */
export class BeteiligteSyncState {
  readonly status: BeteiligteStatus;
  readonly requests: SyncRequests;

  constructor(input: BeteiligteSyncInput) {
    this.status = input.carried ?? {
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
    // A v2 starter hands the first request over in the input instead of a signal (one event less).
    this.requests = new SyncRequests(this.status, { deleteRequested: input.request?.action === 'delete', forced: input.force === true });
    if (input.request || input.force) this.status.signalsReceived += 1;
    if (input.force) this.status.retryCount = 0;
  }

  phase(phase: BeteiligteStatus['phase']): void {
    this.status.phase = phase;
    showDetails(beteiligteDetails(this.status));
  }

  outcome(outcome: BeteiligteStatus['lastOutcome'], error: string | null): void {
    this.status.lastOutcome = outcome;
    this.status.lastError = error;
    showDetails(beteiligteDetails(this.status));
  }

  passSucceeded(result: PassResult): void {
    const status = this.status;
    status.passes += 1;
    status.betNr = result.betNr;
    status.lastWrites = result.writes;
    // Older activity results (before the field existed) leave it unset.
    if (result.baseSource) status.lastBaseSource = result.baseSource;
    if (result.baseSource === 'derived_legacy') status.legacyBasePasses = (status.legacyBasePasses ?? 0) + 1;
    // Shadow mode: keep what the pass would have written where the status query and the report see it.
    if (result.shadow) Object.assign(status, { shadow: result.shadow, plannedOutcome: result.plannedOutcome });
    else if (status.shadow) {
      delete status.shadow;
      delete status.plannedOutcome;
    }
    status.retryCount = 0;
    status.nextRetryAt = null;
    this.outcome(result.outcome, null);
  }

  /** The record was deleted in EspoCRM. Shadow mode answers with the Task it would have created (older results are plain outcomes). */
  deleteRecorded(result: EspoDeleteResult): void {
    if (typeof result === 'string') return this.outcome(result, null);
    Object.assign(this.status, { shadow: result.shadow, plannedOutcome: result.plannedOutcome });
    this.outcome(result.outcome, null);
  }

  /** A pass threw; counted before the failure is recorded in EspoCRM. */
  passFailed(): void {
    this.status.passes += 1;
  }

  failureRecorded(failure: RecordedFailure, message: string): void {
    this.status.retryCount = failure.retryCount;
    this.status.nextRetryAt = failure.nextRetryAt;
    this.outcome(failure.status, message);
  }

  /** What the next run takes over at continue-as-new: the status and any delete or forced resync not yet done. */
  carried(): Pick<BeteiligteSyncInput, 'request' | 'force' | 'carried'> {
    return {
      ...(this.requests.deleteRequested ? { request: { action: 'delete', source: 'webhook' } } : {}),
      ...(this.requests.forced ? { force: true } : {}),
      carried: { ...this.status, phase: 'waiting' },
    };
  }
}
