import type { Command } from 'commander';
import { createEspoCrmClient } from '../../clients/espocrm';
import { envShape } from '../../config/schema';
import { registerBeteiligteWebhooks, WEBHOOK_ACTIONS } from '../espocrm-webhooks';
import { UsageError, type CliOutput } from '../context';

/** The CBeteiligte fields the sync reads and writes; an EspoCRM admin creates them in the Entity Manager. */
export const SYNC_FIELDS = [
  'betnr', 'syncStatus', 'advowareLastSync', 'advowareRowId', 'syncRetryCount', 'syncNextRetry',
  'syncAutoResetAt', 'syncErrorMessage', 'kommunikationHash', 'advowareSyncBase',
];

function espocrmFromEnv() {
  const parsed = envShape
    .pick({ ESPOCRM_API_BASE_URL: true, ESPOCRM_API_KEY: true, ESPOCRM_MARVIN_API_KEY: true, ESPOCRM_HMAC_SECRET: true, ESPOCRM_API_TIMEOUT_SECONDS: true, ESPOCRM_ENTITY: true })
    .safeParse(process.env);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const env = parsed.data;
  const apiKey = env.ESPOCRM_API_KEY ?? env.ESPOCRM_MARVIN_API_KEY;
  if (!env.ESPOCRM_API_BASE_URL || !apiKey) throw new UsageError('set ESPOCRM_API_BASE_URL and ESPOCRM_API_KEY');
  return { client: createEspoCrmClient({ apiBaseUrl: env.ESPOCRM_API_BASE_URL, apiKey, hmacSecret: env.ESPOCRM_HMAC_SECRET, timeoutMs: env.ESPOCRM_API_TIMEOUT_SECONDS * 1000 }), entity: env.ESPOCRM_ENTITY };
}

export function registerEspoCrmCommands(program: Command, out: () => CliOutput): void {
  const espocrm = program.command('espocrm').description('EspoCRM set-up checks');

  espocrm
    .command('check')
    .description('check that CBeteiligte has every sync field and that the three webhooks are registered')
    .action(async () => {
      const { client, entity } = espocrmFromEnv();
      try {
        const sample = await client.list<Record<string, unknown>>(entity, { maxSize: 1 });
        const record = sample.list[0];
        const missingFields = record ? SYNC_FIELDS.filter((f) => !(f in record)) : [];
        const hooks = await client.list<{ event?: string; url?: string; isActive?: boolean }>('Webhook', { maxSize: 200 });
        const missingHooks = WEBHOOK_ACTIONS.filter((a) => !hooks.list.some((h) => h.event === `${entity}.${a}`));
        const ok = missingFields.length === 0 && missingHooks.length === 0;
        const lines = [
          record ? (missingFields.length ? `missing fields on ${entity}: ${missingFields.join(', ')}` : `all ${SYNC_FIELDS.length} sync fields present on ${entity}`) : `no ${entity} records yet: fields cannot be checked`,
          missingHooks.length ? `webhooks missing for: ${missingHooks.map((a) => `${entity}.${a}`).join(', ')} (run: advoware-bridge espocrm register-webhooks --url <api base>)` : 'webhooks registered for create, update, delete',
        ];
        out().print(lines.join('\n'), { ok, missingFields, missingHooks });
        if (!ok) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });

  espocrm
    .command('register-webhooks')
    .description('register the CBeteiligte create/update/delete webhooks and print ESPOCRM_WEBHOOK_SECRETS')
    .requiredOption('--url <apiBaseUrl>', 'public base URL of this API, e.g. https://bridge.kanzlei.de')
    .option('--no-skip-own', 'also deliver events caused by the integration user (default: skipOwn on)')
    .action(async (opts: { url: string; skipOwn: boolean }) => {
      if (!/^https?:\/\/[^\s/]+/.test(opts.url)) throw new UsageError(`--url must be an http(s) URL, got "${opts.url}"`);
      const { client, entity } = espocrmFromEnv();
      try {
        const result = await registerBeteiligteWebhooks(client, { apiBaseUrl: opts.url, entity, skipOwn: opts.skipOwn });
        out().print(`registered 3 webhooks. Add to the API's environment:\nESPOCRM_WEBHOOK_SECRETS=${result.envValue}`, { ESPOCRM_WEBHOOK_SECRETS: result.envValue });
      } finally {
        await client.close();
      }
    });
}
