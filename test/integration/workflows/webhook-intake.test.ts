import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Connection } from '@temporalio/client';
import { createWebhookIntakeActivities } from '../../../activities/webhook-intake';
import { beteiligteWorkflowId } from '../../../workflows/messages';
import { webhookIntake } from '../../../workflows/webhook-intake';
import { webhookIntakeStartOptions } from '../../../workflows/webhook-intake-messages';
import { connectClient, startTestWorkers, type RunningTestWorkers } from '../../support/temporal';

/**
 * The real client, except that the first start of one record's workflow fails (a Temporal
 * hiccup in the middle of a batch): the activity attempt fails there and is retried.
 */
function failingOnce(client: Client, workflowId: string): Client & { injected: number } {
  let injected = 0;
  const workflow = new Proxy(client.workflow, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'start') {
        return (wf: never, options: { workflowId: string }) => {
          if (injected === 0 && options.workflowId === workflowId) {
            injected += 1;
            throw new Error('injected: Temporal unavailable for a moment');
          }
          return client.workflow.start(wf, options as never);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new Proxy(client, {
    get: (target, prop) => (prop === 'workflow' ? workflow : prop === 'injected' ? injected : Reflect.get(target, prop, target)),
  }) as Client & { injected: number };
}

describe('webhookIntake: a failed hand-over attempt resumes after the ids already handed over', () => {
  let client: Client;
  let connection: Connection;
  let workers: RunningTestWorkers;
  let flaky: Client & { injected: number };
  const ids = Array.from({ length: 12 }, (_, i) => `intake-resume-${Date.now()}-${i}`);

  beforeAll(async () => {
    ({ client, connection } = await connectClient());
    flaky = failingOnce(client, beteiligteWorkflowId(ids[7]));
    // One start at a time, so the handed-over prefix at the failure is exactly ids[0..6]. The
    // record runs go to a queue nobody polls: only that they were started matters here.
    workers = await startTestWorkers({ main: createWebhookIntakeActivities({ temporal: flaky, taskQueue: 'records-not-polled', debounceMs: 0, startConcurrency: 1 }) });
  });
  afterAll(async () => {
    await workers?.stop();
    for await (const wf of client.workflow.list({ query: `ExecutionStatus="Running" AND WorkflowType="beteiligteSync"` })) await client.workflow.getHandle(wf.workflowId).terminate('test cleanup').catch(() => undefined);
    await connection?.close();
  });

  it('retries after the failure, starting at the first id not handed over, and every id gets its workflow', async () => {
    const handle = await client.workflow.start(webhookIntake, webhookIntakeStartOptions({ target: 'beteiligte', action: 'create', ids }, workers.taskQueue, 'resume'));
    expect(await handle.result()).toEqual({ handedOver: ids.length - 7, resumedFrom: 7 });
    expect(flaky.injected).toBe(1);
    const types = await Promise.all(ids.map((id) => client.workflow.getHandle(beteiligteWorkflowId(id)).describe().then((d) => d.type)));
    expect(types).toEqual(ids.map(() => 'beteiligteSync'));
  });
});
