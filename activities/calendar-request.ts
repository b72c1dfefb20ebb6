import { ApplicationFailure, Context, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { requestCalendarPass, type CalendarPassResult } from '../clients/temporal/calendar-pass';

export interface CalendarRequestDeps {
  temporal?: Client;
  taskQueue?: string;
  /** CALENDAR_SYNC_WAIT_TIMEOUT: how long one employee's answer is waited for. */
  waitTimeoutMs: number;
}

export interface SyncEmployeeInput {
  kuerzel: string;
  fullContent?: boolean;
  requestId: string;
  /** Overrides the configured wait (the CLI's --timeout). */
  waitMs?: number;
}

/** Heartbeats while waiting: the answer may take as long as the employee's pass. */
const HEARTBEAT_EVERY_MS = 10_000;

/** `calendarSyncAll`'s per-employee step: one Update-with-start, answered when that employee's pass ends. */
export const createCalendarRequestActivities = (deps: CalendarRequestDeps) => ({
  async syncEmployeeAndWait(input: SyncEmployeeInput): Promise<Omit<CalendarPassResult, 'requestId'>> {
    if (!deps.temporal || !deps.taskQueue) throw ApplicationFailure.nonRetryable('temporal client not wired', 'Misconfigured');
    const beat = setInterval(() => heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      const { requestId: _answered, ...answer } = await requestCalendarPass(deps.temporal, {
        kuerzel: input.kuerzel,
        taskQueue: deps.taskQueue,
        requestId: input.requestId,
        fullContent: input.fullContent,
        timeoutMs: input.waitMs ?? deps.waitTimeoutMs,
        signal: Context.current().cancellationSignal,
      });
      return answer;
    } finally {
      clearInterval(beat);
    }
  },
});
