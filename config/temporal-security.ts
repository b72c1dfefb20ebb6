import { accessSync, constants } from 'node:fs';
import type { z } from 'zod';

/**
 * The key every non-production process uses when TEMPORAL_PAYLOAD_KEYS is empty, so the demo,
 * the tests, the CLI and the API's codec endpoint agree without set-up. It is PUBLIC (it is in
 * this file): it only proves the encryption path works. Production refuses it.
 */
export const DEMO_PAYLOAD_KEY = { id: 'demo-insecure', key: 'jqNb4RX6dVzp0VGBHgvKdvHPP0DR0jgAlcMM0SiiRtU=' } as const;

/** The TEMPORAL_* fields the connection and codec rules look at (parsed values). */
export interface TemporalSecurityEnv {
  NODE_ENV?: string;
  TEMPORAL_TLS?: boolean;
  TEMPORAL_TLS_CA_FILE?: string;
  TEMPORAL_TLS_CERT_FILE?: string;
  TEMPORAL_TLS_KEY_FILE?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
  TEMPORAL_API_KEY?: string;
  TEMPORAL_PAYLOAD_ENCRYPTION: boolean;
  TEMPORAL_PAYLOAD_KEYS: Record<string, string>;
}

const TLS_DETAILS = ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_SERVER_NAME'] as const;
const TLS_FILES = ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'] as const;

/** Combinations that cannot work, reported as config errors at start rather than as TLS handshake failures later. */
export function checkTemporalSecurity(env: TemporalSecurityEnv, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (env.TEMPORAL_TLS_CERT_FILE && !env.TEMPORAL_TLS_KEY_FILE) issue('TEMPORAL_TLS_KEY_FILE', 'is required with TEMPORAL_TLS_CERT_FILE (mTLS needs the client certificate and its key)');
  if (env.TEMPORAL_TLS_KEY_FILE && !env.TEMPORAL_TLS_CERT_FILE) issue('TEMPORAL_TLS_CERT_FILE', 'is required with TEMPORAL_TLS_KEY_FILE (mTLS needs the client certificate and its key)');
  if (env.TEMPORAL_TLS === false) {
    for (const name of TLS_DETAILS) if (env[name]) issue(name, 'is set but TEMPORAL_TLS=false; remove one of them');
    if (env.TEMPORAL_API_KEY) issue('TEMPORAL_API_KEY', 'is only ever sent over TLS; remove TEMPORAL_TLS=false');
  }
  for (const name of TLS_FILES) {
    const path = env[name];
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      issue(name, `cannot read the file "${path}"`);
    }
  }
  const production = env.NODE_ENV === 'production';
  if (production && env.TEMPORAL_PAYLOAD_ENCRYPTION && Object.keys(env.TEMPORAL_PAYLOAD_KEYS).length === 0) {
    issue('TEMPORAL_PAYLOAD_KEYS', 'is required in production: client data in Temporal is encrypted (set TEMPORAL_PAYLOAD_ENCRYPTION=off only to store it in clear on purpose)');
  }
  if (production && Object.values(env.TEMPORAL_PAYLOAD_KEYS).includes(DEMO_PAYLOAD_KEY.key)) {
    issue('TEMPORAL_PAYLOAD_KEYS', 'contains the public demo key; generate a key with `openssl rand -base64 32`');
  }
}

export interface TemporalTlsSettings {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
}

export interface PayloadEncryptionSettings {
  /** Id of the key new payloads are encrypted with; undefined = payloads are written in clear. */
  encryptWith?: string;
  /** Every key that may decrypt (rotation: old keys stay here until no history needs them). */
  keys: { id: string; key: string }[];
  /** True when the public demo key is in use (no TEMPORAL_PAYLOAD_KEYS outside production). */
  demoKey: boolean;
}

/** TLS is on when asked for, when any TLS detail is given, or with an API key (which needs TLS). */
export function tlsSettings(env: TemporalSecurityEnv): TemporalTlsSettings | false {
  const anyDetail = TLS_DETAILS.some((name) => env[name]);
  if (env.TEMPORAL_TLS === false || !(env.TEMPORAL_TLS || anyDetail || env.TEMPORAL_API_KEY)) return false;
  return {
    caFile: env.TEMPORAL_TLS_CA_FILE,
    certFile: env.TEMPORAL_TLS_CERT_FILE,
    keyFile: env.TEMPORAL_TLS_KEY_FILE,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
}

export function payloadEncryptionSettings(env: TemporalSecurityEnv): PayloadEncryptionSettings {
  const configured = Object.entries(env.TEMPORAL_PAYLOAD_KEYS).map(([id, key]) => ({ id, key }));
  const keys = configured.length > 0 ? configured : env.NODE_ENV === 'production' ? [] : [{ ...DEMO_PAYLOAD_KEY }];
  return {
    encryptWith: env.TEMPORAL_PAYLOAD_ENCRYPTION ? keys[0]?.id : undefined,
    keys,
    demoKey: configured.length === 0 && keys.length > 0,
  };
}
