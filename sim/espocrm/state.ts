import type { Actor, RecordStore } from './store';
import type { EspoRecord } from './types';
import type { Webhook, WebhookManager } from './webhooks';

/** The user behind writes made "in the UI" (not through an API user), so skipOwn never hides them. */
export const ESPOCRM_UI_USER: Actor = { userId: '5f0c1a2b3c4d5e6f7', userName: 'Kanzlei Sachbearbeiter' };

/**
 * In-process access to the simulator's data for tests and the demo. Writes act as a UI user
 * (they fire webhooks like any change); values are deep-copied in and out.
 */
export interface EspoCrmState {
  createRecord(entityType: string, data: Record<string, unknown>, options?: { actor?: Actor; skipDuplicateCheck?: boolean }): EspoRecord;
  updateRecord(entityType: string, id: string, data: Record<string, unknown>, options?: { actor?: Actor }): EspoRecord;
  deleteRecord(entityType: string, id: string, options?: { actor?: Actor }): void;
  getRecord(entityType: string, id: string): EspoRecord | undefined;
  /** One attribute without copying the whole record (benchmarks poll thousands of records with it); undefined if absent. */
  getAttribute(entityType: string, id: string, name: string): unknown;
  /** All records of a type in creation order. */
  listRecords(entityType: string): EspoRecord[];
  tasks(): EspoRecord[];
  notifications(): EspoRecord[];
  webhooks(): Webhook[];
  /** Events queued and not yet delivered (all webhooks, or one). */
  pendingWebhookEvents(webhookId?: string): number;
  /** Forgets all records and webhooks (API users, request counts and faults stay). */
  reset(): void;
}

export function createState(store: RecordStore, webhooks: WebhookManager): EspoCrmState {
  return {
    createRecord: (entityType, data, options = {}) =>
      store.create(entityType, data, options.actor ?? ESPOCRM_UI_USER, { skipDuplicateCheck: options.skipDuplicateCheck ?? true }),
    updateRecord: (entityType, id, data, options = {}) => store.update(entityType, id, data, options.actor ?? ESPOCRM_UI_USER),
    deleteRecord: (entityType, id, options = {}) => store.delete(entityType, id, options.actor ?? ESPOCRM_UI_USER),
    getRecord: (entityType, id) => store.get(entityType, id),
    getAttribute: (entityType, id, name) => store.attribute(entityType, id, name),
    listRecords: (entityType) => store.all(entityType),
    tasks: () => store.all('Task'),
    notifications: () => store.all('Notification'),
    webhooks: () => webhooks.list(),
    pendingWebhookEvents: (webhookId) => webhooks.pending(webhookId),
    reset: () => {
      store.reset();
      webhooks.reset();
    },
  };
}
