import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cBeteiligteSchema,
  createEspoCrmClient,
  EspoCrmAuthError,
  EspoCrmConflictError,
  EspoCrmDuplicateError,
  EspoCrmForbiddenError,
  EspoCrmNotFoundError,
  EspoCrmResponseFormatError,
  EspoCrmUpstreamError,
  EspoCrmValidationError,
  espoRecordSchema,
  verifyWebhookSignature,
  type CBeteiligte,
  type EspoCrmClient,
  type EspoCrmLogger,
} from '../../../clients/espocrm';
import { DEFAULT_ESPOCRM_API_KEY, startEspoCrmSim, startWebhookReceiver, type EspoCrmSim } from '../../../sim/espocrm';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('EspoCRM client against the simulator', () => {
  let sim: EspoCrmSim;
  let client: EspoCrmClient;
  const logged: unknown[] = [];
  const logger: EspoCrmLogger = { debug: (obj, msg) => logged.push([obj, msg]), warn: (obj, msg) => logged.push([obj, msg]) };

  beforeAll(async () => {
    sim = await startEspoCrmSim();
    client = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: DEFAULT_ESPOCRM_API_KEY, timeoutMs: 2_000 }, { logger });
  });
  beforeEach(() => {
    sim.state.reset();
    sim.counter.reset();
    sim.faults.clear();
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  it('creates, reads, updates and deletes a CBeteiligte', async () => {
    const created = cBeteiligteSchema.parse(await client.create('CBeteiligte', { name: 'Muster GmbH', rechtsform: 'GmbH', betnr: 10 }));
    expect(created).toMatchObject({ name: 'Muster GmbH', syncStatus: 'pending_sync', versionNumber: 1 });
    const read = await client.get<CBeteiligte>('CBeteiligte', created.id);
    expect(read).toEqual(created);
    const updated = await client.update<CBeteiligte>('CBeteiligte', created.id, { syncStatus: 'clean' }, { versionNumber: 1 });
    expect(updated).toMatchObject({ syncStatus: 'clean', versionNumber: 2 });
    await client.delete('CBeteiligte', created.id);
    expect(sim.state.getRecord('CBeteiligte', created.id)).toBeUndefined();
    expect(await rejection(client.get('CBeteiligte', created.id))).toBeInstanceOf(EspoCrmNotFoundError);
  });

  it('refuses a malformed record with a non-retryable error naming the field', async () => {
    // The simulator never stores a text betnr, so the answer itself is replaced.
    sim.faults.add({ path: '/api/v1/CBeteiligte/bad', status: 200, body: { id: 'bad', name: 'Muster', betnr: '4711x' }, times: 1 });
    const error = await rejection(client.get('CBeteiligte', 'bad', cBeteiligteSchema));
    expect(error).toBeInstanceOf(EspoCrmResponseFormatError);
    expect(error).toMatchObject({ field: 'betnr', retryable: false, name: 'EspoCrmResponseFormatError' });
    expect((error as Error).message).toMatch(/GET \/CBeteiligte\/bad .*betnr/);
  });

  it('validates list, create and update answers at the boundary too, naming the field', async () => {
    sim.faults.add({ method: 'GET', path: '/api/v1/CBeteiligte', status: 200, body: { total: 1, rows: [] }, times: 1 });
    expect(await rejection(client.list('CBeteiligte'))).toMatchObject({ name: 'EspoCrmResponseFormatError', field: 'list', retryable: false });
    sim.faults.add({ method: 'GET', path: '/api/v1/CBeteiligte', status: 200, body: { total: 1, list: [{ name: 'ohne id' }] }, times: 1 });
    expect(await rejection(client.list('CBeteiligte', {}, espoRecordSchema))).toMatchObject({ field: 'list.0.id' });
    sim.faults.add({ method: 'POST', path: '/api/v1/CBeteiligte', status: 200, body: { id: 'x', betnr: 'vier' }, times: 1 });
    const created = await rejection(client.create('CBeteiligte', { name: 'Muster' }, { schema: cBeteiligteSchema }));
    expect(created).toMatchObject({ field: 'betnr' });
    expect((created as Error).message).toMatch(/POST \/CBeteiligte .*betnr/);
    sim.faults.add({ method: 'PUT', path: '/api/v1/CBeteiligte/r1', status: 200, body: true, times: 1 });
    expect(await rejection(client.update('CBeteiligte', 'r1', { syncStatus: 'clean' }))).toMatchObject({ name: 'EspoCrmResponseFormatError', field: '(record)' });
    // A fitting answer passes, typed by the schema.
    const fine = await client.list('CBeteiligte', { maxSize: 5 }, cBeteiligteSchema);
    expect(fine.list).toEqual([]);
  });

  it('names a nested field of a malformed record', async () => {
    const body = { id: 'nested', phoneNumberData: [{ phoneNumber: '+49 511 1', primary: 'yes' }] };
    sim.faults.add({ path: '/api/v1/CBeteiligte/nested', status: 200, body, times: 1 });
    expect(await rejection(client.get('CBeteiligte', 'nested', cBeteiligteSchema))).toMatchObject({ field: 'phoneNumberData.0.primary' });
  });

  it('accepts a legacy record with an unknown status, odd timestamps and extra attributes', async () => {
    const legacy = { id: 'legacy', name: 'Alt GmbH', betnr: 12, syncStatus: 'needs_review', advowareLastSync: '2023-01-05T10:00:00', modifiedAt: null, phoneNumberData: [{ phoneNumber: '1', primary: true }], pythonOnly: 1 };
    sim.faults.add({ path: '/api/v1/CBeteiligte/legacy', status: 200, body: legacy, times: 1 });
    expect(await client.get('CBeteiligte', 'legacy', cBeteiligteSchema)).toEqual(legacy);
  });

  it('lists with where, select and order', async () => {
    for (const [name, syncStatus] of [['A', 'dirty'], ['B', 'clean'], ['C', 'dirty']]) sim.state.createRecord('CBeteiligte', { name, syncStatus });
    const result = await client.list('CBeteiligte', {
      where: [{ type: 'in', attribute: 'syncStatus', value: ['dirty', 'failed'] }],
      select: ['name'],
      orderBy: 'name',
      order: 'desc',
    });
    expect(result).toEqual({ total: 2, list: [{ id: expect.any(String), name: 'C' }, { id: expect.any(String), name: 'A' }] });
  });

  it('pages through 450 records with listAll in exactly 3 requests', async () => {
    for (let i = 0; i < 450; i++) sim.state.createRecord('CBeteiligte', { name: `P${String(i).padStart(3, '0')}` });
    const names: string[] = [];
    for await (const record of client.listAll<CBeteiligte>('CBeteiligte', { select: ['name'], orderBy: 'name', order: 'asc' })) {
      names.push(record.name ?? '');
    }
    expect(names).toHaveLength(450);
    expect(new Set(names).size).toBe(450);
    expect(names[0]).toBe('P000');
    expect(names[449]).toBe('P449');
    expect(sim.counter.get('GET', '/api/v1/CBeteiligte')).toBe(3);
  });

  it('stops listAll on a short page even when total is unknown (-1)', async () => {
    sim.faults.add({ path: '/api/v1/CBeteiligte', status: 200, body: { total: -1, list: [{ id: 'only' }] }, times: 1 });
    const seen: unknown[] = [];
    for await (const record of client.listAll('CBeteiligte', { pageSize: 2 })) seen.push(record.id);
    expect(seen).toEqual(['only']);
    expect(sim.counter.get('GET', '/api/v1/CBeteiligte')).toBe(1);
  });

  it('stops listAll once total is reached, without asking for an empty page', async () => {
    for (let i = 0; i < 5; i++) sim.state.createRecord('CBeteiligte', { name: `N${i}`, betnr: i });
    const seen: unknown[] = [];
    for await (const record of client.listAll('CBeteiligte', { pageSize: 2, where: [{ type: 'greaterThanOrEquals', attribute: 'betnr', value: 1 }] })) {
      seen.push(record.betnr);
    }
    expect(seen.sort()).toEqual([1, 2, 3, 4]);
    expect(sim.counter.get('GET', '/api/v1/CBeteiligte')).toBe(2);
  });

  it('surfaces validation, duplicate, forbidden and conflict answers as typed errors', async () => {
    const validation = await rejection(client.create('CBeteiligte', { firstName: 'no name' }));
    expect(validation).toBeInstanceOf(EspoCrmValidationError);
    expect(validation).toMatchObject({ name: 'EspoCrmValidationError', status: 400, field: 'name', type: 'required', retryable: false });

    const first = await client.create<CBeteiligte>('CBeteiligte', { name: 'X', betnr: 5 });
    const duplicate = await rejection(client.create('CBeteiligte', { name: 'Y', betnr: 5 }));
    expect(duplicate).toBeInstanceOf(EspoCrmDuplicateError);
    expect((duplicate as EspoCrmDuplicateError).duplicates).toEqual([first]);
    await expect(client.create('CBeteiligte', { name: 'Y', betnr: 5 }, { skipDuplicateCheck: true })).resolves.toMatchObject({ betnr: 5 });

    const forbidden = await rejection(client.list('CBeteiligte', { maxSize: 500 }));
    expect(forbidden).toBeInstanceOf(EspoCrmForbiddenError);
    expect((forbidden as EspoCrmForbiddenError).reason).toBe('Max size should not exceed 200. Use offset and limit.');

    sim.state.updateRecord('CBeteiligte', first.id, { name: 'Changed in UI' });
    const conflict = await rejection(client.update('CBeteiligte', first.id, { name: 'Ours' }, { versionNumber: 1 }));
    expect(conflict).toBeInstanceOf(EspoCrmConflictError);
    expect(conflict).toMatchObject({ name: 'EspoCrmConflictError', values: { name: 'Changed in UI' }, versionNumber: 2, retryable: false });
  });

  it('maps 5xx, timeouts and unreachable servers to retryable EspoCrmUpstreamError', async () => {
    sim.faults.failNext(1, 503, { path: '/api/v1/CBeteiligte' });
    const unavailable = await rejection(client.list('CBeteiligte'));
    expect(unavailable).toBeInstanceOf(EspoCrmUpstreamError);
    expect(unavailable).toMatchObject({ status: 503, retryable: true, name: 'EspoCrmUpstreamError' });

    const impatient = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: DEFAULT_ESPOCRM_API_KEY, timeoutMs: 100 });
    sim.faults.add({ path: '/api/v1/Task', latencyMs: 1_000, times: 1 });
    const timeout = await rejection(impatient.list('Task'));
    expect(timeout).toBeInstanceOf(EspoCrmUpstreamError);
    expect((timeout as EspoCrmUpstreamError).status).toBe(0);
    await impatient.close();

    const receiver = await startWebhookReceiver();
    const closedUrl = receiver.url;
    await receiver.close();
    const nowhere = createEspoCrmClient({ apiBaseUrl: `${closedUrl}/api/v1`, apiKey: 'k', timeoutMs: 1_000 });
    expect(await rejection(nowhere.get('CBeteiligte', 'x'))).toBeInstanceOf(EspoCrmUpstreamError);
    await nowhere.close();
  });

  it('reports a wrong API key as non-retryable EspoCrmAuthError', async () => {
    const wrong = createEspoCrmClient({ apiBaseUrl: `${sim.apiBaseUrl}/`, apiKey: 'wrong', timeoutMs: 1_000 });
    const error = await rejection(wrong.list('CBeteiligte'));
    expect(error).toBeInstanceOf(EspoCrmAuthError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    await wrong.close();
  });

  it('creates tasks and notifications', async () => {
    const task = await client.createTask({ name: 'Konflikt prüfen', description: 'Advoware-Wert überschrieben', parentType: 'CBeteiligte', parentId: 'abc' });
    expect(task).toMatchObject({ name: 'Konflikt prüfen', status: 'Not Started' });
    await client.createNotification({ message: 'Beteiligter in Advoware gelöscht', userId: 'u1', relatedType: 'CBeteiligte', relatedId: 'abc' });
    expect(sim.state.tasks()).toHaveLength(1);
    expect(sim.state.notifications()).toEqual([expect.objectContaining({ type: 'Message', userId: 'u1', relatedId: 'abc' })]);
  });

  it('registers a webhook whose signed deliveries verify with the returned secret, and deletes it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const hook = await client.registerWebhook({ event: 'CBeteiligte.create', url: `${receiver.url}/create`, skipOwn: true });
      expect(hook.secretKey).toBeTruthy();
      sim.state.createRecord('CBeteiligte', { name: 'From UI' });
      await sim.flushWebhooks();
      const [delivery] = receiver.received;
      const secrets = { [hook.id]: hook.secretKey ?? '' };
      const signature = String(delivery.headers.signature);
      const xSignature = String(delivery.headers['x-signature']);
      expect(verifyWebhookSignature(delivery.rawBody, { signature }, secrets)).toEqual({ ok: true, webhookId: hook.id });
      expect(verifyWebhookSignature(delivery.rawBody, { xSignature }, secrets)).toEqual({ ok: true, webhookId: hook.id });

      await client.deleteWebhook(hook.id);
      expect(sim.state.webhooks()).toEqual([]);
      expect(await rejection(client.deleteWebhook(hook.id))).toBeInstanceOf(EspoCrmNotFoundError);
    } finally {
      await receiver.close();
    }
  });

  it('never logs the API key', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(DEFAULT_ESPOCRM_API_KEY);
  });
});

describe('EspoCRM client with HMAC auth', () => {
  const user = { userId: 'c0c0c0c0c0c0c0c0c', userName: 'hmac', apiKey: 'hmac-api-key', secretKey: 'hmac-secret-key' };
  let sim: EspoCrmSim;
  beforeAll(async () => {
    sim = await startEspoCrmSim({ apiUsers: [user] });
  });
  afterAll(() => sim.close());
  let client: EspoCrmClient | undefined;
  afterEach(async () => {
    await client?.close();
  });

  it('authenticates every method with X-Hmac-Authorization', async () => {
    client = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: user.apiKey, hmacSecret: user.secretKey, timeoutMs: 2_000 });
    const created = await client.create<CBeteiligte>('CBeteiligte', { name: 'Signed' });
    expect(created.createdById).toBe(user.userId);
    await client.update('CBeteiligte', created.id, { titel: 'Dr.' });
    expect((await client.list('CBeteiligte', { where: [{ type: 'equals', attribute: 'titel', value: 'Dr.' }] })).total).toBe(1);
    await client.delete('CBeteiligte', created.id);
  });

  it('fails with EspoCrmAuthError for a wrong secret or a plain API key', async () => {
    client = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: user.apiKey, hmacSecret: 'wrong', timeoutMs: 2_000 });
    expect(await rejection(client.list('CBeteiligte'))).toBeInstanceOf(EspoCrmAuthError);
    const plain = createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: user.apiKey, timeoutMs: 2_000 });
    expect(await rejection(plain.list('CBeteiligte'))).toBeInstanceOf(EspoCrmAuthError);
    await plain.close();
  });
});
