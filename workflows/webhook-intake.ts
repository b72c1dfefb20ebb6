import { proxyActivities } from '@temporalio/workflow';
import type { createWebhookIntakeActivities } from '../activities/webhook-intake';
import { showDetails } from './run-details';
import type { WebhookIntakeInput, WebhookIntakeResult } from './webhook-intake-messages';

const { handOverWebhookBatch } = proxyActivities<ReturnType<typeof createWebhookIntakeActivities>>({
  startToCloseTimeout: '10 minutes',
  // 1000 ids take seconds; a missed heartbeat means the worker died, and a retry resumes.
  heartbeatTimeout: '30 seconds',
  // No attempt limit: EspoCRM got its 200, so these ids must reach their workflows eventually.
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * `webhook-intake:{target}:{action}:{uuid}`: started by the webhook route for a batch of at
 * least WEBHOOK_INTAKE_BATCH_MIN ids, so EspoCRM is answered after one start; hands each id to
 * its record's workflow and returns the counts.
 */
export async function webhookIntake(input: WebhookIntakeInput): Promise<WebhookIntakeResult> {
  const result = await handOverWebhookBatch(input);
  showDetails(`**Handed over:** ${result.handedOver} of ${input.ids.length}${result.resumedFrom > 0 ? ` (resumed at ${result.resumedFrom})` : ''}`);
  return result;
}
