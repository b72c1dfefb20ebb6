import { allHandlersFinished, condition, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import { forceResyncSignal, syncRequestedSignal, type SyncRequest } from './messages';

/** The part of a per-record status these requests keep up to date. */
interface RequestCounters {
  signalsReceived: number;
  retryCount: number;
}

/**
 * What the signal handlers of a per-record sync workflow (`beteiligte:{id}`, `bankverbindung:{id}`)
 * record, and what its loop asks before and after a pass (the pattern of Temporal's
 * safe-message-handlers sample: handlers only call methods here, the loop reads as plumbing).
 * Requests that arrive during a pass only mark work as pending, so any number of them coalesce
 * into one follow-up pass. Deterministic: it only uses workflow APIs.
 */
export class SyncRequests {
  /** Work to do. Every run starts with some: a fresh run was started by a request, a continued one had work pending. */
  pending = true;
  deleteRequested: boolean;
  /** A forced resync (operator) is waiting for the next pass. */
  forced: boolean;
  private seq = 0;
  private passesThisRun = 0;

  constructor(
    private readonly counters: RequestCounters,
    initial: { deleteRequested?: boolean; forced?: boolean } = {},
  ) {
    this.deleteRequested = initial.deleteRequested === true;
    this.forced = initial.forced === true;
  }

  /** Registers the `syncRequested` and `forceResync` handlers. */
  listen(): this {
    setHandler(syncRequestedSignal, (request) => this.request(request));
    setHandler(forceResyncSignal, () => this.force());
    return this;
  }

  request(request: SyncRequest): void {
    this.counters.signalsReceived += 1;
    this.seq += 1;
    this.pending = true;
    if (request.action === 'delete') this.deleteRequested = true;
  }

  /** An operator's forced resync starts the backoff schedule afresh (also for permanently_failed). */
  force(): void {
    this.counters.signalsReceived += 1;
    this.seq += 1;
    this.pending = true;
    this.forced = true;
    this.counters.retryCount = 0;
  }

  /** Trailing debounce: returns once a whole window passed without a new request. */
  async settle(windowMs: number): Promise<void> {
    let seen: number;
    do {
      seen = this.seq;
      await sleep(windowMs);
    } while (this.seq !== seen);
  }

  /** A pass starts: the pending work is taken (requests from now on ask for another pass). */
  begin(): void {
    this.pending = false;
  }

  /** True once per delete request: the pass handles the delete. */
  takeDelete(): boolean {
    const requested = this.deleteRequested;
    this.deleteRequested = false;
    return requested;
  }

  /** Whether the coming pass is forced; the flag is consumed. */
  takeForced(): boolean {
    const forced = this.forced;
    this.forced = false;
    return forced;
  }

  /** Waits `delayMs` on a durable timer, cut short by a new request (webhook, CLI); then there is work again. */
  async backOff(delayMs: number): Promise<void> {
    await condition(() => this.pending, delayMs);
    this.pending = true;
  }

  /**
   * Counts a finished pass; true when work is pending and the run should continue as new (after
   * `maxPasses` passes or when Temporal suggests it). Waits for running handlers first.
   */
  async passDone(maxPasses: number): Promise<boolean> {
    this.passesThisRun += 1;
    if (!this.pending || (this.passesThisRun < maxPasses && !workflowInfo().continueAsNewSuggested)) return false;
    await condition(allHandlersFinished);
    return true;
  }
}
