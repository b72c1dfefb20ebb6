import type { Command } from 'commander';
import { createEspoCrmClient } from '../../clients/espocrm';
import { envShape } from '../../config/schema';
import { registerBeteiligteWebhooks, webhookTargets } from '../espocrm-webhooks';
import { UsageError, type CliOutput } from '../context';

/** The CBeteiligte fields the sync reads and writes; an EspoCRM admin creates them in the Entity Manager. */
export const SYNC_FIELDS = [
  'betnr', 'syncStatus', 'advowareLastSync', 'advowareRowId', 'syncRetryCount', 'syncNextRetry',
  'syncAutoResetAt', 'syncErrorMessage', 'kommunikationHash', 'advowareSyncBase', 'adressenSyncBase',
];

/** The sync fields of the child entities (besides their content fields and the party link). */
export const BANK_SYNC_FIELDS = ['advowareKontoId', 'advowareLastSync', 'syncStatus', 'syncErrorMessage'];
export const ADRESSEN_SYNC_FIELDS = ['advowareAdresseId', 'advowareLastSync', 'syncStatus', 'syncErrorMessage'];

function espocrmFromEnv() {
  const parsed = envShape
    .pick({
      ESPOCRM_API_BASE_URL: true, ESPOCRM_API_KEY: true, ESPOCRM_MARVIN_API_KEY: true, ESPOCRM_HMAC_SECRET: true, ESPOCRM_API_TIMEOUT_SECONDS: true,
      ESPOCRM_ENTITY: true, ESPOCRM_BANKVERBINDUNGEN_ENTITY: true, ESPOCRM_ADRESSEN_ENTITY: true, ESPOCRM_PARTY_LINK_FIELD: true,
    })
    .safeParse(process.env);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const env = parsed.data;
  const apiKey = env.ESPOCRM_API_KEY ?? env.ESPOCRM_MARVIN_API_KEY;
  if (!env.ESPOCRM_API_BASE_URL || !apiKey) throw new UsageError('set ESPOCRM_API_BASE_URL and ESPOCRM_API_KEY');
  return {
    client: createEspoCrmClient({ apiBaseUrl: env.ESPOCRM_API_BASE_URL, apiKey, hmacSecret: env.ESPOCRM_HMAC_SECRET, timeoutMs: env.ESPOCRM_API_TIMEOUT_SECONDS * 1000 }),
    entity: env.ESPOCRM_ENTITY,
    entities: [
      { entity: env.ESPOCRM_ENTITY, fields: SYNC_FIELDS },
      { entity: env.ESPOCRM_BANKVERBINDUNGEN_ENTITY, fields: [...BANK_SYNC_FIELDS, env.ESPOCRM_PARTY_LINK_FIELD] },
      { entity: env.ESPOCRM_ADRESSEN_ENTITY, fields: [...ADRESSEN_SYNC_FIELDS, env.ESPOCRM_PARTY_LINK_FIELD] },
    ],
    bankverbindungenEntity: env.ESPOCRM_BANKVERBINDUNGEN_ENTITY,
    adressenEntity: env.ESPOCRM_ADRESSEN_ENTITY,
  };
}

export function registerEspoCrmCommands(program: Command, out: () => CliOutput): void {
  const espocrm = program.command('espocrm').description('EspoCRM set-up checks');

  espocrm
    .command('check')
    .description('check that CBeteiligte, CBankverbindungen and CAdressen have every sync field and that their nine webhooks are registered')
    .action(async () => {
      const { client, entities, entity, bankverbindungenEntity, adressenEntity } = espocrmFromEnv();
      try {
        const lines: string[] = [];
        const missingFields: string[] = [];
        for (const { entity: type, fields } of entities) {
          const record = (await client.list(type, { maxSize: 1 })).list[0];
          const missing = record ? fields.filter((f) => !(f in record)) : [];
          missingFields.push(...missing.map((f) => `${type}.${f}`));
          lines.push(record ? (missing.length ? `missing fields on ${type}: ${missing.join(', ')}` : `all ${fields.length} sync fields present on ${type}`) : `no ${type} records yet: fields cannot be checked`);
        }
        const hooks = await client.list('Webhook', { maxSize: 200 });
        const missingHooks = webhookTargets({ entity, bankverbindungenEntity, adressenEntity }).filter((t) => !hooks.list.some((h) => h.event === t.event)).map((t) => t.event);
        const ok = missingFields.length === 0 && missingHooks.length === 0;
        lines.push(
          missingHooks.length ? `webhooks missing for: ${missingHooks.join(', ')} (run: advoware-bridge espocrm register-webhooks --url <api base>)` : 'webhooks registered for create, update, delete of all three entities',
        );
        out().print(lines.join('\n'), { ok, missingFields, missingHooks });
        if (!ok) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });

  espocrm
    .command('register-webhooks')
    .description('register the CBeteiligte, CBankverbindungen and CAdressen create/update/delete webhooks and print ESPOCRM_WEBHOOK_SECRETS')
    .requiredOption('--url <apiBaseUrl>', 'public base URL of this API, e.g. https://bridge.kanzlei.de')
    .option('--no-skip-own', 'also deliver events caused by the integration user (default: skipOwn on)')
    .action(async (opts: { url: string; skipOwn: boolean }) => {
      if (!/^https?:\/\/[^\s/]+/.test(opts.url)) throw new UsageError(`--url must be an http(s) URL, got "${opts.url}"`);
      const { client, entity, bankverbindungenEntity, adressenEntity } = espocrmFromEnv();
      try {
        const result = await registerBeteiligteWebhooks(client, { apiBaseUrl: opts.url, entity, bankverbindungenEntity, adressenEntity, skipOwn: opts.skipOwn });
        out().print(`registered ${Object.keys(result.secrets).length} webhooks. Add to the API's environment:\nESPOCRM_WEBHOOK_SECRETS=${result.envValue}`, { ESPOCRM_WEBHOOK_SECRETS: result.envValue });
      } finally {
        await client.close();
      }
    });
}
