import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface HistoryCount {
  events: number;
  /** Event type name (e.g. ACTIVITY_TASK_SCHEDULED) → count. */
  byType: Record<string, number>;
}

/** Counts the history events of one run (the latest run when runId is omitted). */
export async function countHistory(client: Client, workflowId: string, runId?: string): Promise<HistoryCount> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const byType: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = (temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '');
    byType[name] = (byType[name] ?? 0) + 1;
  }
  return { events: history.events?.length ?? 0, byType };
}

/** Wall-clock milestones (epoch ms) of a Beteiligte run with one pass, read from its history. */
export interface PassMilestones {
  started: number;
  debounceStarted?: number;
  debounceFired?: number;
  passScheduled?: number;
  passCompleted?: number;
}

const epochMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6) : NaN;

export async function passMilestones(client: Client, workflowId: string, runId?: string): Promise<PassMilestones> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const E = temporal.api.enums.v1.EventType;
  const events = history.events ?? [];
  const milestones: PassMilestones = { started: epochMs(events[0]?.eventTime) };
  for (const event of events) {
    const at = epochMs(event.eventTime);
    if (event.eventType === E.EVENT_TYPE_TIMER_STARTED && milestones.passScheduled === undefined) milestones.debounceStarted ??= at;
    if (event.eventType === E.EVENT_TYPE_TIMER_FIRED && milestones.passScheduled === undefined) milestones.debounceFired = at;
    if (event.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) milestones.passScheduled ??= at;
    if (event.eventType === E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) milestones.passCompleted ??= at;
  }
  return milestones;
}

/** First activity scheduled → last activity completed in a run: the time its passes spent working. */
export async function activitySpanMs(client: Client, workflowId: string, afterEventId = 0): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const E = temporal.api.enums.v1.EventType;
  let first = NaN;
  let last = NaN;
  for (const event of history.events ?? []) {
    if (Number(event.eventId) <= afterEventId) continue;
    const at = epochMs(event.eventTime);
    if (event.eventType === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && Number.isNaN(first)) first = at;
    if (event.eventType === E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) last = at;
  }
  return last - first;
}
