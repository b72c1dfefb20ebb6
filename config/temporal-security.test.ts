import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { temporalConnectionOptions, temporalDataConverter } from '../clients/temporal/connection';
import { defaultTemporalConfig, loadConfig, redactedEnv, parseEnv, secretValues } from './index';
import { temporalEnvSchema } from './schema';
import { DEMO_PAYLOAD_KEY } from './temporal-security';

const key1 = randomBytes(32).toString('base64');
const key2 = randomBytes(32).toString('base64');

/** Problems the CLI's TEMPORAL_* schema reports (the full schema applies the same rules). */
function problems(env: Record<string, string>): string[] {
  const parsed = temporalEnvSchema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('payload encryption settings', () => {
  it('encrypts with the first configured key and decrypts with all, in the configured order', () => {
    const { encryption } = defaultTemporalConfig({ TEMPORAL_PAYLOAD_KEYS: `k2026b:${key2}, k2026a:${key1}` });
    expect(encryption).toEqual({ encryptWith: 'k2026b', keys: [{ id: 'k2026b', key: key2 }, { id: 'k2026a', key: key1 }], demoKey: false });
  });

  it('uses the public demo key outside production when no key is configured', () => {
    expect(defaultTemporalConfig({}).encryption).toEqual({ encryptWith: DEMO_PAYLOAD_KEY.id, keys: [DEMO_PAYLOAD_KEY], demoKey: true });
  });

  it('refuses to start in production without a key, unless encryption is switched off explicitly', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^TEMPORAL_PAYLOAD_KEYS: is required in production/)]);
    const off = defaultTemporalConfig({ NODE_ENV: 'production', TEMPORAL_PAYLOAD_ENCRYPTION: 'off' });
    expect(off.encryption).toEqual({ encryptWith: undefined, keys: [], demoKey: false });
    expect(temporalDataConverter(off).payloadCodecs).toBeUndefined();
    expect(problems({ NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEYS: `prod1:${key1}` })).toEqual([]);
  });

  it('refuses the public demo key in production', () => {
    expect(problems({ NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEYS: `demo:${DEMO_PAYLOAD_KEY.key}` })).toEqual([expect.stringMatching(/public demo key/)]);
  });

  it.each([
    ['no id', key1, /keyId:base64Key/],
    ['numeric id', `1:${key1}`, /starts with a letter/],
    ['short key', `a:${randomBytes(16).toString('base64')}`, /32 random bytes/],
    ['not base64', 'a:not*base64', /32 random bytes/],
    ['duplicate id', `a:${key1},a:${key2}`, /appears twice/],
  ])('rejects TEMPORAL_PAYLOAD_KEYS with %s', (_name, value, message) => {
    expect(problems({ TEMPORAL_PAYLOAD_KEYS: value })).toEqual([expect.stringMatching(message)]);
  });

  it('treats payload keys and the Temporal API key as secrets', () => {
    const env = parseEnv({ ...baseEnv, TEMPORAL_PAYLOAD_KEYS: `k1:${key1}`, TEMPORAL_API_KEY: 'cloud-api-key-123', TEMPORAL_TLS: 'true' });
    expect(JSON.stringify(redactedEnv(env))).not.toContain(key1);
    expect(JSON.stringify(redactedEnv(env))).not.toContain('cloud-api-key-123');
    expect(secretValues(env)).toEqual(expect.arrayContaining([key1, 'cloud-api-key-123']));
  });
});

const baseEnv = {
  ADVOWARE_KANZLEI: 'K',
  ADVOWARE_DATABASE: 'D',
  ADVOWARE_USER: 'SB',
  ADVOWARE_PASSWORD: 'pw-123456',
  ADVOWARE_APP_ID: 'app',
  ADVOWARE_API_KEY: Buffer.from('k').toString('base64'),
  ESPOCRM_API_BASE_URL: 'http://127.0.0.1:9/api/v1',
  ESPOCRM_API_KEY: 'espo-key',
};

describe('secured Temporal connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const ca = file('ca.pem', 'CA-PEM');
  const crt = file('client.pem', 'CLIENT-CERT');
  const key = file('client.key', 'CLIENT-KEY');

  it('connects in plain text by default (local dev server)', () => {
    expect(temporalConnectionOptions(defaultTemporalConfig({ TEMPORAL_ADDRESS: 'localhost:7233' }))).toEqual({ address: 'localhost:7233' });
  });

  it('builds mTLS options from the files, with the server name override', () => {
    const options = temporalConnectionOptions(
      defaultTemporalConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_CERT_FILE: crt, TEMPORAL_TLS_KEY_FILE: key, TEMPORAL_TLS_SERVER_NAME: 'temporal.kanzlei.example' }),
    );
    expect(options).toEqual({
      address: 'temporal.internal:7233',
      tls: { serverNameOverride: 'temporal.kanzlei.example', serverRootCACertificate: Buffer.from('CA-PEM'), clientCertPair: { crt: Buffer.from('CLIENT-CERT'), key: Buffer.from('CLIENT-KEY') } },
    });
  });

  it('turns TLS on (system CAs) for an API key, as Temporal Cloud needs', () => {
    expect(temporalConnectionOptions(defaultTemporalConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'cloud-key' }))).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: {},
      apiKey: 'cloud-key',
    });
    expect(temporalConnectionOptions(defaultTemporalConfig({ TEMPORAL_TLS: 'true' }))).toMatchObject({ tls: {} });
  });

  it.each([
    [{ TEMPORAL_TLS_CERT_FILE: crt }, 'TEMPORAL_TLS_KEY_FILE: is required with TEMPORAL_TLS_CERT_FILE'],
    [{ TEMPORAL_TLS_KEY_FILE: key }, 'TEMPORAL_TLS_CERT_FILE: is required with TEMPORAL_TLS_KEY_FILE'],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: ca }, 'TEMPORAL_TLS_CA_FILE: is set but TEMPORAL_TLS=false'],
    [{ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, 'TEMPORAL_API_KEY: is only ever sent over TLS'],
    [{ TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') }, `TEMPORAL_TLS_CA_FILE: cannot read the file "${join(dir, 'missing.pem')}"`],
    [{ TEMPORAL_TLS: 'maybe' }, 'TEMPORAL_TLS: expected true or false'],
  ])('reports a clear config error for %o', (env, message) => {
    expect(problems(env)).toEqual([expect.stringContaining(message)]);
    // The worker and API read the full schema: the same rule applies there.
    expect(() => loadConfig({ ...baseEnv, ...env })).toThrow(message);
  });
});
