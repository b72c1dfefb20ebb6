import { z } from 'zod';
import { parseTaskAssignee } from '../clients/espocrm/task-routing';
import { parseDuration } from './duration';
import { checkTemporalSecurity } from './temporal-security';

/** Env vars arrive as strings; empty strings mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (fallback?: string) =>
  optionalString
    .transform((v) => v ?? fallback)
    .pipe(fallback === undefined ? z.url().optional() : z.url());

const int = (fallback: number, min = 0) =>
  optionalString.transform((v, ctx) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number >= ${min}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

/** A positive decimal number (rates such as 9.5 per second). */
const rate = (fallback: number, min: number) =>
  optionalString.transform((v, ctx) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isFinite(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `expected a number >= ${min}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

/** `allowZero`: "0s" (or "0") is a valid setting meaning "off". */
/** A whole number when set, undefined when not (for settings with an alias or a derived default). */
const optionalInt = (min = 0) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number >= ${min}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const duration = (fallback: string, options: { allowZero?: boolean } = {}) =>
  optionalString
    .transform((v) => v ?? fallback)
    .transform((v, ctx) => {
      const ms = options.allowZero && /^\s*0\s*$/.test(v) ? 0 : parseDuration(v);
      if (ms === undefined || ms < 0 || (ms === 0 && !options.allowZero)) {
        ctx.addIssue({ code: 'custom', message: `expected a duration like 2s, 15m or 24h, got "${v}"` });
        return z.NEVER;
      }
      return ms;
    });

const list = optionalString.transform((v) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const bool = <T extends boolean | undefined>(fallback: T) =>
  optionalString.transform((v, ctx): boolean | T => {
    if (v === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got "${v}"` });
    return z.NEVER;
  });

/** `webhookId=secret,webhookId2=secret2` → map. */
const webhookSecrets = optionalString.transform((v, ctx) => {
  const map: Record<string, string> = {};
  for (const pair of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      ctx.addIssue({ code: 'custom', message: 'expected webhookId=secret pairs separated by commas' });
      return z.NEVER;
    }
    map[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return map;
});

/** An Advoware path template relative to its base (clients/advoware/endpoints.ts); unset = default. */
const advowarePath = optionalString.pipe(
  z
    .string()
    .refine((v) => !/^[a-z][a-z0-9+.-]*:/i.test(v) && !v.split(/[/?]/).includes('..'), 'must be a path relative to the Advoware base, e.g. api/v1/advonet/Termine')
    .optional(),
);
/** Fastify `trustProxy`: unset/false, true (any hop), or addresses/CIDRs of the reverse proxy. */
const trustProxy = optionalString.transform((v, ctx): boolean | string[] => {
  if (v === undefined || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.some((s) => !/^[0-9a-fA-F.:/]+$/.test(s))) {
    ctx.addIssue({ code: 'custom', message: `expected true or the reverse proxy's addresses/CIDRs, got "${v}"` });
    return z.NEVER;
  }
  return list;
});

/** `id:base64key,id2:base64key` → ordered map; the first key encrypts, all of them decrypt. */
const payloadKeys = optionalString.transform((v, ctx) => {
  const keys: Record<string, string> = {};
  for (const pair of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = pair.indexOf(':');
    const id = pair.slice(0, colon);
    const key = pair.slice(colon + 1).trim();
    // Ids start with a letter so the map keeps the configured order (integer-like keys would sort first).
    if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(id)) {
      ctx.addIssue({ code: 'custom', message: 'expected keyId:base64Key pairs separated by commas; a key id starts with a letter (letters, digits, . _ -)' });
      return z.NEVER;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== 32) {
      ctx.addIssue({ code: 'custom', message: `key "${id}" must be 32 random bytes in base64 (openssl rand -base64 32)` });
      return z.NEVER;
    }
    if (id in keys) {
      ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` });
      return z.NEVER;
    }
    keys[id] = key;
  }
  return keys;
});

/** Absolute http(s) origins (scheme://host[:port]) a browser may call the codec endpoint from. */
const origins = list.pipe(
  z.array(z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'expected origins like https://temporal.kanzlei.example (scheme, host, optional port; no path)')),
);
/** live: sync; shadow: plan and record, write nothing (docs/MIGRATION.md); off: do nothing. */
const syncMode = optionalString.transform((v) => (v ?? 'live').toLowerCase()).pipe(z.enum(['live', 'shadow', 'off']));

const base64Key = optionalString.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 (as issued by advoware GmbH)')
    .optional(),
);

export const envShape = z.object({
  NODE_ENV: optionalString,
  LOG_LEVEL: optionalString.transform((v) => v ?? 'info').pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),

  TEMPORAL_ADDRESS: optionalString.transform((v) => v ?? '127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: optionalString.transform((v) => v ?? 'default'),
  TEMPORAL_TASK_QUEUE: optionalString.transform((v) => v ?? 'advoware-bridge'),
  WORKER_APPLY_SCHEDULES: bool(true),
  // Secured connection (Temporal Cloud, a cluster with TLS/mTLS); see config/temporal-security.ts.
  TEMPORAL_TLS: bool(undefined),
  TEMPORAL_TLS_CA_FILE: optionalString,
  TEMPORAL_TLS_CERT_FILE: optionalString,
  TEMPORAL_TLS_KEY_FILE: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_API_KEY: optionalString,
  // Client data in histories: AES-256-GCM payload codec (clients/temporal/codec.ts).
  TEMPORAL_PAYLOAD_ENCRYPTION: bool(true),
  TEMPORAL_PAYLOAD_KEYS: payloadKeys,
  TEMPORAL_UI_ORIGIN: origins,
  WORKER_WORKFLOW_BUNDLE: optionalString,
  // Workflow runs kept in memory between tasks; unset = the SDK's default, sized from the heap
  // limit (~2,300 runs on a 4 GB heap). A cap bounds memory; a run not cached is replayed.
  WORKER_MAX_CACHED_WORKFLOWS: optionalInt(2),

  ADVOWARE_API_BASE_URL: url(),
  ADVOWARE_SECURITY_GATEWAY_URL: url(),
  ADVOWARE_CONFIGURATOR_URL: url('https://www2.advo-net.net/AdvonetConfigurator/'),
  ADVOWARE_KANZLEI: optionalString.pipe(z.string({ error: 'is required' })),
  ADVOWARE_DATABASE: optionalString.pipe(z.string({ error: 'is required' })),
  ADVOWARE_USER: optionalString.pipe(z.string({ error: 'is required' })),
  ADVOWARE_PASSWORD: optionalString.pipe(z.string({ error: 'is required' })),
  ADVOWARE_ROLE: int(2),
  ADVOWARE_PRODUCT_ID: int(64),
  ADVOWARE_APP_ID: optionalString.pipe(z.string({ error: 'is required' })),
  ADVOWARE_API_KEY: base64Key.pipe(z.string({ error: 'is required' })),
  ADVOWARE_TOKEN_LIFETIME_MINUTES: int(55, 1),
  ADVOWARE_API_TIMEOUT_SECONDS: int(30, 1),
  // Limits activities started per second on the Advoware task queue (all workers together), not
  // HTTP requests: one pass makes 2–6 Advoware calls. ADVOWARE_MAX_RPS is the old, misleading name.
  // Default 60 (config/index.ts): one pass is one activity, so the limit is the pass rate; at 20 a
  // sustained 20 edits/s queued without bound and an initial sync could not exceed 20 records/s.
  ADVOWARE_MAX_ACTIVITIES_PER_SECOND: optionalInt(1),
  ADVOWARE_MAX_RPS: optionalInt(1),
  // Beteiligte field that carries [ESPOCRM-ID:<id>] on parties we create (idempotent create; a guess).
  ADVOWARE_BETEILIGTE_ID_FIELD: optionalString.pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must be a field name').optional()).transform((v) => v ?? 'bemerkung'),
  // Termin field names are a guess (docs/SIMULATORS.md, "How sure each behaviour is"): configurable.
  ADVOWARE_TERMIN_ALLDAY_FIELDS: list.transform((v) => (v.length ? v : ['ganztaegig', 'dauertermin'])),
  ADVOWARE_TERMIN_RECURRENCE_FIELDS: list.pipe(
    z.array(z.string()).refine((v) => v.length === 0 || v.length === 3, 'expected three names: interval,unit,until (e.g. turnus,turnusArt,turnusBis)'),
  ).transform((v) => (v.length ? v : ['turnus', 'turnusArt', 'turnusBis'])),
  ADVOWARE_PATH_DISCOVERY: advowarePath,
  ADVOWARE_PATH_TOKEN: advowarePath,
  ADVOWARE_PATH_BETEILIGTE: advowarePath,
  ADVOWARE_PATH_BETEILIGTER: advowarePath,
  ADVOWARE_PATH_KOMMUNIKATIONEN: advowarePath,
  ADVOWARE_PATH_KOMMUNIKATION: advowarePath,
  ADVOWARE_PATH_ADRESSEN: advowarePath,
  ADVOWARE_PATH_ADRESSE: advowarePath,
  ADVOWARE_PATH_BANKVERBINDUNGEN: advowarePath,
  ADVOWARE_PATH_TERMINE: advowarePath,
  ADVOWARE_PATH_TERMIN: advowarePath,
  ADVOWARE_PATH_MITARBEITER: advowarePath,
  ADVOWARE_PATH_AKTEN: advowarePath,
  ADVOWARE_PATH_AKTE: advowarePath,
  ADVOWARE_FORCED_REFRESH_INTERVAL: duration('30s'),
  ADVOWARE_PROXY_MAX_RESPONSE_BYTES: int(5 * 1024 * 1024, 1024),

  ESPOCRM_API_BASE_URL: url().pipe(z.string({ error: 'is required' })),
  ESPOCRM_API_KEY: optionalString,
  ESPOCRM_MARVIN_API_KEY: optionalString,
  ESPOCRM_HMAC_SECRET: optionalString,
  ESPOCRM_API_TIMEOUT_SECONDS: int(30, 1),
  ESPOCRM_WEBHOOK_SECRETS: webhookSecrets,
  ESPOCRM_WEBHOOK_ALLOW_UNSIGNED: bool(false),
  ESPOCRM_ENTITY: optionalString.transform((v) => v ?? 'CBeteiligte'),
  ESPOCRM_BANKVERBINDUNGEN_ENTITY: optionalString.transform((v) => v ?? 'CBankverbindungen'),
  ESPOCRM_ADRESSEN_ENTITY: optionalString.transform((v) => v ?? 'CAdressen'),
  ESPOCRM_PARTY_LINK_FIELD: optionalString.transform((v) => v ?? 'beteiligteId'),
  ESPOCRM_TASK_ASSIGNEE: optionalString.transform((v, ctx) => {
    const parsed = parseTaskAssignee(v);
    if (parsed instanceof Error) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed;
  }),
  ESPOCRM_TASK_NOTIFICATION: bool(false),

  GOOGLE_SERVICE_ACCOUNT_FILE: optionalString,
  GOOGLE_SERVICE_ACCOUNT_JSON: optionalString,
  GOOGLE_IMPERSONATE_DOMAIN: optionalString,
  GOOGLE_CALENDAR_MAPPING: optionalString,
  GOOGLE_API_ROOT_URL: url(),
  GOOGLE_API_TIMEOUT_SECONDS: int(30, 1),
  // Just under Google's 600/min per user and 10,000/min per project, spaced evenly (activities/google-pace.ts).
  GOOGLE_MAX_RPS_PER_USER: rate(9.5, 0.1),
  GOOGLE_MAX_RPS_PROJECT: rate(160, 1),

  BETEILIGTE_SWEEP_INTERVAL: duration('15m'),
  BETEILIGTE_STALE_AFTER: duration('24h'),
  BETEILIGTE_DEBOUNCE: duration('0s', { allowZero: true }),
  BETEILIGTE_START_CONCURRENCY: int(32, 1),
  // Webhook batches with at least this many ids are handed to one intake workflow (answer after one start).
  WEBHOOK_INTAKE_BATCH_MIN: int(50, 1),
  // EspoCRM serves at most 200 records per page; a larger setting would end the sweep early.
  BETEILIGTE_SWEEP_PAGE_SIZE: int(200, 1).pipe(z.number().max(200, 'expected at most 200 (EspoCRM page limit)')),
  BETEILIGTE_MODE: syncMode,
  CALENDAR_SYNC_INTERVAL: duration('15m'),
  CALENDAR_PAST_DAYS: int(30),
  CALENDAR_FUTURE_DAYS: int(365),
  CALENDAR_SYNC_DEBUG_KUERZEL: list,
  CALENDAR_CONFLICT_POLICY: optionalString.transform((v) => v ?? 'advoware').pipe(z.enum(['advoware', 'google', 'newest'])),
  CALENDAR_DELETE_GUARD: int(50, 0),
  CALENDAR_CREATE_GUARD: int(50, 0),
  CALENDAR_ADVOWARE_WRITES: optionalString.transform((v) => v ?? 'no_delete').pipe(z.enum(['all', 'no_delete', 'none'])),
  CALENDAR_NAME_TEMPLATE: optionalString.transform((v) => v ?? 'Advoware {kuerzel}'),
  CALENDAR_SYNC_WAIT_TIMEOUT: duration('5m'),
  CALENDAR_MAX_ACTIONS_PER_PASS: int(300, 1),
  CALENDAR_MODE: syncMode,

  PORT: int(3000),
  HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
  API_KEYS: list,
  API_BODY_LIMIT_BYTES: int(1_048_576, 1024),
  API_RATE_LIMIT_PER_MINUTE: int(600, 1),
  API_AUTH_FAILURES_PER_MINUTE: int(20, 1),
  API_TRUST_PROXY: trustProxy,
  OPS_HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  API_OPS_PORT: int(9464),
  WORKER_OPS_PORT: int(9465),
  WORKER_SDK_METRICS_PORT: int(9466),
  WORKER_SHUTDOWN_GRACE: duration('60s'),
  // Web UI → /codec/ui/<token>/decode: the UI can send no API key, so its endpoint URL carries this secret.
  CODEC_UI_TOKEN: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_-]{24,}$/, 'must be at least 24 letters, digits, _ or - (openssl rand -hex 24)').optional()),
});

/** The subset a CLI needs to talk to Temporal, so operators need no Advoware secrets to inspect runs. */
export const temporalEnvSchema = envShape.pick({
  LOG_LEVEL: true,
  TEMPORAL_ADDRESS: true,
  TEMPORAL_NAMESPACE: true,
  TEMPORAL_TASK_QUEUE: true,
  WORKER_APPLY_SCHEDULES: true,
  NODE_ENV: true,
  TEMPORAL_TLS: true,
  TEMPORAL_TLS_CA_FILE: true,
  TEMPORAL_TLS_CERT_FILE: true,
  TEMPORAL_TLS_KEY_FILE: true,
  TEMPORAL_TLS_SERVER_NAME: true,
  TEMPORAL_API_KEY: true,
  TEMPORAL_PAYLOAD_ENCRYPTION: true,
  TEMPORAL_PAYLOAD_KEYS: true,
  BETEILIGTE_SWEEP_INTERVAL: true,
  BETEILIGTE_DEBOUNCE: true,
  CALENDAR_SYNC_INTERVAL: true,
  CALENDAR_SYNC_WAIT_TIMEOUT: true,
}).superRefine(checkTemporalSecurity);

export const envSchema = envShape.superRefine((env, ctx) => {
  checkTemporalSecurity(env, ctx);
  if (!env.ESPOCRM_API_KEY && !env.ESPOCRM_MARVIN_API_KEY) {
    ctx.addIssue({ code: 'custom', path: ['ESPOCRM_API_KEY'], message: 'is required (or ESPOCRM_MARVIN_API_KEY)' });
  }
  if (env.ADVOWARE_API_BASE_URL && !env.ADVOWARE_SECURITY_GATEWAY_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['ADVOWARE_SECURITY_GATEWAY_URL'],
      message: 'is required when ADVOWARE_API_BASE_URL is set (discovery is skipped)',
    });
  }
  if (env.ESPOCRM_TASK_NOTIFICATION && env.ESPOCRM_TASK_ASSIGNEE?.kind !== 'user') {
    ctx.addIssue({ code: 'custom', path: ['ESPOCRM_TASK_NOTIFICATION'], message: 'needs ESPOCRM_TASK_ASSIGNEE to name a user (notifications go to one user)' });
  }
  if (env.GOOGLE_SERVICE_ACCOUNT_FILE && env.GOOGLE_SERVICE_ACCOUNT_JSON) {
    ctx.addIssue({ code: 'custom', path: ['GOOGLE_SERVICE_ACCOUNT_JSON'], message: 'set either GOOGLE_SERVICE_ACCOUNT_FILE or GOOGLE_SERVICE_ACCOUNT_JSON, not both' });
  }
});

export type Env = z.output<typeof envSchema>;

/** Env var names whose values must never appear in logs. */
export const SECRET_KEYS = [
  'ADVOWARE_PASSWORD',
  'ADVOWARE_API_KEY',
  'ESPOCRM_API_KEY',
  'ESPOCRM_MARVIN_API_KEY',
  'ESPOCRM_HMAC_SECRET',
  'ESPOCRM_WEBHOOK_SECRETS',
  'GOOGLE_SERVICE_ACCOUNT_JSON',
  'API_KEYS',
  'TEMPORAL_API_KEY',
  'TEMPORAL_PAYLOAD_KEYS',
  'CODEC_UI_TOKEN',
] as const satisfies readonly (keyof Env)[];
