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

/** A request's abort signal and the way to let go of it once the answer is read. */
export interface RequestDeadline {
  signal: AbortSignal;
  /** Stops the timer and detaches from the activity's cancellation; call when the request is done. */
  release(): void;
}

/**
 * Aborts after `timeoutMs` (a `TimeoutError`, as `AbortSignal.timeout` would) or when the
 * activity is cancelled. Not `AbortSignal.timeout` + `AbortSignal.any`: their timer and the
 * combined signal stay alive until the timeout passes even when the answer came in a few
 * milliseconds — measured ~300 B of heap per request still held after full GCs, for 30 s.
 */
export function requestDeadline(timeoutMs: number, extra?: AbortSignal): RequestDeadline {
  const controller = new AbortController();
  const cancellation = extra ?? activityCancellationSignal();
  const onCancel = () => controller.abort(cancellation?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
  // Like AbortSignal.timeout: a pending deadline alone does not keep the process alive.
  timer.unref();
  if (cancellation?.aborted) onCancel();
  else cancellation?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      cancellation?.removeEventListener('abort', onCancel);
    },
  };
}
