import { Buffer } from 'node:buffer';

/**
 * A complete, valid environment for spawning the real processes in tests. Values that point at
 * simulators are passed in; the rest are harmless placeholders that satisfy the config schema.
 */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    // Each integration test file has a namespace of its own on the shared dev server (test/setup/namespace.ts).
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE,
    // Tests share one dev server; epoch-aligned schedule firings must not disturb exact call counts.
    WORKER_APPLY_SCHEDULES: 'false',
    ADVOWARE_API_BASE_URL: 'http://127.0.0.1:9/api/',
    ADVOWARE_SECURITY_GATEWAY_URL: 'http://127.0.0.1:9/',
    ADVOWARE_KANZLEI: 'TESTKANZLEI',
    ADVOWARE_DATABASE: 'TESTDB',
    ADVOWARE_USER: 'SB',
    ADVOWARE_PASSWORD: 'test-password',
    ADVOWARE_APP_ID: 'test-app',
    ADVOWARE_API_KEY: Buffer.from('test-secret-key').toString('base64'),
    ESPOCRM_API_BASE_URL: 'http://127.0.0.1:9/api/v1',
    ESPOCRM_API_KEY: 'test-espo-key',
    API_KEYS: 'test-api-key',
    // Any free port: several API and worker processes run side by side in tests.
    API_OPS_PORT: '0',
    WORKER_OPS_PORT: '0',
    WORKER_SDK_METRICS_PORT: '0',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Env vars that point the product at a running Advoware simulator (discovery via its configurator). */
export function advowareSimEnv(sim: { configuratorUrl: string }, credentials: { kanzlei: string; database: string; user: string; password: string; appId: string; apiKeyBase64: string }): Record<string, string> {
  return {
    ADVOWARE_CONFIGURATOR_URL: sim.configuratorUrl,
    ADVOWARE_API_BASE_URL: '',
    ADVOWARE_SECURITY_GATEWAY_URL: '',
    ADVOWARE_KANZLEI: credentials.kanzlei,
    ADVOWARE_DATABASE: credentials.database,
    ADVOWARE_USER: credentials.user,
    ADVOWARE_PASSWORD: credentials.password,
    ADVOWARE_APP_ID: credentials.appId,
    ADVOWARE_API_KEY: credentials.apiKeyBase64,
  };
}
