import { SyncKind } from './search-attributes';
import { webhookIntakeRunText } from './run-details';

/**
 * Message contracts of the webhook intake workflow: a large EspoCRM webhook batch is handed to
 * one such run, which hands each id to its own workflow on the worker, so the route can answer
 * after one start instead of one per id.
 */

export const WEBHOOK_TARGETS = ['beteiligte', 'bankverbindungen', 'adressen'] as const;
export type WebhookTarget = (typeof WEBHOOK_TARGETS)[number];
export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;
export type WebhookAction = (typeof WEBHOOK_ACTIONS)[number];

export interface WebhookIntakeInput {
  target: WebhookTarget;
  action: WebhookAction;
  /** Distinct ids, already validated and without bookkeeping echoes. */
  ids: string[];
}

export interface WebhookIntakeResult {
  /** Ids handed to their workflows (started, or signalled when a run was open). */
  handedOver: number;
  /** Where the last attempt began (> 0: a retry resumed after the ids already handed over). */
  resumedFrom: number;
}

/**
 * A fresh id per delivery: a retried delivery of the same batch gets its own intake, which hands
 * the ids over again — harmless, since handing over is idempotent per record (an open run
 * coalesces the request into at most one follow-up pass; a closed run's new pass finds nothing
 * to write). A deterministic id would instead drop a genuinely new edit that arrives with the
 * same ids while the first intake is still handing over.
 */
export function webhookIntakeWorkflowId(input: WebhookIntakeInput, unique: string): string {
  return `webhook-intake:${input.target}:${input.action}:${unique}`;
}

export function webhookIntakeStartOptions(input: WebhookIntakeInput, taskQueue: string, unique: string) {
  return {
    workflowId: webhookIntakeWorkflowId(input, unique),
    taskQueue,
    args: [input] as [WebhookIntakeInput],
    ...webhookIntakeRunText(input.target, input.action, input.ids.length),
    typedSearchAttributes: [{ key: SyncKind, value: 'webhook-intake' }],
  };
}
