import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors, ActivityExecuteInput, Next } from '@temporalio/worker';
import { isClassifiedError } from '../clients/errors';

/**
 * The one place where a client error becomes a Temporal failure: type = the error's class name,
 * nonRetryable = !error.retryable, nextRetryDelay = what the upstream asked for. Anything else
 * (already an ApplicationFailure, a bug, a cancellation) passes through unchanged and keeps
 * Temporal's default: retried by the activity's policy.
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure || !isClassifiedError(error)) return error;
  return ApplicationFailure.create({
    type: error.name,
    message: error.message,
    nonRetryable: !error.retryable,
    nextRetryDelay: error.retryable && error.retryAfterMs !== undefined ? error.retryAfterMs : undefined,
  });
}

class ClassifiedFailureInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw toActivityFailure(error);
    }
  }
}

/** For `interceptors.activity` of every worker. */
export const classifiedFailures = (): ActivityInterceptors => ({ inbound: new ClassifiedFailureInterceptor() });
