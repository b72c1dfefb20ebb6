import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ADVOWARE_CREDENTIALS as CREDS, startAdvowareSim, type AdvowareSim, type AdvowareSimOptions } from '../../../sim/advoware';

const sims: AdvowareSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function start(options: AdvowareSimOptions = {}): Promise<AdvowareSim> {
  const sim = await startAdvowareSim(options);
  sims.push(sim);
  return sim;
}

interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

async function http(method: string, url: string, options: { body?: unknown; token?: string; rawBody?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // plain text body
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

type TokenFields = Record<string, unknown>;

/** A correctly signed token request for the default credentials, computed here independently of the simulator. */
function tokenBody(overrides: TokenFields = {}, apiKeyBase64 = CREDS.apiKeyBase64): TokenFields {
  const body: TokenFields = {
    AppID: CREDS.appId,
    Kanzlei: CREDS.kanzlei,
    Database: CREDS.database,
    User: CREDS.user,
    Role: 2,
    Product: 64,
    Password: CREDS.password,
    Nonce: `nonce-${Math.random()}`,
    RequestTimeStamp: new Date().toISOString(),
    ...overrides,
  };
  if (!('HMAC512Signature' in overrides)) {
    body.HMAC512Signature = createHmac('sha512', Buffer.from(apiKeyBase64, 'base64'))
      .update(`${String(body.Product)}:${String(body.AppID)}:${String(body.Nonce)}:${String(body.RequestTimeStamp)}`, 'utf8')
      .digest('base64');
  }
  return body;
}

async function token(sim: AdvowareSim, overrides: TokenFields = {}): Promise<string> {
  const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody(overrides) });
  expect(reply.status).toBe(200);
  return (reply.body as { access_token: string }).access_token;
}

function errorText(reply: Reply): string {
  return (reply.body as { error: string }).error;
}

const api = (sim: AdvowareSim, path: string) => `${sim.apiBaseUrl}${path}`;

describe('Advoware simulator: discovery', () => {
  it('hands out a connectorUrl (and a refusing relayUrl) in connector mode', async () => {
    const sim = await start();
    const reply = await http('GET', `${sim.configuratorUrl}api/Url?Kanzlei=${CREDS.kanzlei}`);
    expect(reply.status).toBe(200);
    const urls = reply.body as { relayUrl: string; connectorUrl: string; securityGateway: string };
    expect(urls.connectorUrl).toBe(sim.apiBaseUrl);
    expect(urls.securityGateway).toBe(sim.securityGatewayUrl);
    for (const u of [urls.relayUrl, urls.connectorUrl, urls.securityGateway]) expect(u.endsWith('/')).toBe(true);
    expect(urls.relayUrl).not.toBe(urls.connectorUrl);

    const bearer = await token(sim);
    expect((await http('GET', `${urls.connectorUrl}api/v1/advonet/Mitarbeiter`, { token: bearer })).status).toBe(200);
    const viaRelay = await http('GET', `${urls.relayUrl}api/v1/advonet/Mitarbeiter`, { token: bearer });
    expect(viaRelay.status).toBe(404);
    expect(errorText(viaRelay)).toContain('Connector');
  });

  it('hands out connectorUrl null and a working relayUrl in relay mode', async () => {
    const sim = await start({ discovery: 'relay' });
    const urls = (await http('GET', `${sim.configuratorUrl}api/Url?Kanzlei=${CREDS.kanzlei}`)).body as { relayUrl: string; connectorUrl: null };
    expect(urls.connectorUrl).toBeNull();
    expect(urls.relayUrl).toBe(sim.apiBaseUrl);
    const reply = await http('GET', `${urls.relayUrl}api/v1/advonet/Mitarbeiter`, { token: await token(sim) });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([]);
  });

  it('answers an unknown Kanzlei with 404 and a German text', async () => {
    const sim = await start();
    const reply = await http('GET', `${sim.configuratorUrl}api/Url?Kanzlei=NOPE`);
    expect(reply.status).toBe(404);
    expect(errorText(reply)).toBe("Die Kanzlei 'NOPE' ist nicht registriert.");
  });
});

describe('Advoware simulator: token gateway', () => {
  it('accepts the published HMAC test vector byte for byte', async () => {
    const sim = await start({ credentials: { appId: 'app-123', apiKeyBase64: Buffer.from('test-secret-key').toString('base64') } });
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, {
      body: {
        AppID: 'app-123',
        Kanzlei: CREDS.kanzlei,
        Database: CREDS.database,
        User: CREDS.user,
        Role: 2,
        Product: 64,
        Password: CREDS.password,
        Nonce: 'nonce-abc',
        RequestTimeStamp: '2026-08-30T00:00:00.000Z',
        HMAC512Signature: 'o7rz9KmoXZs550HfzO6ffiG17XwiPmlBHlksUYKZ3jcfolELow51Fw5KlrQqCK5y41aIValDjrh1iQ2GZ2WtqQ==',
      },
    });
    expect(reply.status).toBe(200);
    const body = reply.body as { access_token: string; expiration_utc: string; expires_in: number };
    expect(body.access_token.length).toBeGreaterThan(20);
    expect(body.expires_in).toBe(55 * 60);
    expect(body.expiration_utc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('uses the configured lifetime and a clock-based expiration_utc', async () => {
    const clock = Date.parse('2026-03-01T10:00:00.000Z');
    const sim = await start({ tokenLifetimeSeconds: 600, now: () => clock });
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody() });
    expect(reply.body).toMatchObject({ expires_in: 600, expiration_utc: '2026-03-01T10:10:00.000Z' });
  });

  it.each([
    ['a bad signature', { HMAC512Signature: 'AAAA' }, 'Die HMAC512-Signatur der Anfrage ist ungültig.'],
    ['an unknown AppID', { AppID: 'other-app' }, "Die Anwendung mit der AppID 'other-app' ist unbekannt und für die Kanzlei 'SIMKANZLEI' nicht freigeschaltet."],
    ['Product 65', { Product: 65 }, 'Das Produkt 65 ist für diese Anwendung nicht freigeschaltet.'],
    ['a wrong password', { Password: 'wrong' }, 'Falscher Name oder falsches Kennwort'],
    ['a wrong user', { User: 'XY' }, 'Falscher Name oder falsches Kennwort'],
    ['an unknown Kanzlei', { Kanzlei: 'ANDERE' }, "Die Kanzlei 'ANDERE' ist nicht registriert."],
    ['an unknown database', { Database: 'ANDEREDB' }, "Die Datenbank 'ANDEREDB' der Kanzlei 'SIMKANZLEI' ist nicht registriert."],
  ])('refuses %s with 401 and a German text', async (_label, overrides, text) => {
    const sim = await start();
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody(overrides) });
    expect(reply.status).toBe(401);
    expect(errorText(reply)).toBe(text);
  });

  it('refuses an App that is registered but not enabled for the Kanzlei', async () => {
    const sim = await start();
    const key = Buffer.from('second-app-key').toString('base64');
    sim.auth.registerApp('second-app', key, { enabled: false });
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody({ AppID: 'second-app' }, key) });
    expect(reply.status).toBe(401);
    expect(errorText(reply)).toContain('nicht freigeschaltet');
  });

  it('uses authErrorStatus for refusals', async () => {
    const sim = await start({ authErrorStatus: 403 });
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody({ Password: 'x' }) });
    expect(reply.status).toBe(403);
    expect(errorText(reply)).toBe('Falscher Name oder falsches Kennwort');
  });

  it('answers 400 when a field is missing', async () => {
    const sim = await start();
    const { Nonce: _omitted, ...body } = tokenBody();
    const reply = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body });
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toContain("'Nonce'");
  });

  it('accepts a reused nonce by default and rejects it when configured', async () => {
    const lenient = await start();
    await token(lenient, { Nonce: 'same' });
    await token(lenient, { Nonce: 'same' });

    const strict = await start({ rejectReusedNonce: true });
    await token(strict, { Nonce: 'same' });
    const reply = await http('POST', `${strict.securityGatewayUrl}api/v1/Token`, { body: tokenBody({ Nonce: 'same' }) });
    expect(reply.status).toBe(401);
    expect(errorText(reply)).toContain('Nonce');
  });

  it('checks clock skew only when configured, accepting PHP-style offsets', async () => {
    const sim = await start({ maxClockSkewMinutes: 5 });
    const stale = await http('POST', `${sim.securityGatewayUrl}api/v1/Token`, { body: tokenBody({ RequestTimeStamp: '2020-01-01T00:00:00.000Z' }) });
    expect(stale.status).toBe(401);
    expect(errorText(stale)).toContain('RequestTimeStamp');
    const php = new Date().toISOString().replace(/\.\d{3}Z$/, '+0000');
    await token(sim, { RequestTimeStamp: php });

    const unchecked = await start();
    await token(unchecked, { RequestTimeStamp: '2020-01-01T00:00:00.000Z' });
  });
});

describe('Advoware simulator: bearer check', () => {
  it('refuses missing, unknown and expired tokens with 401', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const sim = await start({ tokenLifetimeSeconds: 60, now: () => clock });
    const url = api(sim, 'api/v1/advonet/Mitarbeiter');
    expect((await http('GET', url)).status).toBe(401);
    expect((await http('GET', url, { token: 'made-up' })).status).toBe(401);

    const bearer = await token(sim);
    expect((await http('GET', url, { token: bearer })).status).toBe(200);
    clock += 61_000;
    const expired = await http('GET', url, { token: bearer });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer');
    expect(errorText(expired)).toContain('abgelaufen');
  });

  it('expires tokens early via expireAllTokens() and POST /__admin/expire-tokens', async () => {
    const sim = await start();
    const url = api(sim, 'api/v1/advonet/Mitarbeiter');
    const first = await token(sim);
    sim.expireAllTokens();
    expect((await http('GET', url, { token: first })).status).toBe(401);

    const second = await token(sim);
    expect((await http('GET', url, { token: second })).status).toBe(200);
    expect((await http('POST', `${sim.url}/__admin/expire-tokens`)).status).toBe(200);
    expect((await http('GET', url, { token: second })).status).toBe(401);
  });

  it('answers 503 "ist nicht angemeldet" while the connector is offline', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const url = api(sim, 'api/v1/advonet/Mitarbeiter');
    await http('POST', `${sim.url}/__admin/offline`, { body: { offline: true } });
    const offline = await http('GET', url, { token: bearer });
    expect(offline.status).toBe(503);
    expect(errorText(offline)).toContain('ist nicht angemeldet');
    await http('POST', `${sim.url}/__admin/offline`, { body: { offline: false } });
    expect((await http('GET', url, { token: bearer })).status).toBe(200);
  });
});

describe('Advoware simulator: Beteiligte', () => {
  it('creates, reads with embedded arrays, and normalises geburtsdatum', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const created = await http('POST', api(sim, 'api/v1/advonet/Beteiligte'), {
      token: bearer,
      body: { name: 'Mustermann', vorname: 'Max', rechtsform: 'Natürliche Person', geburtsdatum: '1980-05-17', kurzname: 'MUMA' },
    });
    expect(created.status).toBe(201);
    const record = created.body as Record<string, unknown>;
    expect(record.betNr).toEqual(expect.any(Number));
    expect(record.rowId).toMatch(/^[A-P]{40}$/);
    expect(record.geburtsdatum).toBe('1980-05-17T00:00:00');

    const read = await http('GET', api(sim, `api/v1/advonet/Beteiligte/${String(record.betNr)}`), { token: bearer });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Mustermann', kurzname: 'MUMA', briefanrede: null, sprache: null, kommunikation: [], adressen: [] });
  });

  it('PUT replaces the whole record: omitted fields become null, and rowId/geaendertAm change', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const sim = await start({ now: () => clock });
    const bearer = await token(sim);
    const original = sim.state.createBeteiligte({ name: 'Beispiel GmbH', rechtsform: 'GmbH', kurzname: 'BSP', sprache: 'de' });

    clock += 60_000;
    const asRead = (await http('GET', api(sim, `api/v1/advonet/Beteiligte/${original.betNr}`), { token: bearer })).body as Record<string, unknown>;
    const kept = await http('PUT', api(sim, `api/v1/advonet/Beteiligte/${original.betNr}`), { token: bearer, body: { ...asRead, registergericht: 'AG Hannover' } });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ kurzname: 'BSP', sprache: 'de', registergericht: 'AG Hannover', geaendertAm: '2026-03-01T10:01:00.000Z' });
    expect((kept.body as { rowId: string }).rowId).not.toBe(original.rowId);

    const partial = await http('PUT', api(sim, `api/v1/advonet/Beteiligte/${original.betNr}`), { token: bearer, body: { name: 'Beispiel GmbH' } });
    expect(partial.body).toMatchObject({ kurzname: null, sprache: null, rechtsform: null, registergericht: null });
  });

  it('rejects a missing name with 400 and a German message, unknown betNr with 404', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const invalid = await http('POST', api(sim, 'api/v1/advonet/Beteiligte'), { token: bearer, body: { vorname: 'Max' } });
    expect(invalid.status).toBe(400);
    expect(errorText(invalid)).toBe("Das Feld 'name' ist ein Pflichtfeld und darf nicht leer sein.");
    const badDate = await http('POST', api(sim, 'api/v1/advonet/Beteiligte'), { token: bearer, body: { name: 'X', geburtsdatum: '17.05.1980' } });
    expect(badDate.status).toBe(400);
    const missing = await http('GET', api(sim, 'api/v1/advonet/Beteiligte/999'), { token: bearer });
    expect(missing.status).toBe(404);
    expect(errorText(missing)).toBe('Der Beteiligte mit der Nummer 999 wurde nicht gefunden.');
    expect((await http('PUT', api(sim, 'api/v1/advonet/Beteiligte/999'), { token: bearer, body: { name: 'X' } })).status).toBe(404);
  });

  it('searches by exact name (and vorname) and returns a plain array', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const max = sim.state.createBeteiligte({ name: 'Mustermann', vorname: 'Max' });
    const erika = sim.state.createBeteiligte({ name: 'Mustermann', vorname: 'Erika' });
    sim.state.createBeteiligte({ name: 'Mustermann-Schulz', vorname: 'Max' });
    const search = async (query: string) =>
      ((await http('GET', api(sim, `api/v1/advonet/Beteiligte?${query}`), { token: bearer })).body as { betNr: number }[]).map((b) => b.betNr);
    expect(await search('name=Mustermann')).toEqual([max.betNr, erika.betNr]);
    expect(await search('name=Mustermann&vorname=Erika')).toEqual([erika.betNr]);
    expect(await search('name=mustermann')).toEqual([]);
    expect((await http('GET', api(sim, 'api/v1/advonet/Beteiligte'), { token: bearer })).status).toBe(400);
  });

  it('state helpers deep-copy in and out', async () => {
    const sim = await start();
    const input = { name: 'Original' };
    const created = sim.state.createBeteiligte(input);
    input.name = 'Changed input';
    created.name = 'Changed output';
    expect(sim.state.getBeteiligte(created.betNr)?.name).toBe('Original');
  });

  it('a user edit through the state bumps rowId and geaendertAm', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const sim = await start({ now: () => clock });
    const created = sim.state.createBeteiligte({ name: 'A', vorname: 'B', kurzname: 'K' });
    clock += 5_000;
    const edited = sim.state.updateBeteiligte(created.betNr, { vorname: 'C' });
    expect(edited).toMatchObject({ name: 'A', vorname: 'C', kurzname: 'K', geaendertAm: '2026-03-01T10:00:05.000Z' });
    expect(edited.rowId).not.toBe(created.rowId);
  });
});

describe('Advoware simulator: Kommunikationen', () => {
  it('creates entries with derived kommArt; child writes change only the child rowId', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    const url = api(sim, `api/v1/advonet/Beteiligte/${party.betNr}/Kommunikationen`);

    const created = await http('POST', url, { token: bearer, body: { tlf: '0511/12345-60', bemerkung: null, kommKz: 1, online: false } });
    expect(created.status).toBe(201);
    const item = created.body as { id: number; rowId: string };
    expect(created.body).toMatchObject({ betNr: party.betNr, kommKz: 1, kommArt: 0, tlf: '0511/12345-60', bemerkung: null, online: false });
    expect(item.rowId).toMatch(/^[A-P]{40}$/);

    const updated = await http('PUT', `${url}/${item.id}`, { token: bearer, body: { tlf: '0511/999', bemerkung: 'neu', kommKz: 4, online: true } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: item.id, kommKz: 1, tlf: '0511/999', bemerkung: 'neu', online: true });
    expect((updated.body as { rowId: string }).rowId).not.toBe(item.rowId);

    const after = sim.state.getBeteiligte(party.betNr);
    expect(after?.rowId).toBe(party.rowId);
    expect(after?.geaendertAm).toBe(party.geaendertAm);
    expect(after?.kommunikation).toHaveLength(1);
  });

  it.each([0, 13, 2.5, '1'])('rejects kommKz %s with 400', async (kommKz) => {
    const sim = await start();
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    const reply = await http('POST', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}/Kommunikationen`), {
      token: await token(sim),
      body: { tlf: 'x', bemerkung: null, kommKz, online: false },
    });
    expect(reply.status).toBe(400);
    expect(errorText(reply)).toContain('Erlaubt sind die Werte 1 bis 12');
  });

  it('DELETE is forbidden (403) and the entry survives', async () => {
    const sim = await start();
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    const entry = sim.state.addKommunikation(party.betNr, { tlf: 'a@b.de', bemerkung: null, kommKz: 4, online: false });
    const reply = await http('DELETE', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}/Kommunikationen/${entry.id}`), { token: await token(sim) });
    expect(reply.status).toBe(403);
    expect(errorText(reply)).toContain('nicht erlaubt');
    expect(sim.state.getBeteiligte(party.betNr)?.kommunikation).toHaveLength(1);
  });

  it('reports kommKz 0 on GET when kommKzZeroOnRead is set', async () => {
    const sim = await start({ kommKzZeroOnRead: true });
    const party = sim.state.createBeteiligte({ name: 'Kontakt' });
    sim.state.addKommunikation(party.betNr, { tlf: '0170 1234', bemerkung: null, kommKz: 3, online: false });
    const read = (await http('GET', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}`), { token: await token(sim) })).body as {
      kommunikation: { kommKz: number }[];
    };
    expect(read.kommunikation[0].kommKz).toBe(0);
    expect(sim.state.getBeteiligte(party.betNr)?.kommunikation[0].kommKz).toBe(3);
  });
});

describe('Advoware simulator: Adressen', () => {
  it('POST takes every field, PUT changes only strasse/plz/ort/anschrift, DELETE is 403', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const party = sim.state.createBeteiligte({ name: 'Adresse' });
    const url = api(sim, `api/v1/advonet/Beteiligte/${party.betNr}/Adressen`);
    const full = {
      strasse: 'Hauptstr. 1',
      plz: '30159',
      ort: 'Hannover',
      anschrift: 'Hauptstr. 1, 30159 Hannover',
      land: 'D',
      postfach: '123',
      postfachPLZ: '30001',
      standardAnschrift: true,
      bemerkung: 'espo:abc',
      gueltigVon: '2020-01-01',
      gueltigBis: null,
      reihenfolgeIndex: 1,
    };
    const created = await http('POST', url, { token: bearer, body: full });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(full);
    const id = (created.body as { id: number }).id;

    const updated = await http('PUT', `${url}/${id}`, {
      token: bearer,
      body: { strasse: 'Nebenstr. 2', ort: 'Laatzen', land: 'AT', bemerkung: 'geändert', gueltigBis: '2025-12-31', standardAnschrift: false, reihenfolgeIndex: 9 },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ ...full, strasse: 'Nebenstr. 2', ort: 'Laatzen' });

    expect((await http('DELETE', `${url}/${id}`, { token: bearer })).status).toBe(403);
    expect(sim.state.getBeteiligte(party.betNr)?.adressen).toHaveLength(1);

    // GET on the collection lists what the Beteiligte GET embeds (what `doctor` probes); unknown party → 404.
    const listed = await http('GET', url, { token: bearer });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(sim.state.getBeteiligte(party.betNr)?.adressen);
    expect((await http('GET', api(sim, 'api/v1/advonet/Beteiligte/999/Adressen'), { token: bearer })).status).toBe(404);
  });
});

describe('Advoware simulator: Bankverbindungen', () => {
  it('POST creates under the party, GET lists them (not embedded in the Beteiligte GET), PUT and DELETE are 405', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const party = sim.state.createBeteiligte({ name: 'Konto' });
    const url = api(sim, `api/v1/advonet/Beteiligte/${party.betNr}/Bankverbindungen`);
    const body = { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', kontoinhaber: 'Konto', bankname: 'Commerzbank' };
    const created = await http('POST', url, { token: bearer, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, betNr: party.betNr, id: expect.any(Number) });
    const id = (created.body as { id: number }).id;
    expect((await http('GET', url, { token: bearer })).body).toEqual([created.body]);
    expect((await http('GET', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}`), { token: bearer })).body).not.toHaveProperty('bankverbindungen');
    expect((await http('PUT', `${url}/${id}`, { token: bearer, body: { bic: 'X' } })).status).toBe(405);
    expect((await http('DELETE', `${url}/${id}`, { token: bearer })).status).toBe(405);
    expect((await http('POST', url, { token: bearer, body: { bic: 'X' } })).status).toBe(400);
    expect((await http('GET', api(sim, 'api/v1/advonet/Beteiligte/999/Bankverbindungen'), { token: bearer })).status).toBe(404);
    expect(sim.state.listBankverbindungen(party.betNr)).toHaveLength(1);
  });
});

describe('Advoware simulator: Termine', () => {
  it('lists an employee’s entries overlapping the window as a plain array, including negative frNr', async () => {
    const sim = await start();
    sim.state.addEmployee({ kuerzel: 'AB', name: 'Anwalt', vorname: 'Anna' }, { specialTermine: 0 });
    sim.state.addEmployee({ kuerzel: 'CD' }, { specialTermine: 0 });
    const inside = sim.state.createTermin({ datum: '2026-03-10', uhrzeitVon: '09:00', uhrzeitBis: '10:00:00', text: 'Inside', anwalt: 'AB' });
    const spanning = sim.state.createTermin({ datum: '2026-03-01', datumBis: '2026-03-05', ganztaegig: true, text: 'Urlaub', anwalt: 'AB' });
    sim.state.createTermin({ datum: '2026-04-01', text: 'Later', anwalt: 'AB' });
    sim.state.createTermin({ datum: '2026-03-10', text: 'Other lawyer', anwalt: 'CD' });
    const series = sim.state.createTermin({ datum: '2026-01-05', turnusArt: 2, turnusBis: '2026-06-30', text: 'Jour fixe', anwalt: 'AB' });
    const special = sim.state.createSpecialTermin({ datum: '2026-03-12', ganztaegig: true, text: 'Vorfrist', anwalt: 'AB' });

    const reply = await http('GET', api(sim, 'api/v1/advonet/Termine?kuerzel=AB&from=2026-03-04&to=2026-03-31'), { token: await token(sim) });
    expect(reply.status).toBe(200);
    const frNrs = (reply.body as { frNr: number }[]).map((t) => t.frNr);
    expect(frNrs).toEqual([series.frNr, spanning.frNr, inside.frNr, special.frNr]);
    expect(special.frNr).toBeLessThan(0);
    expect(inside).toMatchObject({ uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', datumBis: '2026-03-10', ganztaegig: false, privat: false });
    expect(spanning).not.toHaveProperty('uhrzeitVon');
    expect(spanning).not.toHaveProperty('uhrzeitBis');
    expect(series.turnus).toBe(1);
  });

  it('addEmployee seeds special entries with negative frNr that cannot be changed or deleted', async () => {
    const sim = await start();
    sim.state.addEmployee({ kuerzel: 'EF' });
    const specials = sim.state.listTermine({ kuerzel: 'EF' });
    expect(specials).toHaveLength(2);
    expect(specials.every((t) => t.frNr < 0)).toBe(true);
    const bearer = await token(sim);
    const frNr = specials[0].frNr;
    const put = await http('PUT', api(sim, `api/v1/advonet/Termine/${frNr}`), { token: bearer, body: { text: 'x' } });
    expect(put.status).toBe(403);
    expect(errorText(put)).toContain('Sondertermin');
    expect((await http('DELETE', api(sim, `api/v1/advonet/Termine/${frNr}`), { token: bearer })).status).toBe(403);
    expect((await http('GET', api(sim, `api/v1/advonet/Termine/${frNr}`), { token: bearer })).status).toBe(200);
  });

  it('creates with a new frNr, merges PUT patches, stamps zuletztGeaendertAm, deletes', async () => {
    let clock = Date.parse('2026-03-01T10:00:00.000Z');
    const sim = await start({ now: () => clock });
    const bearer = await token(sim);
    const created = await http('POST', api(sim, 'api/v1/advonet/Termine'), {
      token: bearer,
      body: { datum: '2026-02-10', uhrzeitVon: '09:00:00', uhrzeitBis: '10:30:00', text: 'Meeting', ort: 'Kanzlei', anwalt: 'AB' },
    });
    expect(created.status).toBe(201);
    const termin = created.body as { frNr: number; zuletztGeaendertAm: string };
    expect(termin.frNr).toBeGreaterThan(0);
    expect(termin.zuletztGeaendertAm).toBe('2026-03-01T10:00:00.000Z');

    clock += 60_000;
    const patched = await http('PUT', api(sim, `api/v1/advonet/Termine/${termin.frNr}`), { token: bearer, body: { text: 'Besprechung', notiz: 'Akte 12/26' } });
    expect(patched.body).toMatchObject({ frNr: termin.frNr, text: 'Besprechung', notiz: 'Akte 12/26', ort: 'Kanzlei', uhrzeitVon: '09:00:00', zuletztGeaendertAm: '2026-03-01T10:01:00.000Z' });

    const allDay = await http('PUT', api(sim, `api/v1/advonet/Termine/${termin.frNr}`), { token: bearer, body: { ganztaegig: true } });
    expect(allDay.body).not.toHaveProperty('uhrzeitVon');

    const invalid = await http('POST', api(sim, 'api/v1/advonet/Termine'), { token: bearer, body: { datum: '10.02.2026', anwalt: 'AB' } });
    expect(invalid.status).toBe(400);
    expect(errorText(invalid)).toContain('JJJJ-MM-TT');

    expect((await http('DELETE', api(sim, `api/v1/advonet/Termine/${termin.frNr}`), { token: bearer })).status).toBe(204);
    const gone = await http('GET', api(sim, `api/v1/advonet/Termine/${termin.frNr}`), { token: bearer });
    expect(gone.status).toBe(404);
    expect(errorText(gone)).toContain('wurde nicht gefunden');
  });
});

describe('Advoware simulator: Mitarbeiter and Akten', () => {
  it('lists employees and searches Akten', async () => {
    const sim = await start();
    const bearer = await token(sim);
    sim.state.addEmployee({ kuerzel: 'AB', name: 'Anwalt', vorname: 'Anna', email: 'ab@kanzlei.test' });
    sim.state.addEmployee({ kuerzel: 'XY', aktiv: false }, { specialTermine: 0 });
    const employees = await http('GET', api(sim, 'api/v1/advonet/Mitarbeiter'), { token: bearer });
    expect(employees.body).toEqual([
      { kuerzel: 'AB', name: 'Anwalt', vorname: 'Anna', email: 'ab@kanzlei.test', aktiv: true },
      { kuerzel: 'XY', name: null, vorname: null, email: null, aktiv: false },
    ]);

    const akte = sim.state.addAkte({ Aktenzeichen: '123/26', Mandant: 'Mustermann' });
    sim.state.addAkte({ Aktenzeichen: '124/26', Mandant: 'Beispiel GmbH' });
    const found = await http('GET', api(sim, 'api/v1/Akten?Search=123%2F26'), { token: bearer });
    expect(found.body).toEqual([akte]);
    expect(((await http('GET', api(sim, 'api/v1/Akten'), { token: bearer })).body as unknown[]).length).toBe(2);
    expect((await http('GET', api(sim, `api/v1/Akten/${akte.Id}`), { token: bearer })).body).toEqual(akte);
    expect((await http('GET', api(sim, 'api/v1/Akten/999'), { token: bearer })).status).toBe(404);
  });
});

describe('Advoware simulator: admin, faults and request counting', () => {
  it('seeds and reports state over the admin API', async () => {
    const sim = await start();
    const seeded = await http('POST', `${sim.url}/__admin/seed`, {
      body: {
        employees: [{ kuerzel: 'AB' }],
        beteiligte: [{ name: 'Seed', kommunikation: [{ tlf: '1', bemerkung: null, kommKz: 1, online: false }] }],
        termine: [{ datum: '2026-03-01', anwalt: 'AB', text: 'T' }],
      },
    });
    expect(seeded.status).toBe(200);
    const state = (await http('GET', `${sim.url}/__admin/state`)).body as { beteiligte: { kommunikation: unknown[] }[]; termine: unknown[]; employees: unknown[] };
    expect(state.employees).toHaveLength(1);
    expect(state.beteiligte[0].kommunikation).toHaveLength(1);
    expect(state.termine).toHaveLength(3);
  });

  it('injects harness faults on API paths', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const url = api(sim, 'api/v1/advonet/Mitarbeiter');
    sim.faults.failNext(1, 500, { path: `${sim.apiPath}api/v1/advonet/Mitarbeiter` });
    expect((await http('GET', url, { token: bearer })).status).toBe(500);
    expect((await http('GET', url, { token: bearer })).status).toBe(200);
  });

  it('counts every request exactly by method and path', async () => {
    const sim = await start();
    const bearer = await token(sim);
    const party = sim.state.createBeteiligte({ name: 'Zaehlung' });
    await http('POST', `${sim.url}/__admin/counts/reset`);

    await http('GET', `${sim.configuratorUrl}api/Url?Kanzlei=${CREDS.kanzlei}`);
    await token(sim);
    await http('GET', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}`), { token: bearer });
    await http('GET', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}`), { token: bearer });
    await http('PUT', api(sim, `api/v1/advonet/Beteiligte/${party.betNr}`), { token: bearer, body: { name: 'Zaehlung 2' } });
    await http('GET', api(sim, 'api/v1/advonet/Beteiligte?name=Zaehlung%202'), { token: bearer });
    await http('GET', api(sim, 'api/v1/advonet/Mitarbeiter'));
    await http('GET', `${sim.url}/__admin/state`);

    const counts = (await http('GET', `${sim.url}/__admin/counts`)).body as { counts: Record<string, number> };
    expect(counts.counts).toEqual({
      'GET /AdvonetConfigurator/api/Url': 1,
      [`GET ${sim.apiPath}api/v1/advonet/Beteiligte`]: 1,
      [`GET ${sim.apiPath}api/v1/advonet/Beteiligte/${party.betNr}`]: 2,
      [`GET ${sim.apiPath}api/v1/advonet/Mitarbeiter`]: 1,
      [`POST ${sim.tokenPath}`]: 1,
      [`PUT ${sim.apiPath}api/v1/advonet/Beteiligte/${party.betNr}`]: 1,
    });
    expect(sim.counter.sum({ path: sim.apiPath })).toBe(5);
  });
});
