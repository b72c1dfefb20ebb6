import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ESPOCRM_API_KEY, startEspoCrmSim, type EspoCrmSim } from '../../../sim/espocrm';

interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: Tree;
}

/** A parsed JSON answer as inspected in assertions: every index yields the same loose shape. */
interface Tree {
  [key: string]: Tree;
  [index: number]: Tree;
}
const items = (value: Tree): Tree[] => value as unknown as Tree[];

async function call(
  sim: EspoCrmSim,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; apiKey?: string | null } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey !== null) headers['X-Api-Key'] ??= options.apiKey ?? DEFAULT_ESPOCRM_API_KEY;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sim.apiBaseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: (text ? JSON.parse(text) : undefined) as Tree };
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('EspoCRM simulator: auth', () => {
  const hmacUser = { userId: 'b0b0b0b0b0b0b0b0b', userName: 'hmac-user', apiKey: 'hmac-key', secretKey: 'hmac-secret' };
  let sim: EspoCrmSim;
  beforeAll(async () => {
    sim = await startEspoCrmSim({ apiUsers: [{ userId: 'a0a0a0a0a0a0a0a0a', userName: 'key-user', apiKey: 'plain-key' }, hmacUser] });
  });
  afterAll(() => sim.close());

  const hmacHeader = (method: string, resource: string, secret = hmacUser.secretKey, legacy = false) => {
    const digest = createHmac('sha256', secret).update(`${method} ${resource}`);
    const sig = legacy ? digest.digest() : Buffer.from(digest.digest('hex'));
    return Buffer.concat([Buffer.from(`${hmacUser.apiKey}:`), sig]).toString('base64');
  };

  it('accepts a valid X-Api-Key and rejects a wrong or missing one with an empty 401', async () => {
    expect((await call(sim, 'GET', '/CBeteiligte', { apiKey: 'plain-key' })).status).toBe(200);
    const wrong = await call(sim, 'GET', '/CBeteiligte', { apiKey: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe('');
    const missing = await call(sim, 'GET', '/CBeteiligte', { apiKey: null });
    expect(missing.status).toBe(401);
    expect(missing.text).toBe('');
  });

  it('accepts a hand-computed HMAC (hex) over "METHOD /path" without the query string', async () => {
    const ok = await call(sim, 'GET', '/CBeteiligte?maxSize=1', {
      apiKey: null,
      headers: { 'X-Hmac-Authorization': hmacHeader('GET', '/CBeteiligte') },
    });
    expect(ok.status).toBe(200);
    const created = await call(sim, 'POST', '/CBeteiligte', {
      apiKey: null,
      headers: { 'X-Hmac-Authorization': hmacHeader('POST', '/CBeteiligte') },
      body: { name: 'Hmac GmbH' },
    });
    expect(created.status).toBe(200);
    expect(created.json.createdById).toBe(hmacUser.userId);
  });

  it('accepts the legacy binary-digest HMAC form', async () => {
    const res = await call(sim, 'GET', '/CBeteiligte', {
      apiKey: null,
      headers: { 'X-Hmac-Authorization': hmacHeader('GET', '/CBeteiligte', hmacUser.secretKey, true) },
    });
    expect(res.status).toBe(200);
  });

  it('rejects a wrong secret, a signature for another path, and a bare API key of an HMAC user', async () => {
    const wrongSecret = await call(sim, 'GET', '/CBeteiligte', {
      apiKey: null,
      headers: { 'X-Hmac-Authorization': hmacHeader('GET', '/CBeteiligte', 'other') },
    });
    expect(wrongSecret.status).toBe(401);
    const otherPath = await call(sim, 'GET', '/Task', { apiKey: null, headers: { 'X-Hmac-Authorization': hmacHeader('GET', '/CBeteiligte') } });
    expect(otherPath.status).toBe(401);
    expect((await call(sim, 'GET', '/CBeteiligte', { apiKey: 'hmac-key' })).status).toBe(401);
  });
});

describe('EspoCRM simulator: CRUD and validation', () => {
  let sim: EspoCrmSim;
  beforeAll(async () => {
    sim = await startEspoCrmSim();
  });
  beforeEach(() => sim.state.reset());
  afterAll(() => sim.close());

  it('creates with a 17-hex id, UTC timestamps, defaults, and ignores system attributes', async () => {
    const res = await call(sim, 'POST', '/CBeteiligte', {
      body: { name: 'Muster GmbH', id: 'chosen', createdAt: '2000-01-01 00:00:00', versionNumber: 99, deleted: true, unknownThing: 1 },
    });
    expect(res.status).toBe(200);
    const record = res.json;
    expect(record.id).toMatch(/^[0-9a-f]{17}$/);
    expect(record.createdAt).toMatch(DATETIME);
    expect(record.createdAt).not.toBe('2000-01-01 00:00:00');
    expect(record.modifiedAt).toBe(record.createdAt);
    expect(record).toMatchObject({ name: 'Muster GmbH', syncStatus: 'pending_sync', versionNumber: 1, deleted: false, betnr: null });
    expect(record).not.toHaveProperty('unknownThing');
    expect(sim.state.getRecord('CBeteiligte', String(record.id))).toEqual(record);
  });

  it('reads, updates by PUT and PATCH alike, deletes with true, and 404s unknown ids', async () => {
    const { json: created } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'A' } });
    expect((await call(sim, 'GET', `/CBeteiligte/${created.id}`)).json).toEqual(created);

    const put = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { titel: 'Dr.' } });
    expect(put.json).toMatchObject({ titel: 'Dr.', name: 'A', versionNumber: 2 });
    const patch = await call(sim, 'PATCH', `/CBeteiligte/${created.id}`, { body: { betnr: 123 } });
    expect(patch.json).toMatchObject({ titel: 'Dr.', betnr: 123, versionNumber: 3 });
    expect(patch.json.modifiedById).toBe(created.createdById);

    const del = await call(sim, 'DELETE', `/CBeteiligte/${created.id}`);
    expect(del.status).toBe(200);
    expect(del.json).toBe(true);
    expect((await call(sim, 'GET', `/CBeteiligte/${created.id}`)).status).toBe(404);
    expect((await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { name: 'x' } })).status).toBe(404);
    expect((await call(sim, 'DELETE', `/CBeteiligte/${created.id}`)).status).toBe(404);
  });

  it('does not save an update that changes nothing (modifiedAt and versionNumber stay)', async () => {
    const { json: created } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Same', betnr: 7 } });
    const res = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { name: 'Same', betnr: 7, modifiedAt: '2030-01-01 00:00:00' } });
    expect(res.json.versionNumber).toBe(1);
    expect(res.json.modifiedAt).toBe(created.modifiedAt);
    expect(res.json.modifiedById).toBeNull();
  });

  it('answers a missing name with 400 validationFailure body and reason header', async () => {
    const res = await call(sim, 'POST', '/CBeteiligte', { body: { firstName: 'Max' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-status-reason')).toBe('Field validation failure; entityType: CBeteiligte, field: name, type: required.');
    expect(res.json).toEqual({ messageTranslation: { label: 'validationFailure', scope: null, data: { field: 'name', type: 'required' } } });
    const { json: created } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'ok' } });
    const blank = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { name: '' } });
    expect(blank.status).toBe(400);
    expect(blank.json.messageTranslation.data).toEqual({ field: 'name', type: 'required' });
  });

  it.each([
    [{ syncStatus: 'bogus' }, 'syncStatus'],
    [{ geburtsdatum: '01.02.1980' }, 'geburtsdatum'],
    [{ betnr: 'abc' }, 'betnr'],
    [{ syncNextRetry: '2026-01-01T00:00:00Z' }, 'syncNextRetry'],
    [{ emailAddressData: [{ primary: true }] }, 'emailAddress'],
    [{ phoneNumberData: [{ type: 'Office' }] }, 'phoneNumber'],
    [{ phoneNumberData: [{ phoneNumber: '123', type: 'Pager' }] }, 'phoneNumber'],
  ])('rejects invalid %j with 400 on field %s', async (input, field) => {
    const res = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'x', ...input } });
    expect(res.status).toBe(400);
    expect(res.json.messageTranslation.data).toEqual({ field, type: 'valid' });
  });

  it('keeps emailAddressData and the primary emailAddress consistent', async () => {
    const { json: created } = await call(sim, 'POST', '/CBeteiligte', {
      body: {
        name: 'Mail',
        emailAddressData: [
          { emailAddress: 'Info@Firma.de', primary: false },
          { emailAddress: 'Chef@Firma.de', primary: true },
        ],
      },
    });
    expect(created.emailAddress).toBe('Chef@Firma.de');
    expect(created.emailAddressData).toEqual([
      { emailAddress: 'Info@Firma.de', lower: 'info@firma.de', primary: false, optOut: false, invalid: false },
      { emailAddress: 'Chef@Firma.de', lower: 'chef@firma.de', primary: true, optOut: false, invalid: false },
    ]);

    const replaced = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { emailAddress: 'neu@firma.de' } });
    expect(replaced.json.emailAddress).toBe('neu@firma.de');
    expect(items(replaced.json.emailAddressData).map((e) => [e.lower, e.primary])).toEqual([
      ['neu@firma.de', true],
      ['info@firma.de', false],
    ]);

    const cleared = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, { body: { emailAddress: null } });
    expect(cleared.json.emailAddress).toBe('Info@Firma.de');
    expect(cleared.json.emailAddressData).toHaveLength(1);
    expect(cleared.json.emailAddressData[0].primary).toBe(true);
  });

  it('keeps phoneNumberData consistent, with exactly one primary and the Home type allowed', async () => {
    const { json: created } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Tel', phoneNumber: '+49 511 1234' } });
    expect(created.phoneNumberData).toEqual([{ phoneNumber: '+49 511 1234', primary: true, type: 'Office', optOut: false, invalid: false }]);
    const updated = await call(sim, 'PUT', `/CBeteiligte/${created.id}`, {
      body: {
        phoneNumberData: [
          { phoneNumber: '0170 1', type: 'Mobile', primary: false },
          { phoneNumber: '0511 2', type: 'Home', primary: false },
        ],
      },
    });
    expect(updated.json.phoneNumber).toBe('0170 1');
    expect(items(updated.json.phoneNumberData).filter((p) => p.primary as unknown as boolean)).toHaveLength(1);
    expect(updated.json.phoneNumberData[1].type).toBe('Home');
  });

  it('stores other entity types generically, keeping unknown attributes', async () => {
    const res = await call(sim, 'POST', '/CSomething', { body: { foo: 'bar', nested: { a: 1 } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ foo: 'bar', nested: { a: 1 } });
    expect(res.json).not.toHaveProperty('versionNumber');
    const task = await call(sim, 'POST', '/Task', { body: { name: 'Prüfen' } });
    expect(task.json).toMatchObject({ name: 'Prüfen', status: 'Not Started' });
    expect(sim.state.tasks()).toHaveLength(1);
    expect((await call(sim, 'POST', '/Task', { body: {} })).status).toBe(400);
  });

  it('deep-copies state in and out', () => {
    const input = { name: 'Copy', emailAddress: 'a@b.de' };
    const created = sim.state.createRecord('CBeteiligte', input);
    input.name = 'changed';
    created.name = 'changed too';
    (sim.state.getRecord('CBeteiligte', created.id as string)?.emailAddressData as { lower: string }[])[0].lower = 'x';
    const stored = sim.state.getRecord('CBeteiligte', created.id as string);
    expect(stored?.name).toBe('Copy');
    expect((stored?.emailAddressData as { lower: string }[])[0].lower).toBe('a@b.de');
  });

  it('reads one attribute without exposing the stored record', () => {
    const created = sim.state.createRecord('CBeteiligte', { name: 'Attr', emailAddress: 'c@d.de' });
    const id = created.id as string;
    expect(sim.state.getAttribute('CBeteiligte', id, 'name')).toBe('Attr');
    expect(sim.state.getAttribute('CBeteiligte', id, 'noSuchField')).toBeUndefined();
    expect(sim.state.getAttribute('CBeteiligte', 'no-such-id', 'name')).toBeUndefined();
    (sim.state.getAttribute('CBeteiligte', id, 'emailAddressData') as { lower: string }[])[0].lower = 'x';
    expect((sim.state.getRecord('CBeteiligte', id)?.emailAddressData as { lower: string }[])[0].lower).toBe('c@d.de');
  });
});

describe('EspoCRM simulator: list', () => {
  let sim: EspoCrmSim;
  beforeAll(async () => {
    sim = await startEspoCrmSim();
    const seed: Record<string, unknown>[] = [
      { name: 'Alpha', betnr: 1, syncStatus: 'clean', syncRetryCount: 0, advowareLastSync: '2026-01-01 10:00:00', titel: 'Dr.' },
      { name: 'Beta', betnr: 2, syncStatus: 'dirty', syncRetryCount: 1, advowareLastSync: '2026-01-02 10:00:00' },
      { name: 'Gamma', betnr: 3, syncStatus: 'failed', syncRetryCount: 3, syncNextRetry: '2026-01-05 00:00:00' },
      { name: 'Delta', betnr: null, syncStatus: 'pending_sync', syncRetryCount: 0 },
      { name: 'Epsilon', betnr: 5, syncStatus: 'permanently_failed', syncRetryCount: 5, syncAutoResetAt: '2026-01-03 00:00:00' },
    ];
    for (const record of seed) sim.state.createRecord('CBeteiligte', record);
    sim.state.createRecord('CFlag', { name: 'on', active: true });
    sim.state.createRecord('CFlag', { name: 'off', active: false });
  });
  afterAll(() => sim.close());

  const names = async (query: string, entity = 'CBeteiligte') => {
    const res = await call(sim, 'GET', `/${entity}?${query}&orderBy=name&order=asc`);
    expect(res.status).toBe(200);
    return items(res.json.list).map((r) => r.name);
  };
  const w = (type: string, attribute: string, value?: string) =>
    `where[0][type]=${type}&where[0][attribute]=${attribute}` + (value === undefined ? '' : `&where[0][value]=${encodeURIComponent(value)}`);

  it.each([
    [w('equals', 'syncStatus', 'dirty'), ['Beta']],
    [w('equals', 'betnr', '3'), ['Gamma']],
    [w('notEquals', 'syncStatus', 'clean'), ['Beta', 'Delta', 'Epsilon', 'Gamma']],
    ['where[0][type]=in&where[0][attribute]=syncStatus&where[0][value][]=dirty&where[0][value][]=failed', ['Beta', 'Gamma']],
    ['where[0][type]=notIn&where[0][attribute]=syncStatus&where[0][value][]=dirty&where[0][value][]=failed', ['Alpha', 'Delta', 'Epsilon']],
    [w('isNull', 'betnr'), ['Delta']],
    [w('isNotNull', 'advowareLastSync'), ['Alpha', 'Beta']],
    [w('greaterThan', 'syncRetryCount', '1'), ['Epsilon', 'Gamma']],
    [w('greaterThanOrEquals', 'syncRetryCount', '1'), ['Beta', 'Epsilon', 'Gamma']],
    [w('lessThan', 'syncRetryCount', '1'), ['Alpha', 'Delta']],
    [w('lessThanOrEquals', 'syncRetryCount', '1'), ['Alpha', 'Beta', 'Delta']],
    [w('greaterThan', 'advowareLastSync', '2026-01-01 10:00:00'), ['Beta']],
    [w('greaterThanOrEquals', 'advowareLastSync', '2026-01-01 10:00:00'), ['Alpha', 'Beta']],
    [w('before', 'syncAutoResetAt', '2026-01-04 00:00:00'), ['Epsilon']],
    [w('after', 'syncNextRetry', '2026-01-04 00:00:00'), ['Gamma']],
    [
      'where[0][type]=or&where[0][value][0][type]=equals&where[0][value][0][attribute]=syncStatus&where[0][value][0][value]=clean' +
        '&where[0][value][1][type]=and&where[0][value][1][value][0][type]=equals&where[0][value][1][value][0][attribute]=syncStatus' +
        '&where[0][value][1][value][0][value]=failed&where[0][value][1][value][1][type]=lessThan' +
        '&where[0][value][1][value][1][attribute]=syncNextRetry&where[0][value][1][value][1][value]=2026-02-01',
      ['Alpha', 'Gamma'],
    ],
    [
      'where[0][type]=and&where[0][value][0][type]=isNotNull&where[0][value][0][attribute]=betnr' +
        '&where[0][value][1][type]=lessThan&where[0][value][1][attribute]=betnr&where[0][value][1][value]=3',
      ['Alpha', 'Beta'],
    ],
    [`${w('equals', 'syncStatus', 'permanently_failed')}&where[1][type]=before&where[1][attribute]=syncAutoResetAt&where[1][value]=2026-02-01`, ['Epsilon']],
  ])('filters %s', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('filters with isTrue and isFalse', async () => {
    expect(await names(w('isTrue', 'active'), 'CFlag')).toEqual(['on']);
    expect(await names(w('isFalse', 'active'), 'CFlag')).toEqual(['off']);
  });

  it('accepts searchParams as JSON', async () => {
    const searchParams = JSON.stringify({ where: [{ type: 'equals', attribute: 'name', value: 'Beta' }], select: ['name'] });
    const res = await call(sim, 'GET', `/CBeteiligte?searchParams=${encodeURIComponent(searchParams)}`);
    expect(res.json).toEqual({ total: 1, list: [{ id: expect.any(String), name: 'Beta' }] });
  });

  it('orders, pages and selects (id always included)', async () => {
    const page = await call(sim, 'GET', '/CBeteiligte?orderBy=syncRetryCount&order=desc&offset=1&maxSize=2&select=name,syncRetryCount');
    expect(page.json.total).toBe(5);
    expect(page.json.list).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{17}$/), name: 'Gamma', syncRetryCount: 3 },
      { id: expect.any(String), name: 'Beta', syncRetryCount: 1 },
    ]);
    const byBetnr = await call(sim, 'GET', '/CBeteiligte?orderBy=betnr&order=asc&select=betnr');
    expect(items(byBetnr.json.list).map((r) => r.betnr)).toEqual([null, 1, 2, 3, 5]); // NULL first, as in MySQL
    const byNameDesc = await call(sim, 'GET', '/CBeteiligte?orderBy=name&order=desc&select=name');
    expect(items(byNameDesc.json.list).map((r) => r.name)).toEqual(['Gamma', 'Epsilon', 'Delta', 'Beta', 'Alpha']);
  });

  it('answers maxSize above 200 with 403 and the exact reason', async () => {
    const res = await call(sim, 'GET', '/CBeteiligte?maxSize=201');
    expect(res.status).toBe(403);
    expect(res.headers.get('x-status-reason')).toBe('Max size should not exceed 200. Use offset and limit.');
    expect((await call(sim, 'GET', '/CBeteiligte?maxSize=200')).status).toBe(200);
  });

  it('answers X-No-Total with -1 while more records follow and -2 at the end', async () => {
    const first = await call(sim, 'GET', '/CBeteiligte?maxSize=2', { headers: { 'X-No-Total': 'true' } });
    expect(first.json.total).toBe(-1);
    expect(first.json.list).toHaveLength(2);
    const last = await call(sim, 'GET', '/CBeteiligte?maxSize=2&offset=4', { headers: { 'X-No-Total': 'true' } });
    expect(last.json.total).toBe(-2);
    expect(last.json.list).toHaveLength(1);
  });

  it('rejects an unknown where type with 400', async () => {
    expect((await call(sim, 'GET', `/CBeteiligte?${w('bogus', 'name', 'x')}`)).status).toBe(400);
  });
});

describe('EspoCRM simulator: default page size', () => {
  it('returns at most 200 records when maxSize is missing', async () => {
    const sim = await startEspoCrmSim();
    try {
      for (let i = 0; i < 205; i++) sim.state.createRecord('CBeteiligte', { name: `P${i}` });
      const res = await call(sim, 'GET', '/CBeteiligte');
      expect(res.json.total).toBe(205);
      expect(res.json.list).toHaveLength(200);
    } finally {
      await sim.close();
    }
  });
});

describe('EspoCRM simulator: duplicates', () => {
  it('answers a POST with an existing betnr with 409 duplicate and the duplicates; the skip header bypasses it', async () => {
    const sim = await startEspoCrmSim();
    try {
      const { json: first } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'One', betnr: 42 } });
      const dup = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Two', betnr: 42 } });
      expect(dup.status).toBe(409);
      expect(dup.headers.get('x-status-reason')).toBe('duplicate');
      expect(dup.json).toEqual([first]);
      expect((await call(sim, 'POST', '/CBeteiligte', { body: { name: 'One', betnr: 43 } })).status).toBe(200);
      const skipped = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Two', betnr: 42 }, headers: { 'X-Skip-Duplicate-Check': 'true' } });
      expect(skipped.status).toBe(200);
      expect(sim.state.listRecords('CBeteiligte')).toHaveLength(3);
    } finally {
      await sim.close();
    }
  });

  it('applies the name rule case-insensitively, and none disables the check', async () => {
    const byName = await startEspoCrmSim({ duplicateRule: 'name' });
    const none = await startEspoCrmSim({ duplicateRule: 'none' });
    try {
      await call(byName, 'POST', '/CBeteiligte', { body: { name: 'Muster GmbH' } });
      expect((await call(byName, 'POST', '/CBeteiligte', { body: { name: 'muster gmbh ' } })).status).toBe(409);
      await call(none, 'POST', '/CBeteiligte', { body: { name: 'X', betnr: 1 } });
      expect((await call(none, 'POST', '/CBeteiligte', { body: { name: 'X', betnr: 1 } })).status).toBe(200);
    } finally {
      await byName.close();
      await none.close();
    }
  });
});

describe('EspoCRM simulator: optimistic concurrency', () => {
  let sim: EspoCrmSim;
  beforeAll(async () => {
    sim = await startEspoCrmSim();
  });
  afterAll(() => sim.close());

  it('rejects a stale write to a field changed since that version with 409 modified', async () => {
    const { json: v1 } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Original' } });
    await call(sim, 'PUT', `/CBeteiligte/${v1.id}`, { body: { name: 'Changed by UI' }, headers: { 'X-Version-Number': '1' } });
    const stale = await call(sim, 'PUT', `/CBeteiligte/${v1.id}`, { body: { name: 'Mine' }, headers: { 'X-Version-Number': '1' } });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('x-status-reason')).toBe('modified');
    expect(stale.json).toEqual({ values: { name: 'Changed by UI' }, versionNumber: 2 });
    expect(sim.state.getRecord('CBeteiligte', String(v1.id))?.name).toBe('Changed by UI');
  });

  it('allows a stale write to other fields, or one writing the current value', async () => {
    const { json: v1 } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'Original' } });
    await call(sim, 'PUT', `/CBeteiligte/${v1.id}`, { body: { name: 'New' } });
    const other = await call(sim, 'PUT', `/CBeteiligte/${v1.id}`, { body: { titel: 'Dr.' }, headers: { 'X-Version-Number': '1' } });
    expect(other.status).toBe(200);
    expect(other.json.versionNumber).toBe(3);
    const same = await call(sim, 'PATCH', `/CBeteiligte/${v1.id}`, { body: { name: 'New' }, headers: { 'X-Version-Number': '1' } });
    expect(same.status).toBe(200);
    const current = await call(sim, 'PUT', `/CBeteiligte/${v1.id}`, { body: { name: 'Fresh' }, headers: { 'X-Version-Number': '3' } });
    expect(current.json).toMatchObject({ name: 'Fresh', versionNumber: 4 });
  });

  it('ignores X-Version-Number when OCC is off', async () => {
    const off = await startEspoCrmSim({ occEnabled: false });
    try {
      const { json: created } = await call(off, 'POST', '/CBeteiligte', { body: { name: 'A' } });
      expect(created).not.toHaveProperty('versionNumber');
      await call(off, 'PUT', `/CBeteiligte/${created.id}`, { body: { name: 'B' } });
      expect((await call(off, 'PUT', `/CBeteiligte/${created.id}`, { body: { name: 'C' }, headers: { 'X-Version-Number': '1' } })).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('EspoCRM simulator: accounting and faults', () => {
  it('counts exactly the requests of a scripted sequence and injects faults', async () => {
    const sim = await startEspoCrmSim();
    try {
      const { json: a } = await call(sim, 'POST', '/CBeteiligte', { body: { name: 'A' } });
      await call(sim, 'GET', `/CBeteiligte/${a.id}`);
      await call(sim, 'GET', `/CBeteiligte/${a.id}`);
      await call(sim, 'PUT', `/CBeteiligte/${a.id}`, { body: { name: 'B' } });
      await call(sim, 'GET', '/CBeteiligte?maxSize=5');
      await call(sim, 'GET', '/CBeteiligte', { apiKey: 'wrong' });
      sim.faults.failNext(1, 503, { method: 'GET', path: '/api/v1/CBeteiligte' });
      expect((await call(sim, 'GET', '/CBeteiligte')).status).toBe(503);
      expect((await call(sim, 'GET', '/CBeteiligte')).status).toBe(200);

      expect(sim.counter.get('POST', '/api/v1/CBeteiligte')).toBe(1);
      expect(sim.counter.get('GET', `/api/v1/CBeteiligte/${a.id}`)).toBe(2);
      expect(sim.counter.get('PUT', `/api/v1/CBeteiligte/${a.id}`)).toBe(1);
      expect(sim.counter.get('GET', '/api/v1/CBeteiligte')).toBe(4);
      expect(sim.counter.sum({ path: '/api/v1/' })).toBe(8);
      const admin = (await fetch(`${sim.url}/__admin/counts`).then((r) => r.json())) as { faultsInjected: number; counts: Record<string, number> };
      expect(admin.faultsInjected).toBe(1);
      expect(admin.counts['GET /api/v1/CBeteiligte']).toBe(4);
    } finally {
      await sim.close();
    }
  });
});
