import { createSimHarness, listen } from '../shared/harness';
import type { FaultInjector } from '../shared/faults';
import type { RequestCounter } from '../shared/counter';
import { registerEspoCrmRoutes } from './routes';
import { createState, type EspoCrmState } from './state';
import { RecordStore } from './store';
import type { ApiUser, EspoCrmSimOptions, FlushOptions, WebhookDeliveryReport } from './types';
import { WebhookManager } from './webhooks';

export type { ApiUser, DuplicateRule, EspoCrmSimOptions, EspoRecord, FlushOptions, WebhookDelivery, WebhookDeliveryReport } from './types';
export type { EspoCrmState } from './state';
export { ESPOCRM_UI_USER } from './state';
export type { Actor } from './store';
export type { Webhook } from './webhooks';
export { webhookSignature, legacyWebhookSignature } from './signature';
export { MAX_SIZE_LIMIT } from './list';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedWebhook } from './webhook-receiver';

/** API key of the integration's API user (the "Marvin" user of the system we replace). */
export const DEFAULT_ESPOCRM_API_KEY = 'sim-espocrm-bridge-api-key';
export const DEFAULT_ESPOCRM_API_USER: ApiUser = {
  userId: '6a1b2c3d4e5f60718',
  userName: 'advoware-bridge',
  apiKey: DEFAULT_ESPOCRM_API_KEY,
};

export interface EspoCrmSim {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/api/v1' */
  apiBaseUrl: string;
  state: EspoCrmState;
  faults: FaultInjector;
  counter: RequestCounter;
  /** Hides a field from `GET Metadata`, as if an admin had not created it (doctor tests). */
  removeField(entity: string, field: string): void;
  /** Runs the webhook queue job now: delivers every due batch. */
  flushWebhooks(options?: FlushOptions): Promise<WebhookDeliveryReport>;
  close(): Promise<void>;
}

export async function startEspoCrmSim(options: EspoCrmSimOptions = {}): Promise<EspoCrmSim> {
  const users = options.apiUsers ?? [DEFAULT_ESPOCRM_API_USER];
  const webhooks = new WebhookManager({
    batchSize: options.webhookBatchSize ?? 50,
    retryDelayMs: options.webhookRetryDelayMs ?? 10 * 60_000,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  const store = new RecordStore(
    { occEnabled: options.occEnabled ?? true, duplicateRule: options.duplicateRule ?? 'betnr' },
    (change) => webhooks.onChange(change),
  );
  const state = createState(store, webhooks);
  const { app, faults, counter } = createSimHarness('EspoCRM');
  const removedFields = new Map<string, Set<string>>();
  registerEspoCrmRoutes(app, { users, store, webhooks, state, removedFields });
  const url = await listen(app, options.port ?? 0);

  const timer = options.webhookIntervalMs ? setInterval(() => void webhooks.flush(), options.webhookIntervalMs) : undefined;
  timer?.unref();

  return {
    url,
    apiBaseUrl: `${url}/api/v1`,
    state,
    faults,
    counter,
    flushWebhooks: (flushOptions) => webhooks.flush(flushOptions),
    removeField: (entity, field) => {
      const set = removedFields.get(entity) ?? new Set<string>();
      removedFields.set(entity, set.add(field));
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await app.close();
      await webhooks.close();
    },
  };
}
