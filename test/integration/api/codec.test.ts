import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { buildApp, type ApiApp } from '../../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../../api/temporal';
import { createAdvowareClient } from '../../../clients/advoware';
import { AesGcmPayloadCodec } from '../../../clients/temporal/codec';
import { loadConfig } from '../../../config';
import { createLogger } from '../../../config/logger';
import { testEnv } from '../../support/env';

const UI = 'http://127.0.0.1:8233';
const TOKEN = 'ui-token-0123456789abcdef0123';
const KEY = { id: 'k2026', key: randomBytes(32).toString('base64') };
const OLD = { id: 'k2025', key: randomBytes(32).toString('base64') };

const b64 = (s: string) => Buffer.from(s).toString('base64');
const json = (value: unknown) => {
  const p = defaultPayloadConverter.toPayload(value)!;
  return { metadata: { encoding: b64('json/plain') }, data: Buffer.from(p.data!).toString('base64') };
};

describe('codec endpoint (Temporal codec-server protocol)', () => {
  let app: ApiApp;
  let temporal: TemporalAccess;

  beforeAll(async () => {
    const config = loadConfig(
      testEnv({ TEMPORAL_ADDRESS: '127.0.0.1:9', TEMPORAL_PAYLOAD_KEYS: `${KEY.id}:${KEY.key},${OLD.id}:${OLD.key}`, TEMPORAL_UI_ORIGIN: UI, CODEC_UI_TOKEN: TOKEN }),
    );
    temporal = createTemporalAccess(config.temporal);
    app = await buildApp({ config, logger: createLogger({ level: 'silent', name: 'test' }), temporal, advoware: createAdvowareClient(config.advoware) });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
  });

  const post = (url: string, payloads: unknown[], headers: Record<string, string> = { 'x-api-key': 'test-api-key' }) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, payload: { payloads } });

  it('encodes with the first key and decodes payloads of every configured key', async () => {
    const encoded = await post('/codec/encode', [json({ name: 'Müller' })]);
    expect(encoded.statusCode).toBe(200);
    const [payload] = encoded.json().payloads;
    expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload.metadata['encryption-key-id'], 'base64').toString()).toBe(KEY.id);
    expect(Buffer.from(payload.data, 'base64').toString('latin1')).not.toContain('ller');

    // A payload written before the rotation (old key) decodes next to a new one.
    const [old] = await new AesGcmPayloadCodec({ keys: [OLD], encryptWith: OLD.id }).encode([defaultPayloadConverter.toPayload({ vorname: 'Anna' })!]);
    const oldJson = { metadata: Object.fromEntries(Object.entries(old!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(old!.data!).toString('base64') };
    const decoded = await post('/codec/decode', [payload, oldJson, json('plain stays plain')]);
    expect(decoded.statusCode).toBe(200);
    const values = decoded.json().payloads.map((p: { metadata: Record<string, string>; data: string }) =>
      defaultPayloadConverter.fromPayload({ metadata: { encoding: Buffer.from(p.metadata.encoding!, 'base64') }, data: Buffer.from(p.data, 'base64') }),
    );
    expect(values).toEqual([{ name: 'Müller' }, { vorname: 'Anna' }, 'plain stays plain']);
  });

  it('requires an API key (X-API-Key or Bearer, as `temporal --codec-auth` sends) on /codec', async () => {
    expect((await post('/codec/decode', [], {})).statusCode).toBe(401);
    expect((await post('/codec/decode', [], { 'x-api-key': 'wrong' })).statusCode).toBe(401);
    expect((await post('/codec/decode', [], { authorization: 'Bearer test-api-key' })).statusCode).toBe(200);
  });

  it('accepts the Web UI only with the configured token in the URL', async () => {
    expect((await post(`/codec/ui/${TOKEN}/decode`, [], {})).statusCode).toBe(200);
    expect((await post(`/codec/ui/${TOKEN}x/decode`, [], {})).statusCode).toBe(401);
    // An API key is no substitute for the UI token on the UI path.
    expect((await post('/codec/ui/test-api-key/decode', [], {})).statusCode).toBe(401);
  });

  it('answers the preflight for the configured UI origin only, without credentials', async () => {
    const preflight = (origin: string) =>
      app.inject({ method: 'OPTIONS', url: `/codec/ui/${TOKEN}/decode`, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    const ok = await preflight(UI);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(UI);
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(String(ok.headers['access-control-allow-headers'])).toMatch(/content-type.*x-namespace/);
    const evil = await preflight('https://evil.example');
    expect(evil.statusCode).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the UI origin on the actual request and refuses other origins even with a valid key', async () => {
    const fromUi = await post(`/codec/ui/${TOKEN}/decode`, [json(1)], { origin: UI });
    expect(fromUi.statusCode).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(UI);
    const fromElsewhere = await post('/codec/decode', [json(1)], { origin: 'https://evil.example', 'x-api-key': 'test-api-key' });
    expect(fromElsewhere.statusCode).toBe(403);
    expect(fromElsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects malformed bodies and undecryptable payloads with a clear 400', async () => {
    const bad = await app.inject({ method: 'POST', url: '/codec/decode', headers: { 'x-api-key': 'test-api-key' }, payload: { payloads: [{ data: '***' }] } });
    expect(bad.statusCode).toBe(400);
    const foreign = await new AesGcmPayloadCodec({ keys: [{ id: 'other', key: randomBytes(32).toString('base64') }], encryptWith: 'other' }).encode([defaultPayloadConverter.toPayload(1)!]);
    const unknown = await post('/codec/decode', [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('other') }, data: Buffer.from(foreign[0]!.data!).toString('base64') }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/key "other", which is not configured/);
  });
});
