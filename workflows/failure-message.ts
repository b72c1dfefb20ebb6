import { ApplicationFailure } from '@temporalio/workflow';

/** The text a workflow records for a failed activity: the ApplicationFailure's type and message, also when wrapped. */
export function failureMessage(err: unknown): string {
  if (err instanceof ApplicationFailure) return `${err.type ?? 'Error'}: ${err.message}`;
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
    return err.message;
  }
  return String(err);
}
