import { afterEach, describe, expect, it } from 'vitest';
import {
  AdvowareAuthError,
  AdvowareForbiddenError,
  AdvowareNotFoundError,
  AdvowareResponseTooLargeError,
  AdvowareUpstreamError,
  AdvowareValidationError,
  createAdvowareClient,
  isRetryableAdvowareError,
  type AdvowareClient,
  type AdvowareClientOptions,
  type AdvowareSettings,
} from '../../../clients/advoware';
import { DEFAULT_ADVOWARE_CREDENTIALS as CREDS, startAdvowareSim, type AdvowareSim, type AdvowareSimOptions } from '../../../sim/advoware';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function start(options: AdvowareSimOptions = {}): Promise<AdvowareSim> {
  const sim = await startAdvowareSim(options);
  cleanups.push(() => sim.close());
  return sim;
}

function settingsFor(sim: AdvowareSim, overrides: Partial<AdvowareSettings> = {}): AdvowareSettings {
  return {
    configuratorUrl: sim.configuratorUrl,
    kanzlei: CREDS.kanzlei,
    database: CREDS.database,
    user: CREDS.user,
    password: CREDS.password,
    role: CREDS.role,
    productId: CREDS.product,
    appId: CREDS.appId,
    apiKey: CREDS.apiKeyBase64,
    tokenLifetimeMinutes: 55,
    timeoutMs: 5_000,
    ...overrides,
  };
}

function clientFor(sim: AdvowareSim, overrides: Partial<AdvowareSettings> = {}, options: AdvowareClientOptions = {}): AdvowareClient {
  const client = createAdvowareClient(settingsFor(sim, overrides), options);
  cleanups.push(() => client.close());
  return client;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const tokenRequests = (sim: AdvowareSim) => sim.counter.get('POST', sim.tokenPath);
const mitarbeiterCalls = (sim: AdvowareSim) => sim.counter.get('GET', `${sim.apiPath}api/v1/advonet/Mitarbeiter`);

describe('Advoware client: discovery', () => {
  it('uses connectorUrl when set, and discovers only once', async () => {
    const sim = await start();
    sim.state.addEmployee({ kuerzel: 'AB' }, { specialTermine: 0 });
    const client = clientFor(sim);
    expect(await client.listEmployees()).toEqual([{ kuerzel: 'AB', name: null, vorname: null, email: null, aktiv: true }]);
    await client.listEmployees();
    expect(sim.apiPath).toBe('/connector/');
    expect(mitarbeiterCalls(sim)).toBe(2);
    expect(sim.counter.sum({ path: '/relay/' })).toBe(0);
    expect(sim.counter.get('GET', '/AdvonetConfigurator/api/Url')).toBe(1);
  });

  it('falls back to relayUrl when connectorUrl is null', async () => {
    const sim = await start({ discovery: 'relay' });
    const client = clientFor(sim);
    expect(await client.listEmployees()).toEqual([]);
    expect(sim.counter.get('GET', '/relay/api/v1/advonet/Mitarbeiter')).toBe(1);
  });

  it('skips discovery when apiBaseUrl and securityGatewayUrl are configured', async () => {
    const sim = await start();
    const client = clientFor(sim, { apiBaseUrl: sim.apiBaseUrl.replace(/\/$/, ''), securityGatewayUrl: sim.securityGatewayUrl, configuratorUrl: 'http://127.0.0.1:9/unused/' });
    await client.listEmployees();
    expect(sim.counter.get('GET', '/AdvonetConfigurator/api/Url')).toBe(0);
    expect(mitarbeiterCalls(sim)).toBe(1);
  });

  it('requires securityGatewayUrl when apiBaseUrl is set', async () => {
    const sim = await start();
    expect(() => createAdvowareClient(settingsFor(sim, { apiBaseUrl: sim.apiBaseUrl }))).toThrow(/securityGatewayUrl/);
  });

  it('reports an unknown Kanzlei as a non-retryable AdvowareAuthError and retries discovery next time', async () => {
    const sim = await start();
    const client = clientFor(sim, { kanzlei: 'NOPE' });
    const error = await failure(client.listEmployees());
    expect(error).toBeInstanceOf(AdvowareAuthError);
    expect((error as AdvowareAuthError).advowareMessage).toBe("Die Kanzlei 'NOPE' ist nicht registriert.");
    expect(isRetryableAdvowareError(error)).toBe(false);
    await failure(client.listEmployees());
    expect(sim.counter.get('GET', '/AdvonetConfigurator/api/Url')).toBe(2);
  });
});

describe('Advoware client: token handling', () => {
  it('sends a well-formed, signed token request', async () => {
    const sim = await start();
    await clientFor(sim).listEmployees();
    expect(sim.auth.requests).toHaveLength(1);
    expect(sim.auth.requests[0]).toMatchObject({
      AppID: CREDS.appId,
      Kanzlei: CREDS.kanzlei,
      Database: CREDS.database,
      User: CREDS.user,
      Role: 2,
      Product: 64,
      RequestTimeStamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      HMAC512Signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
    });
  });

  it('shares one token request between 20 concurrent calls', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await Promise.all(Array.from({ length: 20 }, () => client.listEmployees()));
    expect(tokenRequests(sim)).toBe(1);
    expect(mitarbeiterCalls(sim)).toBe(20);
  });

  it('refreshes exactly once and retries once after the token expired', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await client.listEmployees();
    sim.expireAllTokens();
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(2);
    expect(mitarbeiterCalls(sim)).toBe(3);
  });

  it('refreshes once for 20 concurrent calls that all meet an expired token', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await client.listEmployees();
    sim.expireAllTokens();
    await Promise.all(Array.from({ length: 20 }, () => client.listEmployees()));
    expect(tokenRequests(sim)).toBe(2);
    expect(mitarbeiterCalls(sim)).toBe(1 + 20 + 20);
  });

  it('gives up with AdvowareAuthError when the fresh token is refused too', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.faults.failNext(2, 401, { path: `${sim.apiPath}api/v1/advonet/Mitarbeiter` }, { error: 'Das Zugriffstoken ist ungültig oder abgelaufen.' });
    const error = await failure(client.listEmployees());
    expect(error).toBeInstanceOf(AdvowareAuthError);
    expect(tokenRequests(sim)).toBe(2);
    expect(mitarbeiterCalls(sim)).toBe(2);
  });

  it('reports a wrong password as AdvowareAuthError with the German text, without retrying', async () => {
    const sim = await start();
    const client = clientFor(sim, { password: 'falsch' });
    const error = await failure(client.getBeteiligte(1));
    expect(error).toBeInstanceOf(AdvowareAuthError);
    expect((error as AdvowareAuthError).name).toBe('AdvowareAuthError');
    expect((error as AdvowareAuthError).status).toBe(401);
    expect((error as AdvowareAuthError).advowareMessage).toBe('Falscher Name oder falsches Kennwort');
    expect((error as AdvowareAuthError).retryable).toBe(false);
    expect(tokenRequests(sim)).toBe(1);
    expect(sim.counter.sum({ path: sim.apiPath })).toBe(0);
  });

  it('reuses the token until 2 minutes before the configured lifetime ends', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const now = () => clock;
    const sim = await start({ now });
    const client = clientFor(sim, { tokenLifetimeMinutes: 10 }, { now });
    await client.listEmployees();
    clock += 7 * 60_000 + 59_000;
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(1);
    clock += 2_000;
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(2);
  });

  it('honours a server expiry shorter than the configured lifetime', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const now = () => clock;
    const sim = await start({ now, tokenLifetimeSeconds: 5 * 60 });
    const client = clientFor(sim, { tokenLifetimeMinutes: 55 }, { now });
    await client.listEmployees();
    clock += 2 * 60_000 + 59_000;
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(1);
    clock += 2_000;
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(2);
    expect(mitarbeiterCalls(sim)).toBe(3);
  });
});

describe('Advoware client: login limiter (account-lockout guard)', () => {
  it('20 calls to an endpoint answering 401 cost at most one forced refresh per 30 s', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const now = () => clock;
    const sim = await start({ now });
    const client = clientFor(sim, {}, { now });
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, status: 401, body: { error: 'Das Zugriffstoken ist ungültig oder abgelaufen.' } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      statuses.push((await client.request('GET', 'api/v1/advonet/Mitarbeiter')).status);
      clock += 1_000;
    }
    // One initial login + one forced refresh, instead of 1 + 20.
    expect(statuses.every((s) => s === 401)).toBe(true);
    expect(tokenRequests(sim)).toBe(2);
    // 20 calls + 1 retry after the single forced refresh.
    expect(mitarbeiterCalls(sim)).toBe(21);
    await Promise.all(Array.from({ length: 20 }, () => client.request('GET', 'api/v1/advonet/Mitarbeiter')));
    expect(tokenRequests(sim)).toBe(2);
    // Once the window has passed, one more forced refresh is allowed.
    clock += 30_000;
    await Promise.all(Array.from({ length: 20 }, () => client.request('GET', 'api/v1/advonet/Mitarbeiter')));
    expect(tokenRequests(sim)).toBe(3);
  });

  it('a refused login is not repeated within 30 s, whatever callers do', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const now = () => clock;
    const sim = await start({ now });
    const client = clientFor(sim, { password: 'falsch' }, { now });
    for (let i = 0; i < 20; i++) expect(await failure(client.listEmployees())).toBeInstanceOf(AdvowareAuthError);
    expect(tokenRequests(sim)).toBe(1);
    clock += 30_000;
    expect(await failure(client.listEmployees())).toBeInstanceOf(AdvowareAuthError);
    expect(tokenRequests(sim)).toBe(2);
  });

  it('the interval is configurable', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const now = () => clock;
    const sim = await start({ now });
    const client = clientFor(sim, { forcedRefreshIntervalMs: 5_000 }, { now });
    await client.listEmployees();
    sim.expireAllTokens();
    await client.listEmployees();
    sim.expireAllTokens();
    expect(await failure(client.listEmployees())).toBeInstanceOf(AdvowareAuthError);
    expect(tokenRequests(sim)).toBe(2);
    clock += 5_000;
    await client.listEmployees();
    expect(tokenRequests(sim)).toBe(3);
  });
});

describe('Advoware client: response size cap', () => {
  it('refuses a body over maxResponseBytes (announced by Content-Length) with AdvowareResponseTooLargeError', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const path = `${sim.apiPath}api/v1/Akten`;
    sim.faults.add({ path, status: 200, body: Array.from({ length: 500 }, (_, i) => ({ Id: i, Aktenzeichen: `${i}/26`, Mandant: 'x'.repeat(50) })) });
    const error = await failure(client.request('GET', 'api/v1/Akten', { maxResponseBytes: 4096 }));
    expect(error).toBeInstanceOf(AdvowareResponseTooLargeError);
    expect((error as Error).message).toContain('more than 4096 bytes');
    const whole = await client.request('GET', 'api/v1/Akten');
    expect((whole.body as unknown[]).length).toBe(500);
  });
});

describe('Advoware client: failures', () => {
  it('maps 5xx to a retryable AdvowareUpstreamError', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.faults.failNext(1, 503, { path: `${sim.apiPath}api/v1/advonet/Mitarbeiter` }, { error: 'Dienst nicht verfügbar' });
    const error = await failure(client.listEmployees());
    expect(error).toBeInstanceOf(AdvowareUpstreamError);
    expect((error as AdvowareUpstreamError).status).toBe(503);
    expect((error as AdvowareUpstreamError).advowareMessage).toBe('Dienst nicht verfügbar');
    expect(isRetryableAdvowareError(error)).toBe(true);
    expect(await client.listEmployees()).toEqual([]);
  });

  it('maps a token gateway 5xx to a retryable error too', async () => {
    const sim = await start();
    sim.faults.failNext(1, 502, { path: sim.tokenPath });
    const error = await failure(clientFor(sim).listEmployees());
    expect(error).toBeInstanceOf(AdvowareUpstreamError);
    expect(isRetryableAdvowareError(error)).toBe(true);
  });

  it('turns a response slower than timeoutMs into AdvowareUpstreamError', async () => {
    const sim = await start();
    const client = clientFor(sim, { timeoutMs: 150 });
    await client.listEmployees();
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, latencyMs: 1_000, times: 1 });
    const error = await failure(client.listEmployees());
    expect(error).toBeInstanceOf(AdvowareUpstreamError);
    expect((error as Error).message).toContain('timed out after 150 ms');
    expect(isRetryableAdvowareError(error)).toBe(true);
  });

  it('turns a dropped connection into AdvowareUpstreamError', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.faults.add({ path: `${sim.apiPath}api/v1/advonet/Mitarbeiter`, drop: true, times: 1 });
    const error = await failure(client.listEmployees());
    expect(error).toBeInstanceOf(AdvowareUpstreamError);
    expect((error as Error).message).toContain('connection failed');
  });

  it('reports the connector offline as a retryable error with "ist nicht angemeldet"', async () => {
    const sim = await start();
    sim.setOffline(true);
    const error = await failure(clientFor(sim).listEmployees());
    expect(error).toBeInstanceOf(AdvowareUpstreamError);
    expect((error as AdvowareUpstreamError).advowareMessage).toContain('ist nicht angemeldet');
  });
});

describe('Advoware client: typed calls', () => {
  it('reads, searches and writes Beteiligte, preserving fields it does not know', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const created = await client.createBeteiligte({ name: 'Mustermann', vorname: 'Max', geburtsdatum: '1980-05-17T00:00:00', kurzname: 'MUMA' });
    expect(created.betNr).toEqual(expect.any(Number));

    const read = await client.getBeteiligte(created.betNr);
    expect(read.kurzname).toBe('MUMA');
    expect(read.kommunikation).toEqual([]);

    const { betNr, rowId: _rowId, geaendertAm: _geaendertAm, kommunikation: _k, adressen: _a, ...asRead } = read;
    const updated = await client.updateBeteiligte(betNr, { ...asRead, name: 'Mustermann', titel: 'Dr.' });
    expect(updated).toMatchObject({ titel: 'Dr.', kurzname: 'MUMA', vorname: 'Max' });
    expect(updated.rowId).not.toBe(read.rowId);

    expect((await client.searchBeteiligte({ name: 'Mustermann', vorname: 'Max' })).map((b) => b.betNr)).toEqual([betNr]);
    expect(await client.searchBeteiligte({ name: 'Mustermann', vorname: 'Erika' })).toEqual([]);
  });

  it('throws AdvowareNotFoundError (with the German text) for an unknown betNr', async () => {
    const sim = await start();
    const error = await failure(clientFor(sim).getBeteiligte(424242));
    expect(error).toBeInstanceOf(AdvowareNotFoundError);
    expect((error as AdvowareNotFoundError).advowareMessage).toBe('Der Beteiligte mit der Nummer 424242 wurde nicht gefunden.');
    expect(isRetryableAdvowareError(error)).toBe(false);
  });

  it('throws AdvowareValidationError for a rejected body', async () => {
    const sim = await start();
    const error = await failure(clientFor(sim).createBeteiligte({ name: '' }));
    expect(error).toBeInstanceOf(AdvowareValidationError);
    expect((error as AdvowareValidationError).status).toBe(400);
    expect((error as AdvowareValidationError).advowareMessage).toContain('Pflichtfeld');
  });

  it('creates and updates Kommunikationen; kommKz stays as created', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    const entry = await client.createKommunikation(party.betNr, { tlf: 'max@example.com', bemerkung: '[ESPOCRM:bWF4QGV4YW1wbGUuY29t:4]', kommKz: 4, online: true });
    expect(entry).toMatchObject({ betNr: party.betNr, kommKz: 4, tlf: 'max@example.com' });
    const updated = await client.updateKommunikation(party.betNr, entry.id, { tlf: '', bemerkung: '[ESPOCRM-SLOT:4]' });
    expect(updated).toMatchObject({ id: entry.id, kommKz: 4, tlf: '', bemerkung: '[ESPOCRM-SLOT:4]' });
    expect(sim.state.getBeteiligte(party.betNr)?.rowId).toBe(party.rowId);
  });

  it('lists, creates, updates and deletes Termine; special entries are forbidden', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.state.addEmployee({ kuerzel: 'AB' }, { specialTermine: 0 });
    const special = sim.state.createSpecialTermin({ datum: '2026-03-05', ganztaegig: true, text: 'Vorfrist', anwalt: 'AB' });

    const created = await client.createTermin({ datum: '2026-03-10', uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: 'Meeting', anwalt: 'AB' });
    expect(created.frNr).toBeGreaterThan(0);
    expect((await client.listTermine({ kuerzel: 'AB', from: '2026-03-01', to: '2026-03-31' })).termine.map((t) => t.frNr)).toEqual([special.frNr, created.frNr]);
    expect(await client.updateTermin(created.frNr, { text: 'Besprechung' })).toMatchObject({ text: 'Besprechung', uhrzeitVon: '09:00:00' });
    expect((await client.getTermin(created.frNr)).text).toBe('Besprechung');

    await client.deleteTermin(created.frNr);
    expect(await failure(client.getTermin(created.frNr))).toBeInstanceOf(AdvowareNotFoundError);
    const forbidden = await failure(client.deleteTermin(special.frNr));
    expect(forbidden).toBeInstanceOf(AdvowareForbiddenError);
    expect((forbidden as AdvowareForbiddenError).status).toBe(403);
  });
});

describe('Advoware client: generic request() for the proxy', () => {
  it('returns 4xx answers instead of throwing', async () => {
    const sim = await start();
    const client = clientFor(sim);
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    const entry = sim.state.addKommunikation(party.betNr, { tlf: '1', bemerkung: null, kommKz: 1, online: false });
    const reply = await client.request('DELETE', `api/v1/advonet/Beteiligte/${party.betNr}/Kommunikationen/${entry.id}`);
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ error: 'Das Löschen von Kommunikationen ist für API-Anwendungen nicht erlaubt.' });
  });

  it('forwards query and body and parses JSON', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.state.addAkte({ Aktenzeichen: '123/26', Mandant: 'Mustermann' });
    sim.state.addAkte({ Aktenzeichen: '124/26', Mandant: 'Beispiel' });
    const found = await client.request('GET', '/api/v1/Akten', { query: { Search: '123/26' } });
    expect(found).toEqual({ status: 200, body: [{ Id: 1, Aktenzeichen: '123/26', Mandant: 'Mustermann', Rubrum: null }] });
    const created = await client.request('post', 'api/v1/advonet/Termine', { body: { datum: '2026-03-10', anwalt: 'AB', text: 'Via proxy' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ text: 'Via proxy' });
  });

  it('refreshes on 401 like the typed calls', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await client.request('GET', 'api/v1/advonet/Mitarbeiter');
    sim.expireAllTokens();
    expect((await client.request('GET', 'api/v1/advonet/Mitarbeiter')).status).toBe(200);
    expect(tokenRequests(sim)).toBe(2);
  });

  it('throws AdvowareUpstreamError when the connection drops', async () => {
    const sim = await start();
    const client = clientFor(sim);
    sim.faults.add({ path: `${sim.apiPath}api/v1/Akten`, drop: true, times: 1 });
    expect(await failure(client.request('GET', 'api/v1/Akten'))).toBeInstanceOf(AdvowareUpstreamError);
  });

  it('refuses paths that leave the API base', async () => {
    const sim = await start();
    const client = clientFor(sim);
    await expect(client.request('GET', 'https://evil.example/api')).rejects.toThrow(TypeError);
    await expect(client.request('GET', 'api/../../AdvonetConfigurator/api/Url')).rejects.toThrow(TypeError);
  });
});

describe('Advoware client: logging', () => {
  it('never logs the password, API key, tokens or signatures', async () => {
    const sim = await start();
    const entries: string[] = [];
    const record =
      (level: string) =>
      (obj: Record<string, unknown>, msg?: string): void => {
        entries.push(`${level} ${JSON.stringify(obj)} ${msg ?? ''}`);
      };
    const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    const client = clientFor(sim, {}, { logger });

    await client.listEmployees();
    sim.expireAllTokens();
    await client.listEmployees();
    await client.request('GET', 'api/v1/advonet/Beteiligte', { query: { name: 'x' } });
    const badClient = clientFor(sim, { password: 'another-secret-pw' }, { logger });
    await failure(badClient.listEmployees());

    const secrets = [
      CREDS.password,
      'another-secret-pw',
      CREDS.apiKeyBase64,
      Buffer.from(CREDS.apiKeyBase64, 'base64').toString('utf8'),
      ...sim.auth.issuedTokens,
      ...sim.auth.requests.map((r) => String(r.HMAC512Signature)),
    ];
    expect(sim.auth.issuedTokens).toHaveLength(2);
    expect(sim.auth.requests).toHaveLength(3);
    expect(entries.some((e) => e.includes('"status":200') && e.includes('api/v1/advonet/Mitarbeiter'))).toBe(true);
    expect(entries.some((e) => e.includes('advoware.token'))).toBe(true);
    const all = entries.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});

describe('Advoware client with configured paths', () => {
  it('calls the configured path templates instead of the defaults', async () => {
    const sim = await start();
    const wrong = clientFor(sim, { paths: { mitarbeiter: 'api/v1/advonet/employees' } });
    expect(await failure(wrong.listEmployees())).toBeInstanceOf(AdvowareNotFoundError);
    expect(sim.counter.get('GET', `${sim.apiPath}api/v1/advonet/employees`)).toBe(1);
    expect(mitarbeiterCalls(sim)).toBe(0);
    const right = clientFor(sim, { paths: { mitarbeiter: 'api/v1/advonet/Mitarbeiter', termin: 'api/v1/advonet/Termine/{frNr}' } });
    await right.listEmployees();
    expect(mitarbeiterCalls(sim)).toBe(1);
  });
});
