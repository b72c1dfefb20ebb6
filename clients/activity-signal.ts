import { Context } from '@temporalio/activity';

/**
 * The running activity's cancellation signal, or undefined outside an activity (API, CLI).
 * HTTP clients pass it to every request, so a cancelled activity — also at worker shutdown
 * once `WORKER_SHUTDOWN_GRACE` has passed — stops waiting on Advoware or EspoCRM at once.
 */
export function activityCancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

/** The timeout signal, combined with the activity's cancellation when there is one. */
export function requestSignal(timeoutMs: number, extra?: AbortSignal): AbortSignal {
  const signals = [AbortSignal.timeout(timeoutMs), extra ?? activityCancellationSignal()].filter((s): s is AbortSignal => s !== undefined);
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}
