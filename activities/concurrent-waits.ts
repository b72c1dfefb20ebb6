import { setMaxListeners } from 'node:events';
import type { Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';

/**
 * One activity waits on many things at once by design — paced Google calls (`Context.sleep`),
 * parallel HTTP requests — and each wait listens to the activity's cancellation signal. Past 10
 * listeners Node prints "MaxListenersExceededWarning: Possible EventTarget memory leak" into the
 * worker log, which reads like a leak to an operator; the listeners go away with each wait.
 */
export const MAX_CONCURRENT_WAITS = 1000;

/** For `interceptors.activity` of every worker: raises the limit on each activity's signal. */
export const concurrentWaits = (ctx: Pick<Context, 'cancellationSignal'>): ActivityInterceptors => {
  setMaxListeners(MAX_CONCURRENT_WAITS, ctx.cancellationSignal);
  return {};
};
