import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { espoDateTime, newId } from './clock';
import { entityDef, fieldAttributes, NON_EVENT_ATTRIBUTES } from './entity-defs';
import { badRequest, SimHttpError } from './http-error';
import { legacyWebhookSignature, webhookSignature } from './signature';
import type { Actor, ChangeEvent } from './store';
import type { EspoRecord, FlushOptions, WebhookDelivery, WebhookDeliveryReport } from './types';

export interface Webhook {
  id: string;
  event: string;
  url: string;
  skipOwn: boolean;
  secretKey: string;
  isActive: boolean;
  userId: string;
  userName: string;
  createdAt: string;
  modifiedAt: string;
}

interface QueueItem {
  payload: EspoRecord;
  attempts: number;
  /** Epoch ms after which the item may be sent. */
  processAt: number;
}

export interface WebhookConfig {
  batchSize: number;
  retryDelayMs: number;
  timeoutMs: number;
}

const EVENT = /^([A-Za-z][A-Za-z0-9]*)\.(create|update|delete|fieldUpdate\.[A-Za-z][A-Za-z0-9_]*)$/;
const MAX_ATTEMPTS = 4;
const MAX_WEBHOOKS_PER_USER = 50;
/** Receiver answers (0 = no answer) that EspoCRM's queue retries; other failures are final. */
const RETRYABLE = new Set([0, 401, 403, 404, 405, 408, 500, 503]);

/**
 * Webhook registry and per-webhook queues, modelled on EspoCRM's Webhook Manager/Queue/Sender:
 * events are queued when a record changes and sent later in JSON-array batches by a job.
 */
export class WebhookManager {
  private hooks = new Map<string, Webhook>();
  private queues = new Map<string, QueueItem[]>();
  private agent = new Agent({ keepAliveTimeout: 1_000, connect: { timeout: 5_000 } });
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: WebhookConfig) {}

  register(actor: Actor, input: Record<string, unknown>): Webhook {
    const { event, url } = input;
    if (typeof event !== 'string' || !EVENT.test(event)) throw badRequest('Webhook: bad event.');
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) throw badRequest('Webhook: bad url.');
    if ([...this.hooks.values()].filter((h) => h.userId === actor.userId).length >= MAX_WEBHOOKS_PER_USER) {
      throw new SimHttpError(403, 'Webhook number limit is exceeded.');
    }
    const now = espoDateTime();
    const hook: Webhook = {
      id: newId(),
      event,
      url,
      skipOwn: input.skipOwn === true,
      secretKey: randomBytes(16).toString('hex'),
      isActive: true,
      userId: actor.userId,
      userName: actor.userName,
      createdAt: now,
      modifiedAt: now,
    };
    this.hooks.set(hook.id, hook);
    this.queues.set(hook.id, []);
    return { ...hook };
  }

  remove(id: string): boolean {
    this.queues.delete(id);
    return this.hooks.delete(id);
  }

  get(id: string): Webhook | undefined {
    const hook = this.hooks.get(id);
    return hook ? { ...hook } : undefined;
  }

  list(): Webhook[] {
    return [...this.hooks.values()].map((h) => ({ ...h }));
  }

  /** Queued events not yet delivered (all webhooks, or one). */
  pending(webhookId?: string): number {
    if (webhookId) return this.queues.get(webhookId)?.length ?? 0;
    return [...this.queues.values()].reduce((n, q) => n + q.length, 0);
  }

  reset(): void {
    this.hooks.clear();
    this.queues.clear();
  }

  /** Aborts deliveries in flight (they count as unanswered) instead of waiting up to the timeout. */
  async close(): Promise<void> {
    await this.agent.destroy();
    await this.flushing.catch(() => undefined);
  }

  /** Queues the payload of a record change for every webhook listening to it. */
  onChange(change: ChangeEvent): void {
    for (const hook of this.hooks.values()) {
      if (!hook.isActive) continue;
      if (hook.skipOwn && hook.userId === change.actorUserId) continue;
      const payload = this.payloadFor(hook.event, change);
      if (payload) this.queues.get(hook.id)?.push({ payload: structuredClone(payload), attempts: 0, processAt: 0 });
    }
  }

  private payloadFor(event: string, change: ChangeEvent): EspoRecord | undefined {
    const match = EVENT.exec(event);
    if (!match || match[1] !== change.entityType) return undefined;
    const kind = match[2];
    const { record, id } = change;
    if (change.action === 'create') return kind === 'create' ? record : undefined;
    if (change.action === 'delete') return kind === 'delete' ? { id } : undefined;
    if (kind === 'update') {
      const changed = change.changed.filter((a) => !NON_EVENT_ATTRIBUTES.has(a));
      if (changed.length === 0) return undefined;
      return { ...Object.fromEntries(changed.map((a) => [a, record[a]])), id };
    }
    if (kind.startsWith('fieldUpdate.')) {
      const attributes = fieldAttributes(kind.slice('fieldUpdate.'.length), entityDef(change.entityType));
      if (!attributes.some((a) => change.changed.includes(a))) return undefined;
      return { id, ...Object.fromEntries(attributes.map((a) => [a, record[a]])) };
    }
    return undefined;
  }

  /** Runs the "Process Webhook Queue" job: sends every due batch. Runs never overlap. */
  flush(options: FlushOptions = {}): Promise<WebhookDeliveryReport> {
    const run = this.flushing.catch(() => undefined).then(() => this.processQueues(options));
    this.flushing = run;
    return run;
  }

  private async processQueues(options: FlushOptions): Promise<WebhookDeliveryReport> {
    const deliveries: WebhookDelivery[] = [];
    for (const hookId of [...this.hooks.keys()]) {
      const now = Date.now();
      // Items sent in this run are not sent again in it, even if a retry was scheduled.
      const candidates = (this.queues.get(hookId) ?? []).filter((item) => options.includeDelayed || item.processAt <= now);
      for (let start = 0; start < candidates.length; start += this.config.batchSize) {
        const hook = this.hooks.get(hookId);
        if (!hook) break;
        const batch = candidates.slice(start, start + this.config.batchSize);
        deliveries.push(await this.deliver(hook, batch));
      }
    }
    return { deliveries };
  }

  private async deliver(hook: Webhook, batch: QueueItem[]): Promise<WebhookDelivery> {
    const attempt = Math.max(...batch.map((i) => i.attempts)) + 1;
    const status = await this.send(hook, batch.map((i) => i.payload));
    const base = { webhookId: hook.id, url: hook.url, status, count: batch.length, attempt };
    const queue = this.queues.get(hook.id) ?? [];
    const dropBatch = () => this.queues.set(hook.id, queue.filter((item) => !batch.includes(item)));

    if (status >= 200 && status < 400) {
      dropBatch();
      return { ...base, outcome: 'delivered' };
    }
    if (status === 410) {
      this.remove(hook.id);
      return { ...base, outcome: 'webhook-removed' };
    }
    if (RETRYABLE.has(status) && attempt < MAX_ATTEMPTS) {
      for (const item of batch) {
        item.attempts = attempt;
        item.processAt = Date.now() + this.config.retryDelayMs;
      }
      return { ...base, outcome: 'retry-scheduled' };
    }
    dropBatch();
    return { ...base, outcome: 'failed' };
  }

  /** POSTs one batch; returns the status, or 0 when there was no answer in time. */
  private async send(hook: Webhook, payloads: EspoRecord[]): Promise<number> {
    const body = JSON.stringify(payloads);
    try {
      const response = await request(hook.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          signature: webhookSignature(hook.id, hook.secretKey, body),
          'x-signature': legacyWebhookSignature(hook.id, hook.secretKey, body),
        },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await response.body.dump();
      return response.statusCode;
    } catch {
      return 0;
    }
  }
}
