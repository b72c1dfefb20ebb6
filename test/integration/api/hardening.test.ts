import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiApp } from '../../../api/app';
import { startupWarnings } from '../../../api/startup-warnings';
import { createTemporalAccess, type TemporalAccess } from '../../../api/temporal';
import { createAdvowareClient, type AdvowareClient } from '../../../clients/advoware';
import { loadConfig, parseEnv, secretValues } from '../../../config';
import { createLogger } from '../../../config/logger';
import { DEFAULT_ADVOWARE_CREDENTIALS, startAdvowareSim, type AdvowareSim } from '../../../sim/advoware';
import { advowareSimEnv, testEnv } from '../../support/env';
import { temporalAddress, uniqueTaskQueue } from '../../support/temporal';

const API_KEY = 'hardening-api-key-0123456789';
const WEBHOOK_SECRET = 'hardening-webhook-secret';
const sign = (body: string | Buffer, secret = WEBHOOK_SECRET) => Buffer.from(`wh1:${createHmac('sha256', secret).update(body).digest('hex')}`).toString('base64');

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  err?: { type: string; message: string; stack: string };
}

/** An app whose real pino output is captured line by line. */
async function appWithLog(overrides: Record<string, string> = {}, sim?: AdvowareSim) {
  const lines: string[] = [];
  const raw = testEnv({
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('hardening'),
    API_KEYS: API_KEY,
    ESPOCRM_WEBHOOK_SECRETS: `wh1=${WEBHOOK_SECRET}`,
    API_BODY_LIMIT_BYTES: '4096',
    ...(sim ? advowareSimEnv(sim, DEFAULT_ADVOWARE_CREDENTIALS) : {}),
    ...overrides,
  });
  const env = parseEnv(raw);
  const config = loadConfig(raw);
  const destination = new Writable({ write: (chunk, _e, done) => (lines.push(...chunk.toString().split('\n').filter(Boolean)), done()) });
  const logger = createLogger({ level: 'info', name: 'hardening', secrets: secretValues(env), destination });
  const temporal = createTemporalAccess(config.temporal);
  const advoware = createAdvowareClient(config.advoware);
  const app = await buildApp({ config, logger, temporal, advoware });
  const parsed = () => lines.map((l) => JSON.parse(l) as LogLine);
  return { app, temporal, advoware, lines, parsed, env, config };
}

describe('request log lines (parsed from real pino output)', () => {
  let sim: AdvowareSim;
  let ctx: Awaited<ReturnType<typeof appWithLog>>;

  beforeAll(async () => {
    sim = await startAdvowareSim();
    ctx = await appWithLog({}, sim);
  });
  afterAll(async () => {
    await ctx?.app.close();
    await ctx?.temporal.close();
    await ctx?.advoware.close();
    await sim?.close();
  });

  it('carry method, route, status and duration, never the query string', async () => {
    const res = await ctx.app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Beteiligte&name=Müller-Lüdenscheidt&vorname=Erika', headers: { 'x-api-key': API_KEY } });
    expect(res.statusCode).toBe(200);
    await ctx.app.inject({ url: '/nowhere?name=Müller-Lüdenscheidt' });
    const completed = ctx.parsed().filter((l) => l.msg === 'request completed');
    const proxy = completed.find((l) => l.route === '/advoware/proxy');
    expect(proxy).toMatchObject({ method: 'GET', route: '/advoware/proxy', status: 200 });
    expect(typeof proxy?.durationMs).toBe('number');
    expect(proxy?.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof proxy?.reqId).toBe('string');
    expect(completed.find((l) => l.status === 404)).toMatchObject({ method: 'GET', route: 'unmatched' });
    const all = ctx.lines.join('\n');
    for (const leak of ['Müller', 'Lüdenscheidt', 'Erika', 'name=', '?endpoint', '"req":{}', '"res":{}']) expect(all).not.toContain(leak);
  });

  it('error lines keep the message and stack; known secrets are scrubbed from the serialised line', async () => {
    const dead = await appWithLog({ TEMPORAL_ADDRESS: '127.0.0.1:9' });
    try {
      const res = await dead.app.inject({ method: 'POST', url: '/admin/ping', headers: { 'x-api-key': API_KEY }, payload: { message: 'x' } });
      expect(res.statusCode).toBe(503);
      const error = dead.parsed().find((l) => l.level >= 50 && l.err !== undefined);
      expect(error?.err?.message).toMatch(/\S/);
      expect(error?.err?.stack).toMatch(/\n\s+at /);
      expect(error?.err?.type).toMatch(/Error$/);

      const password = dead.env.ADVOWARE_PASSWORD;
      dead.app.log.error({ err: new Error(`login failed with ${password} for ${API_KEY}`) }, 'upstream said');
      const last = dead.lines.at(-1) as string;
      expect(last).not.toContain(password);
      expect(last).not.toContain(API_KEY);
      const parsed = JSON.parse(last) as LogLine;
      expect(parsed.err?.message).toBe('login failed with [redacted] for [redacted]');
      expect(parsed.err?.stack).toContain('login failed with [redacted] for [redacted]');
      for (const secret of secretValues(dead.env)) expect(dead.lines.join('\n')).not.toContain(secret);
    } finally {
      await dead.app.close();
      await dead.temporal.close();
      await dead.advoware.close();
    }
  });
});

describe('authentication before parsing, and per-address limits on failures', () => {
  let ctx: Awaited<ReturnType<typeof appWithLog>>;
  beforeAll(async () => {
    ctx = await appWithLog({ API_AUTH_FAILURES_PER_MINUTE: '5' });
  });
  afterAll(async () => {
    await ctx?.app.close();
    await ctx?.temporal.close();
    await ctx?.advoware.close();
  });

  it.each([
    ['malformed JSON', '{"message":', 'application/json'],
    ['a schema violation', '{"message":42,"evil":true}', 'application/json'],
    ['a body over the limit', JSON.stringify({ message: 'x'.repeat(10_000) }), 'application/json'],
    ['an unsupported content type', 'message=x', 'application/x-www-form-urlencoded'],
  ])('answers 401 (not 400/413/415) to %s without a key: the key is checked in onRequest', async (_name, payload, contentType) => {
    for (const url of ['/admin/ping', '/advoware/calendar/sync', '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter']) {
      const res = await ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType }, remoteAddress: `10.1.0.${url.length}` });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error).toBe('Unauthorized');
    }
  });

  it('locks an address out after API_AUTH_FAILURES_PER_MINUTE failures, even with the right key; other addresses are unaffected', async () => {
    const from = (remoteAddress: string, key: string) => ctx.app.inject({ method: 'POST', url: '/admin/ping', headers: { 'x-api-key': key }, payload: { message: 42 }, remoteAddress });
    for (let i = 0; i < 5; i++) expect((await from('10.2.0.1', `guess-${i}`)).statusCode).toBe(401);
    const locked = await from('10.2.0.1', 'guess-6');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect((await from('10.2.0.1', API_KEY)).statusCode).toBe(429);
    // The right key from another address is authenticated (then fails validation: 400).
    expect((await from('10.2.0.2', API_KEY)).statusCode).toBe(400);
  });

  it('counts bad webhook signatures as failed authentication', async () => {
    const body = '[{"id":"lock1"}]';
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/update', payload: body, headers: { 'content-type': 'application/json', signature: sign(body, 'wrong') }, remoteAddress: '10.3.0.1' });
      expect(res.statusCode).toBe(401);
    }
    const locked = await ctx.app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/update', payload: body, headers: { 'content-type': 'application/json', signature: sign(body) }, remoteAddress: '10.3.0.1' });
    expect(locked.statusCode).toBe(429);
  });
});

describe('webhook verification over the raw bytes', () => {
  let ctx: Awaited<ReturnType<typeof appWithLog>>;
  let temporal: TemporalAccess;
  let app: ApiApp;
  let advoware: AdvowareClient;
  beforeAll(async () => {
    ctx = await appWithLog();
    ({ app, temporal, advoware } = ctx);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await advoware?.close();
  });

  const post = (payload: string | Buffer, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/vmh/webhook/beteiligte/update', payload, headers: { 'content-type': 'application/json', ...headers } });

  it('answers every signature failure with the same generic 401 body and logs the reason', async () => {
    const body = '[{"id":"generic1"}]';
    const bodies = [
      await post(body, {}),
      await post(body, { signature: '!!!' }),
      await post(body, { signature: sign(body, 'wrong-secret') }),
      await post(body, { signature: Buffer.from(`wh9:${'0'.repeat(64)}`).toString('base64') }),
      await post('{"id":', { signature: sign('[]') }),
    ].map((r) => ({ status: r.statusCode, body: r.json() }));
    for (const r of bodies) expect(r).toEqual({ status: 401, body: { error: 'Unauthorized', message: 'Webhook signature rejected' } });
    const reasons = ctx.parsed().filter((l) => l.msg === 'webhook signature rejected').map((l) => (l as unknown as { reason: string }).reason);
    expect(new Set(reasons)).toEqual(new Set(['missing signature header', 'malformed signature header', 'signature mismatch', 'unknown webhook id']));
  });

  it('verifies the bytes as sent: a body that is not valid UTF-8 is checked as is, not after decoding', async () => {
    // 0xff is not UTF-8; decoding to a string first would turn it into U+FFFD and change the HMAC input.
    const raw = Buffer.concat([Buffer.from('[{"id":"bytes1","name":"'), Buffer.from([0xff]), Buffer.from('"}]')]);
    const decodedThenSigned = sign(raw.toString('utf8'));
    expect((await post(raw, { signature: decodedThenSigned })).statusCode).toBe(401);
    const res = await post(raw, { signature: sign(raw) });
    expect(res.statusCode).toBe(200);
    expect(res.json().ids).toEqual(['bytes1']);
    await temporal.client.workflow.getHandle('beteiligte:bytes1').terminate('test cleanup').catch(() => undefined);
  });

  it('verifies before parsing: a signed but malformed body is 400, an unsigned malformed body is 401', async () => {
    expect((await post('{"id":', { signature: sign('{"id":') })).statusCode).toBe(400);
    expect((await post('{"id":', {})).statusCode).toBe(401);
  });
});

describe('start-up warnings', () => {
  const configWith = (extra: Record<string, string>) => loadConfig(testEnv({ API_KEYS: API_KEY, ESPOCRM_WEBHOOK_SECRETS: 'wh1=abcdef', ...extra }));

  it('says nothing for a secure configuration', () => {
    expect(startupWarnings(configWith({}))).toEqual([]);
  });

  it('warns when webhook secrets are empty, unsigned webhooks are allowed, or API keys are missing or short', () => {
    expect(startupWarnings(configWith({ ESPOCRM_WEBHOOK_SECRETS: '' })).join('\n')).toMatch(/ESPOCRM_WEBHOOK_SECRETS is empty/);
    expect(startupWarnings(configWith({ ESPOCRM_WEBHOOK_ALLOW_UNSIGNED: 'true' })).join('\n')).toMatch(/SECURITY: ESPOCRM_WEBHOOK_ALLOW_UNSIGNED=true/);
    expect(startupWarnings(configWith({ ESPOCRM_WEBHOOK_SECRETS: '', ESPOCRM_WEBHOOK_ALLOW_UNSIGNED: 'true' }))).toHaveLength(2);
    expect(startupWarnings(configWith({ API_KEYS: '' })).join('\n')).toMatch(/API_KEYS is empty/);
    expect(startupWarnings(configWith({ API_KEYS: 'short' })).join('\n')).toMatch(/shorter than 16/);
  });
});
