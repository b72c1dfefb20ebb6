import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createDiagnosticsActivities } from '../activities/diagnostics';
import { SyncKind, SyncOutcome } from './search-attributes';

const { echo } = proxyActivities<ReturnType<typeof createDiagnosticsActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export interface PingResult {
  message: string;
  workflowId: string;
  answeredBy: string;
}

/** Round trip API/CLI → Temporal → worker → activity; proves the plumbing for operators. */
export async function ping(message: string): Promise<PingResult> {
  upsertSearchAttributes([{ key: SyncKind, value: 'ping' }]);
  const answer = await echo(message);
  upsertSearchAttributes([{ key: SyncOutcome, value: 'clean' }]);
  return { message: answer.message, workflowId: workflowInfo().workflowId, answeredBy: answer.worker };
}
