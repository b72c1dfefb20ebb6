/** One stored record: attribute name → JSON value, as EspoCRM returns it. */
export type EspoRecord = Record<string, unknown>;

export interface ApiUser {
  userId: string;
  userName: string;
  apiKey: string;
  /** When set, the user authenticates with HMAC only (EspoCRM's "HMAC" auth method). */
  secretKey?: string;
}

export type DuplicateRule = 'none' | 'betnr' | 'name';

export interface EspoCrmSimOptions {
  port?: number;
  apiUsers?: ApiUser[];
  /** Interval of the "Process Webhook Queue" job; 0 or undefined = manual flush only (real default: 5 min). */
  webhookIntervalMs?: number;
  /** Items per delivered batch (real default 50). */
  webhookBatchSize?: number;
  /** Optimistic concurrency control on CBeteiligte (default true). */
  occEnabled?: boolean;
  /** Duplicate check on POST CBeteiligte (default 'betnr'). */
  duplicateRule?: DuplicateRule;
  /** Delay before a failed batch is retried (real: 10 min). */
  webhookRetryDelayMs?: number;
  /** Total timeout of one delivery (real: 10 s). */
  webhookTimeoutMs?: number;
}

export interface WebhookDelivery {
  webhookId: string;
  url: string;
  /** HTTP status of the receiver's answer; 0 = connection error or timeout. */
  status: number;
  /** Number of events in the batch. */
  count: number;
  /** 1-based attempt number of this batch. */
  attempt: number;
  outcome: 'delivered' | 'retry-scheduled' | 'failed' | 'webhook-removed';
}

export interface WebhookDeliveryReport {
  deliveries: WebhookDelivery[];
}

export interface FlushOptions {
  /** Also deliver items whose retry time has not come yet. */
  includeDelayed?: boolean;
}
