import type { Config } from '../config';

/**
 * Settings that leave an endpoint open or shut, said once at start-up at `warn` level so an
 * operator sees them in the first lines of the log rather than after the first failed sync.
 */
export function startupWarnings(config: Pick<Config, 'api' | 'espocrm'>): string[] {
  const warnings: string[] = [];
  const secrets = Object.keys(config.espocrm.webhookSecrets).length;
  if (config.espocrm.allowUnsignedWebhooks) {
    warnings.push('SECURITY: ESPOCRM_WEBHOOK_ALLOW_UNSIGNED=true — anyone who can reach the webhook URLs can start syncs. Use only on a closed network.');
  }
  if (secrets === 0 && !config.espocrm.allowUnsignedWebhooks) {
    warnings.push('ESPOCRM_WEBHOOK_SECRETS is empty — every EspoCRM webhook will be rejected with 401 (run `advoware-bridge espocrm register-webhooks`).');
  }
  if (secrets === 0 && config.espocrm.allowUnsignedWebhooks) {
    warnings.push('SECURITY: ESPOCRM_WEBHOOK_SECRETS is empty and unsigned webhooks are allowed — no webhook is verified at all.');
  }
  if (config.api.apiKeys.length === 0) {
    warnings.push('API_KEYS is empty — the proxy, ping and calendar endpoints answer 401 to everyone.');
  }
  if (config.api.apiKeys.some((key) => key.length < 16)) {
    warnings.push('SECURITY: an API key in API_KEYS is shorter than 16 characters; use long random keys (openssl rand -hex 32).');
  }
  return warnings;
}
