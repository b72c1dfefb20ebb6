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
