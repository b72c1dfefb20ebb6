import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

export interface TimerFacts {
  timerId: string;
  durationMs: number;
  fired: boolean;
  canceled: boolean;
}

function toMs(duration: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined): number {
  const seconds = duration?.seconds;
  const whole = seconds == null ? 0 : typeof seconds === 'number' ? seconds : seconds.toNumber();
  return whole * 1000 + Math.round((duration?.nanos ?? 0) / 1e6);
}

/** Timers the workflow started, as the server recorded them: proves a wait was a durable timer. */
export function timersIn(history: History): TimerFacts[] {
  const timers = new Map<string, TimerFacts>();
  for (const event of history.events ?? []) {
    const started = event.timerStartedEventAttributes;
    if (started?.timerId) timers.set(started.timerId, { timerId: started.timerId, durationMs: toMs(started.startToFireTimeout), fired: false, canceled: false });
    const fired = event.timerFiredEventAttributes;
    if (fired?.timerId) timers.get(fired.timerId)!.fired = true;
    const canceled = event.timerCanceledEventAttributes;
    if (canceled?.timerId) timers.get(canceled.timerId)!.canceled = true;
  }
  return [...timers.values()];
}

/** The run a continued-as-new history handed over to, if any. */
export function continuedAsNewRunId(history: History): string | undefined {
  for (const event of history.events ?? []) {
    const next = event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    if (next) return next;
  }
  return undefined;
}
