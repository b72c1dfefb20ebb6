import type { EspoCrmClient } from '../clients/espocrm';

export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;

/**
 * Registers the three CBeteiligte webhooks pointing at our API and returns the
 * `ESPOCRM_WEBHOOK_SECRETS` value (webhookId=secret pairs) the API needs to verify them.
 */
export async function registerBeteiligteWebhooks(
  espocrm: EspoCrmClient,
  options: { apiBaseUrl: string; entity: string; skipOwn: boolean },
): Promise<{ secrets: Record<string, string>; envValue: string }> {
  const secrets: Record<string, string> = {};
  for (const action of WEBHOOK_ACTIONS) {
    const hook = await espocrm.registerWebhook({
      event: `${options.entity}.${action}`,
      url: `${options.apiBaseUrl.replace(/\/$/, '')}/vmh/webhook/beteiligte/${action}`,
      skipOwn: options.skipOwn,
    });
    if (!hook.secretKey) throw new Error(`EspoCRM returned no secretKey for webhook ${hook.id}; cannot verify its deliveries`);
    secrets[hook.id] = hook.secretKey;
  }
  return { secrets, envValue: Object.entries(secrets).map(([id, secret]) => `${id}=${secret}`).join(',') };
}
