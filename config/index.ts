import type { z } from 'zod';
import { ADVOWARE_PATH_ENV, type AdvowarePaths } from '../clients/advoware/endpoints';
import { envSchema, SECRET_KEYS, temporalEnvSchema, type Env } from './schema';
import { payloadEncryptionSettings, tlsSettings } from './temporal-security';

export { parseDuration } from './duration';
export type { Env };

/** Raised when the environment is incomplete or malformed; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** ADVOWARE_PATH_* → path overrides (unset ones keep the defaults in clients/advoware/endpoints.ts). */
export function advowarePathsFromEnv(env: Partial<Record<string, unknown>>): Partial<AdvowarePaths> {
  const paths: Partial<AdvowarePaths> = {};
  for (const [key, name] of Object.entries(ADVOWARE_PATH_ENV) as [keyof AdvowarePaths, string][]) {
    const value = env[name];
    if (typeof value === 'string' && value !== '') paths[key] = value;
  }
  return paths;
}

export type TemporalEnv = z.output<typeof temporalEnvSchema>;

/** Where Temporal is and how to reach it safely; the CLI builds it from the TEMPORAL_* subset alone. */
export function temporalConfig(env: TemporalEnv) {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    applySchedulesAtStart: env.WORKER_APPLY_SCHEDULES,
    tls: tlsSettings(env),
    apiKey: env.TEMPORAL_API_KEY,
    encryption: payloadEncryptionSettings(env),
  };
}

export type TemporalConfig = ReturnType<typeof temporalConfig>;

/** The defaults of a process with no TEMPORAL_* variables (tests, scripts): local server, demo key. */
export function defaultTemporalConfig(overrides: Record<string, string | undefined> = {}): TemporalConfig {
  return temporalConfig(temporalEnvSchema.parse(overrides));
}

/** Settings grouped by the part of the system they configure; built once per process. */
export function buildConfig(env: Env) {
  return {
    logLevel: env.LOG_LEVEL,
    temporal: temporalConfig(env),
    advoware: {
      apiBaseUrl: env.ADVOWARE_API_BASE_URL,
      securityGatewayUrl: env.ADVOWARE_SECURITY_GATEWAY_URL,
      configuratorUrl: env.ADVOWARE_CONFIGURATOR_URL as string,
      kanzlei: env.ADVOWARE_KANZLEI,
      database: env.ADVOWARE_DATABASE,
      user: env.ADVOWARE_USER,
      password: env.ADVOWARE_PASSWORD,
      role: env.ADVOWARE_ROLE,
      productId: env.ADVOWARE_PRODUCT_ID,
      appId: env.ADVOWARE_APP_ID,
      apiKey: env.ADVOWARE_API_KEY,
      tokenLifetimeMinutes: env.ADVOWARE_TOKEN_LIFETIME_MINUTES,
      timeoutMs: env.ADVOWARE_API_TIMEOUT_SECONDS * 1000,
      maxActivitiesPerSecond: env.ADVOWARE_MAX_ACTIVITIES_PER_SECOND ?? env.ADVOWARE_MAX_RPS ?? 60,
      terminFields: {
        allDay: env.ADVOWARE_TERMIN_ALLDAY_FIELDS,
        turnus: env.ADVOWARE_TERMIN_RECURRENCE_FIELDS[0],
        turnusArt: env.ADVOWARE_TERMIN_RECURRENCE_FIELDS[1],
        turnusBis: env.ADVOWARE_TERMIN_RECURRENCE_FIELDS[2],
      },
      beteiligteIdField: env.ADVOWARE_BETEILIGTE_ID_FIELD,
      paths: advowarePathsFromEnv(env),
      forcedRefreshIntervalMs: env.ADVOWARE_FORCED_REFRESH_INTERVAL,
      proxyMaxResponseBytes: env.ADVOWARE_PROXY_MAX_RESPONSE_BYTES,
    },
    espocrm: {
      apiBaseUrl: env.ESPOCRM_API_BASE_URL,
      apiKey: (env.ESPOCRM_API_KEY ?? env.ESPOCRM_MARVIN_API_KEY) as string,
      hmacSecret: env.ESPOCRM_HMAC_SECRET,
      timeoutMs: env.ESPOCRM_API_TIMEOUT_SECONDS * 1000,
      webhookSecrets: env.ESPOCRM_WEBHOOK_SECRETS,
      allowUnsignedWebhooks: env.ESPOCRM_WEBHOOK_ALLOW_UNSIGNED,
      entity: env.ESPOCRM_ENTITY,
      bankverbindungenEntity: env.ESPOCRM_BANKVERBINDUNGEN_ENTITY,
      adressenEntity: env.ESPOCRM_ADRESSEN_ENTITY,
      partyLinkField: env.ESPOCRM_PARTY_LINK_FIELD,
      taskRouting: { assignee: env.ESPOCRM_TASK_ASSIGNEE, notify: env.ESPOCRM_TASK_NOTIFICATION },
    },
    google: {
      serviceAccountFile: env.GOOGLE_SERVICE_ACCOUNT_FILE,
      serviceAccountJson: env.GOOGLE_SERVICE_ACCOUNT_JSON,
      impersonateDomain: env.GOOGLE_IMPERSONATE_DOMAIN,
      calendarMapping: env.GOOGLE_CALENDAR_MAPPING,
      apiRootUrl: env.GOOGLE_API_ROOT_URL,
      timeoutMs: env.GOOGLE_API_TIMEOUT_SECONDS * 1000,
      maxRpsPerUser: env.GOOGLE_MAX_RPS_PER_USER,
      maxRpsProject: env.GOOGLE_MAX_RPS_PROJECT,
    },
    beteiligte: {
      sweepIntervalMs: env.BETEILIGTE_SWEEP_INTERVAL,
      staleAfterMs: env.BETEILIGTE_STALE_AFTER,
      debounceMs: env.BETEILIGTE_DEBOUNCE,
      startConcurrency: env.BETEILIGTE_START_CONCURRENCY,
      webhookIntakeBatchMin: env.WEBHOOK_INTAKE_BATCH_MIN,
      sweepPageSize: env.BETEILIGTE_SWEEP_PAGE_SIZE,
      mode: env.BETEILIGTE_MODE,
    },
    calendar: {
      syncIntervalMs: env.CALENDAR_SYNC_INTERVAL,
      pastDays: env.CALENDAR_PAST_DAYS,
      futureDays: env.CALENDAR_FUTURE_DAYS,
      debugKuerzel: env.CALENDAR_SYNC_DEBUG_KUERZEL,
      conflictPolicy: env.CALENDAR_CONFLICT_POLICY,
      deleteGuard: env.CALENDAR_DELETE_GUARD,
      createGuard: env.CALENDAR_CREATE_GUARD,
      advowareWrites: env.CALENDAR_ADVOWARE_WRITES,
      calendarNameTemplate: env.CALENDAR_NAME_TEMPLATE,
      syncWaitTimeoutMs: env.CALENDAR_SYNC_WAIT_TIMEOUT,
      maxActionsPerPass: env.CALENDAR_MAX_ACTIONS_PER_PASS,
      mode: env.CALENDAR_MODE,
    },
    api: {
      port: env.PORT,
      host: env.HOST,
      apiKeys: env.API_KEYS,
      uiOrigins: env.TEMPORAL_UI_ORIGIN,
      codecUiToken: env.CODEC_UI_TOKEN,
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: env.API_AUTH_FAILURES_PER_MINUTE,
      trustProxy: env.API_TRUST_PROXY,
      opsHost: env.OPS_HOST,
      opsPort: env.API_OPS_PORT,
    },
    worker: {
      opsHost: env.OPS_HOST,
      opsPort: env.WORKER_OPS_PORT,
      sdkMetricsPort: env.WORKER_SDK_METRICS_PORT,
      shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE,
      workflowBundlePath: env.WORKER_WORKFLOW_BUNDLE,
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    },
  };
}

export type Config = ReturnType<typeof buildConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return buildConfig(parseEnv(env));
}

/** A copy of the env with every secret replaced, safe to log at start-up. */
export function redactedEnv(env: Env): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...env };
  for (const key of SECRET_KEYS) {
    if (copy[key] !== undefined && copy[key] !== '') copy[key] = '[redacted]';
  }
  return copy;
}

/** All secret values present in the env, for log redaction and leak tests. */
export function secretValues(env: Env): string[] {
  const values: string[] = [];
  for (const key of SECRET_KEYS) {
    const v = env[key];
    if (typeof v === 'string') values.push(v);
    else if (Array.isArray(v)) values.push(...v);
    else if (v && typeof v === 'object') values.push(...Object.values(v));
  }
  return values.filter((v) => v.length >= 4);
}

/** Entry-point helper: parse once, or print every problem and exit non-zero. */
export function loadConfigOrExit(processName: string, env: NodeJS.ProcessEnv = process.env): { config: Config; env: Env } {
  try {
    const parsed = parseEnv(env);
    return { config: buildConfig(parsed), env: parsed };
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${processName}: cannot start.\n${err.message}\nSee docs/CONFIGURATION.md and .env.example.`);
      process.exit(1);
    }
    throw err;
  }
}
