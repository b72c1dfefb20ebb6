import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type ApiApp } from '../../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../../api/temporal';
import { createAdvowareClient, type AdvowareClient } from '../../../clients/advoware';
import { loadConfig, parseEnv, secretValues } from '../../../config';
import { createLogger } from '../../../config/logger';
import { DEFAULT_ADVOWARE_CREDENTIALS, startAdvowareSim, type AdvowareSim } from '../../../sim/advoware';
import { advowareSimEnv, testEnv } from '../../support/env';
import { temporalAddress } from '../../support/temporal';

const KEY = { 'x-api-key': 'proxy-key-1' };

describe('Advoware proxy against the simulator', () => {
  let sim: AdvowareSim;
  let app: ApiApp;
  let temporal: TemporalAccess;
  let advoware: AdvowareClient;
  const logLines: string[] = [];
  let env: ReturnType<typeof parseEnv>;

  beforeAll(async () => {
    sim = await startAdvowareSim();
    const raw = testEnv({
      TEMPORAL_ADDRESS: temporalAddress(),
      API_KEYS: 'proxy-key-1,proxy-key-2',
      API_RATE_LIMIT_PER_MINUTE: '1000',
      API_BODY_LIMIT_BYTES: '4096',
      ADVOWARE_API_TIMEOUT_SECONDS: '1',
      LOG_LEVEL: 'debug',
      ...advowareSimEnv(sim, DEFAULT_ADVOWARE_CREDENTIALS),
    });
    env = parseEnv(raw);
    const config = loadConfig(raw);
    const destination = new Writable({ write: (chunk, _e, done) => (logLines.push(chunk.toString()), done()) });
    const logger = createLogger({ level: 'debug', name: 'test', secrets: secretValues(env), destination });
    advoware = createAdvowareClient(config.advoware, { logger: logger.child({ component: 'advoware' }) });
    temporal = createTemporalAccess(config.temporal);
    app = await buildApp({ config, logger, temporal, advoware });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await advoware?.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.faults.clear();
    sim.counter.reset();
  });

  const apiCalls = () => sim.counter.sum({ path: sim.apiPath });

  it('GET forwards the endpoint and other query params and wraps the result', async () => {
    sim.state.addEmployee({ kuerzel: 'PX', name: 'Proxy', vorname: 'Petra', email: 'px@kanzlei.example', aktiv: true });
    const res = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers: KEY });
    expect(res.statusCode).toBe(200);
    expect(res.json().result).toEqual(expect.arrayContaining([expect.objectContaining({ kuerzel: 'PX' })]));

    sim.state.createTermin({ datum: '2026-12-01', uhrzeitVon: '10:00:00', uhrzeitBis: '11:00:00', text: 'Verhandlung', anwalt: 'PX' });
    const termine = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Termine&kuerzel=PX&from=2026-11-01&to=2026-12-31', headers: KEY });
    expect(termine.statusCode).toBe(200);
    expect(termine.json().result.map((t: { text: string }) => t.text)).toContain('Verhandlung');
  });

  it('POST and PUT forward the JSON body; DELETE forwards without one', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/advoware/proxy?endpoint=api/v1/advonet/Termine',
      headers: KEY,
      payload: { datum: '2026-12-02', uhrzeitVon: '09:00:00', uhrzeitBis: '09:30:00', text: 'Telefonat', anwalt: 'PX' },
    });
    expect(created.statusCode).toBeLessThan(300);
    const frNr = created.json().result.frNr as number;
    expect(sim.state.getTermin(frNr)?.text).toBe('Telefonat');

    const updated = await app.inject({ method: 'PUT', url: `/advoware/proxy?endpoint=api/v1/advonet/Termine/${frNr}`, headers: KEY, payload: { text: 'Telefonat (verschoben)' } });
    expect(updated.statusCode).toBe(200);
    expect(sim.state.getTermin(frNr)?.text).toBe('Telefonat (verschoben)');

    const deleted = await app.inject({ method: 'DELETE', url: `/advoware/proxy?endpoint=api/v1/advonet/Termine/${frNr}`, headers: KEY });
    expect(deleted.statusCode).toBeLessThan(300);
    expect(sim.state.getTermin(frNr)).toBeUndefined();
  });

  it("mirrors Advoware's 4xx status (Kommunikation DELETE is 403)", async () => {
    const party = sim.state.createBeteiligte({ name: 'Mirror', vorname: 'Max', rechtsform: 'Natürliche Person' });
    const komm = sim.state.addKommunikation(party.betNr, { tlf: '0511 1', kommKz: 1, bemerkung: null, online: false });
    const res = await app.inject({ method: 'DELETE', url: `/advoware/proxy?endpoint=api/v1/advonet/Beteiligte/${party.betNr}/Kommunikationen/${komm.id}`, headers: KEY });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'Advoware rejected the request', upstreamStatus: 403 });
    const missing = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Beteiligte/999999', headers: KEY });
    expect(missing.statusCode).toBe(404);
  });

  it.each([
    ['missing', '/advoware/proxy'],
    ['absolute URL', '/advoware/proxy?endpoint=https://evil.example/x'],
    ['scheme-relative host', '/advoware/proxy?endpoint=//evil.example/x'],
    ['traversal', '/advoware/proxy?endpoint=api/../../etc/passwd'],
    ['encoded traversal', '/advoware/proxy?endpoint=api/%252e%252e/x'],
    ['double slash', '/advoware/proxy?endpoint=api//v1'],
    ['control characters', '/advoware/proxy?endpoint=api%0d%0aX-Evil:1'],
    ['backslash', '/advoware/proxy?endpoint=api%5cv1'],
  ])('rejects a %s endpoint with 400 and forwards nothing', async (_name, url) => {
    const res = await app.inject({ url, headers: KEY });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('Bad Request');
    expect(apiCalls()).toBe(0);
  });

  it('requires a valid API key in any accepted header and forwards nothing otherwise', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer wrong' }, { apikey: '' }]) {
      const res = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers });
      expect(res.statusCode).toBe(401);
    }
    expect(sim.counter.sum()).toBe(0);
    for (const headers of [{ apikey: 'proxy-key-2' }, { authorization: 'Bearer proxy-key-1' }]) {
      expect((await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers })).statusCode).toBe(200);
    }
  });

  it('turns upstream 500 and timeouts into 502 with a clean body', async () => {
    sim.faults.failNext(1, 500, { path: `${sim.apiPath}api/v1/advonet/Mitarbeiter` });
    const failed = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers: KEY });
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ error: 'Advoware upstream error', upstreamStatus: 500 });

    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, latencyMs: 1500, times: 1 });
    const slow = await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers: KEY });
    expect(slow.statusCode).toBe(502);
    expect(slow.json().error).toBe('Advoware unreachable');
    expect(slow.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('limits the request body size', async () => {
    const res = await app.inject({ method: 'POST', url: '/advoware/proxy?endpoint=api/v1/advonet/Termine', headers: KEY, payload: { text: 'x'.repeat(10_000) } });
    expect(res.statusCode).toBe(413);
    expect(apiCalls()).toBe(0);
  });

  it('never logs passwords, API keys, tokens or HMAC secrets', async () => {
    sim.expireAllTokens();
    await app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers: KEY });
    const all = logLines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [DEFAULT_ADVOWARE_CREDENTIALS.password, DEFAULT_ADVOWARE_CREDENTIALS.apiKeyBase64, 'proxy-key-1', ...secretValues(env)]) {
      expect(all).not.toContain(secret);
    }
    expect(sim.auth.issuedTokens.length).toBeGreaterThan(0);
    for (const token of sim.auth.issuedTokens) expect(all).not.toContain(token);
  });
});

describe('per-address rate limit (@fastify/rate-limit)', () => {
  it('answers 429 with Retry-After once an address exceeds its budget, whichever key it uses', async () => {
    const sim = await startAdvowareSim();
    const raw = testEnv({ TEMPORAL_ADDRESS: temporalAddress(), API_KEYS: 'a-key-long-enough-1,b-key-long-enough-2', API_RATE_LIMIT_PER_MINUTE: '2', ...advowareSimEnv(sim, DEFAULT_ADVOWARE_CREDENTIALS) });
    const config = loadConfig(raw);
    const advoware = createAdvowareClient(config.advoware);
    const temporal = createTemporalAccess(config.temporal);
    const app = await buildApp({ config, logger: createLogger({ level: 'silent', name: 't' }), temporal, advoware });
    try {
      const call = (key: string, remoteAddress = '10.0.0.1') =>
        app.inject({ url: '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter', headers: { 'x-api-key': key }, remoteAddress });
      expect((await call('a-key-long-enough-1')).statusCode).toBe(200);
      expect((await call('a-key-long-enough-1')).statusCode).toBe(200);
      const limited = await call('b-key-long-enough-2');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ error: 'Too Many Requests' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Every route counts, not just the proxy.
      expect((await app.inject({ url: '/health', remoteAddress: '10.0.0.1' })).statusCode).toBe(429);
      expect((await call('a-key-long-enough-1', '10.0.0.2')).statusCode).toBe(200);
      expect(sim.counter.sum({ path: sim.apiPath })).toBe(3);
    } finally {
      await app.close();
      await temporal.close();
      await advoware.close();
      await sim.close();
    }
  });
});

describe('proxy hardening: login limiter, response cap, trimmed upstream errors', () => {
  let sim: AdvowareSim;
  let app: ApiApp;
  let temporal: TemporalAccess;
  let advoware: AdvowareClient;
  const key = { 'x-api-key': 'hardening-proxy-key-1' };
  const mitarbeiter = '/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter';

  beforeAll(async () => {
    sim = await startAdvowareSim();
    const raw = testEnv({
      TEMPORAL_ADDRESS: temporalAddress(),
      API_KEYS: key['x-api-key'],
      API_RATE_LIMIT_PER_MINUTE: '1000',
      ADVOWARE_PROXY_MAX_RESPONSE_BYTES: '4096',
      ...advowareSimEnv(sim, DEFAULT_ADVOWARE_CREDENTIALS),
    });
    const config = loadConfig(raw);
    advoware = createAdvowareClient(config.advoware);
    temporal = createTemporalAccess(config.temporal);
    app = await buildApp({ config, logger: createLogger({ level: 'silent', name: 't' }), temporal, advoware });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await advoware?.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.faults.clear();
    sim.counter.reset();
  });

  it('20 proxy calls to an endpoint answering 401 cause at most one forced token refresh', async () => {
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, status: 401, body: { error: 'Das Zugriffstoken ist ungültig oder abgelaufen.' } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await app.inject({ url: mitarbeiter, headers: key })).statusCode);
    expect(new Set(statuses)).toEqual(new Set([502]));
    const logins = sim.counter.get('POST', sim.tokenPath);
    console.log(`token-refresh limiter: 20 proxy calls against a 401 endpoint → ${logins} token requests (1 login + at most 1 forced refresh; was 21)`);
    expect(logins).toBeLessThanOrEqual(2);
  });

  it('refuses to relay an upstream body over ADVOWARE_PROXY_MAX_RESPONSE_BYTES (502)', async () => {
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, status: 200, body: Array.from({ length: 200 }, (_, i) => ({ kuerzel: `K${i}`, name: 'x'.repeat(40) })), times: 1 });
    const res = await app.inject({ url: mitarbeiter, headers: key });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: 'Advoware response too large' });
    expect(res.body.length).toBeLessThan(600);
  });

  it('trims upstream error details to one short cleaned line', async () => {
    const noisy = `<html><body><h1>Server Error</h1>\n${'System.NullReferenceException at Advoware.Api.Controller.Get()\r\n\t'.repeat(40)}</body></html>`;
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, status: 500, body: { Message: noisy }, times: 1 });
    const res = await app.inject({ url: mitarbeiter, headers: key });
    expect(res.statusCode).toBe(502);
    const { details } = res.json() as { details: string };
    expect(details.length).toBeLessThanOrEqual(200);
    expect(details).toMatch(/^Server Error System\.NullReferenceException/);
    expect(details).not.toMatch(/[<>\r\n\t]/);
  });
});
