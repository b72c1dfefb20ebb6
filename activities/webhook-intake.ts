import { activityInfo, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { startWebhookRecord } from '../clients/temporal/start-webhook';
import { forEachLimited } from '../domain/concurrency';
import type { WebhookIntakeInput, WebhookIntakeResult } from '../workflows/webhook-intake-messages';

export interface WebhookIntakeDeps {
  temporal: Client;
  taskQueue: string;
  debounceMs: number;
  /** Workflow starts/signals in flight at once (BETEILIGTE_START_CONCURRENCY, as the route and sweep). */
  startConcurrency: number;
}

/** Heartbeat: every id before `resumeFrom` is handed over, so a retry starts there. */
interface IntakeProgress {
  resumeFrom: number;
}

/** Runs on the main queue for the `webhookIntake` workflow. */
export const createWebhookIntakeActivities = (deps: WebhookIntakeDeps) => ({
  /**
   * Hands every id of a webhook batch to its record's workflow, `startConcurrency` at a time,
   * exactly as the route does for small batches. The heartbeat names the longest prefix of ids
   * fully handed over; a retry resumes there (the few ids after it that already went through are
   * handed over again, which is idempotent).
   */
  async handOverWebhookBatch(input: WebhookIntakeInput): Promise<WebhookIntakeResult> {
    const starter = { client: deps.temporal, taskQueue: deps.taskQueue, debounceMs: deps.debounceMs };
    const resumedFrom = Math.min(input.ids.length, (activityInfo().heartbeatDetails as Partial<IntakeProgress> | undefined)?.resumeFrom ?? 0);
    const rest = input.ids.slice(resumedFrom);
    const done = new Uint8Array(rest.length);
    let prefix = 0;
    await forEachLimited(rest, deps.startConcurrency, async (id, index) => {
      await startWebhookRecord(starter, input.target, id, input.action);
      done[index] = 1;
      while (prefix < rest.length && done[prefix] === 1) prefix += 1;
      heartbeat({ resumeFrom: resumedFrom + prefix } satisfies IntakeProgress);
    });
    return { handedOver: rest.length, resumedFrom };
  },
});
