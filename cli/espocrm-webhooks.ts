import type { EspoCrmClient } from '../clients/espocrm';

export const WEBHOOK_ACTIONS = ['create', 'update', 'delete'] as const;

/**
 * Every webhook the bridge needs: EspoCRM event `{entity}.{action}` → `/vmh/webhook/{path}/{action}`.
 * The `CAdressen` ones only when `adressenEntity` is given (the CLI always gives it; without them
 * address edits wait for the party's next pass).
 */
export function webhookTargets(options: { entity: string; bankverbindungenEntity?: string; adressenEntity?: string }): { event: string; path: string }[] {
  const entities = [
    { entity: options.entity, path: 'beteiligte' },
    { entity: options.bankverbindungenEntity ?? 'CBankverbindungen', path: 'bankverbindungen' },
    ...(options.adressenEntity ? [{ entity: options.adressenEntity, path: 'adressen' }] : []),
  ];
  return entities.flatMap(({ entity, path }) => WEBHOOK_ACTIONS.map((action) => ({ event: `${entity}.${action}`, path: `/vmh/webhook/${path}/${action}` })));
}

/**
 * Registers the create/update/delete webhooks of CBeteiligte, CBankverbindungen (and CAdressen) pointing at
 * our API and returns the `ESPOCRM_WEBHOOK_SECRETS` value (webhookId=secret pairs) the API needs
 * to verify them.
 */
export async function registerBeteiligteWebhooks(
  espocrm: EspoCrmClient,
  options: { apiBaseUrl: string; entity: string; bankverbindungenEntity?: string; adressenEntity?: string; skipOwn: boolean },
): Promise<{ secrets: Record<string, string>; envValue: string }> {
  const secrets: Record<string, string> = {};
  for (const target of webhookTargets(options)) {
    const hook = await espocrm.registerWebhook({ event: target.event, url: `${options.apiBaseUrl.replace(/\/$/, '')}${target.path}`, skipOwn: options.skipOwn });
    if (!hook.secretKey) throw new Error(`EspoCRM returned no secretKey for webhook ${hook.id}; cannot verify its deliveries`);
    secrets[hook.id] = hook.secretKey;
  }
  return { secrets, envValue: Object.entries(secrets).map(([id, secret]) => `${id}=${secret}`).join(',') };
}
