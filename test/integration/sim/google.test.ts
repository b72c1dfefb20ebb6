import { generateKeyPairSync } from 'node:crypto';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDelegatedJwt } from '../../../clients/google/auth';
import { googleErrorBody, startGoogleSim, type GoogleSim, type ServiceAccountJson } from '../../../sim/google';

/** The real googleapis client, pointed at the simulator, acting as `subject` via a service-account JWT. */
function googleApiAs(sim: GoogleSim, key: ServiceAccountJson, subject?: string): calendar_v3.Calendar {
  const jwt = createDelegatedJwt(key, subject ?? '');
  if (!subject) jwt.subject = undefined;
  return calendar({ version: 'v3', auth: jwt, rootUrl: `${sim.url}/`, retry: false });
}

interface WireError {
  status?: number;
  headers?: Headers;
  body?: { error?: { code?: number; message?: string; errors?: { domain?: string; reason?: string; message?: string }[] } };
}

async function failure(call: Promise<unknown>): Promise<WireError> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status?: number; headers?: Headers; data?: unknown } }).response;
    return { status: response?.status, headers: response?.headers, body: response?.data as WireError['body'] };
  }
  throw new Error('expected the call to fail');
}

async function expectGoogleError(call: Promise<unknown>, status: number, reason: string, domain = 'global'): Promise<WireError> {
  const result = await failure(call);
  expect(result.status).toBe(status);
  expect(result.body?.error?.code).toBe(status);
  expect(result.body?.error?.errors?.[0]).toMatchObject({ domain, reason });
  expect(typeof result.body?.error?.message).toBe('string');
  return result;
}

const timed = (start: string, end: string) => ({ start: { dateTime: start }, end: { dateTime: end } });

describe('Google Calendar simulator (real @googleapis/calendar client)', () => {
  let sim: GoogleSim;
  let key: ServiceAccountJson;
  let api: calendar_v3.Calendar;
  let calendarId: string;
  let counter = 0;
  const newCalendar = async (client = api): Promise<string> => {
    const res = await client.calendars.insert({ requestBody: { summary: `Kalender ${++counter}`, timeZone: 'Europe/Berlin' } });
    return res.data.id ?? '';
  };

  beforeAll(async () => {
    sim = await startGoogleSim({ rateLimitsEnabled: false });
    key = sim.createServiceAccountKey({ clientEmail: 'bridge@advoware-bridge.iam.gserviceaccount.com' });
    api = googleApiAs(sim, key, 'ab@kanzlei.de');
    calendarId = await newCalendar();
  });
  afterAll(async () => sim.close());

  describe('auth', () => {
    it('issues a bearer token for a JWT signed with the issued key, acting as the sub user', async () => {
      expect(key.token_uri).toBe(sim.tokenUrl);
      const fresh = googleApiAs(sim, key, 'cd@kanzlei.de');
      const before = sim.counter.get('POST', '/token');
      const list = await fresh.calendarList.list();
      await fresh.calendarList.list();
      expect(sim.counter.get('POST', '/token')).toBe(before + 1);
      // The primary calendar of the delegated user, nothing of other users.
      expect(list.data.items?.map((c) => c.id)).toEqual(['cd@kanzlei.de']);
      expect(list.data.items?.[0]).toMatchObject({ primary: true, accessRole: 'owner' });
    });

    it('without sub the token acts as the service account itself', async () => {
      const asAccount = googleApiAs(sim, key);
      const created = await asAccount.calendars.insert({ requestBody: { summary: 'Owned by the service account' } });
      const list = await asAccount.calendarList.list();
      expect(list.data.items?.map((c) => c.id)).toContain(created.data.id);
      expect(list.data.items?.map((c) => c.id)).toContain(key.client_email);
    });

    it('rejects assertions signed with a key it never issued (400 invalid_grant)', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = { ...key, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
      const result = await failure(googleApiAs(sim, forged, 'ab@kanzlei.de').calendarList.list());
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ error: 'invalid_grant' });
    });

    it('rejects a malformed grant at the token endpoint', async () => {
      const res = await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'a.b.c' }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('answers 401 authError with the exact Google envelope for missing, unknown and expired tokens', async () => {
      const missing = await fetch(`${sim.url}/calendar/v3/users/me/calendarList`);
      expect(missing.status).toBe(401);
      const body = (await missing.json()) as WireError['body'];
      expect(body).toEqual({
        error: { errors: [{ domain: 'global', reason: 'authError', message: 'Invalid Credentials', locationType: 'parameter', location: 'Authorization' }], code: 401, message: 'Invalid Credentials' },
      });
      const unknown = await fetch(`${sim.url}/calendar/v3/users/me/calendarList`, { headers: { authorization: 'Bearer ya29.nope' } });
      expect(unknown.status).toBe(401);

    });

    it('answers 401 once issued access tokens have expired', async () => {
      const own = await startGoogleSim();
      try {
        const shortLived = googleApiAs(own, own.createServiceAccountKey(), 'ef@kanzlei.de');
        await shortLived.calendarList.list();
        own.expireAccessTokens();
        await expectGoogleError(shortLived.calendarList.list(), 401, 'authError');
      } finally {
        await own.close();
      }
    });
  });

  describe('calendars', () => {
    it('requires a summary and lists only the caller’s calendars, page by page', async () => {
      await expectGoogleError(api.calendars.insert({ requestBody: { timeZone: 'Europe/Berlin' } }), 400, 'required');
      const user = googleApiAs(sim, key, 'list@kanzlei.de');
      const ids = [await newCalendar(user), await newCalendar(user), await newCalendar(user)];
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const res = await user.calendarList.list({ maxResults: 2, pageToken });
        seen.push(...(res.data.items ?? []).map((c) => c.id ?? ''));
        pageToken = res.data.nextPageToken ?? undefined;
        if (pageToken) expect(res.data.nextSyncToken).toBeUndefined();
        else expect(res.data.nextSyncToken).toBeTruthy();
        pages += 1;
      } while (pageToken);
      expect(pages).toBe(2);
      expect(seen.sort()).toEqual([...ids, 'list@kanzlei.de'].sort());
    });

    it('gets and deletes secondary calendars; the primary one cannot be deleted', async () => {
      const id = await newCalendar();
      expect((await api.calendars.get({ calendarId: id })).data).toMatchObject({ id, timeZone: 'Europe/Berlin' });
      await api.calendars.delete({ calendarId: id });
      await expectGoogleError(api.calendars.get({ calendarId: id }), 404, 'notFound');
      await expectGoogleError(api.calendars.delete({ calendarId: 'primary' }), 400, 'cannotDeletePrimaryCalendar');
    });
  });

  describe('event writes', () => {
    it('validates client-chosen ids against the base32hex alphabet and length 5..1024', async () => {
      for (const id of ['ABC12', 'abc', 'wxyz1', 'abc-12', 'a'.repeat(1025)]) {
        await expectGoogleError(api.events.insert({ calendarId, requestBody: { id, ...timed('2024-05-01T10:00:00+02:00', '2024-05-01T11:00:00+02:00') } }), 400, 'invalid');
      }
      const ok = await api.events.insert({ calendarId, requestBody: { id: 'v0a9z'.replace('z', 'v'), ...timed('2024-05-01T10:00:00+02:00', '2024-05-01T11:00:00+02:00') } });
      expect(ok.data.id).toBe('v0a9v');
      const generated = await api.events.insert({ calendarId, requestBody: timed('2024-05-01T10:00:00+02:00', '2024-05-01T11:00:00+02:00') });
      expect(generated.data.id).toMatch(/^[a-v0-9]{5,1024}$/);
    });

    it('answers 409 duplicate for an existing id, also when that event is cancelled', async () => {
      const body = { id: 'dup00001', ...timed('2024-05-01T10:00:00+02:00', '2024-05-01T11:00:00+02:00') };
      await api.events.insert({ calendarId, requestBody: body });
      await expectGoogleError(api.events.insert({ calendarId, requestBody: body }), 409, 'duplicate');
      await api.events.delete({ calendarId, eventId: 'dup00001' });
      await expectGoogleError(api.events.insert({ calendarId, requestBody: body }), 409, 'duplicate');
    });

    it('requires start and end and rejects an end before the start', async () => {
      await expectGoogleError(api.events.insert({ calendarId, requestBody: { summary: 'no times' } }), 400, 'required');
      await expectGoogleError(api.events.insert({ calendarId, requestBody: timed('2024-05-01T11:00:00+02:00', '2024-05-01T10:00:00+02:00') }), 400, 'timeRangeEmpty');
    });

    it('update (PUT) replaces the event: dropped fields and extendedProperties are cleared; etag/updated/sequence move', async () => {
      const created = await api.events.insert({
        calendarId,
        requestBody: { id: 'upd00001', summary: 'Termin', description: 'Notiz', location: 'Büro', extendedProperties: { private: { advowareFrNr: '1' } }, ...timed('2024-05-02T10:00:00+02:00', '2024-05-02T11:00:00+02:00') },
      });
      const updated = await api.events.update({ calendarId, eventId: 'upd00001', requestBody: { summary: 'Neu', ...timed('2024-05-02T12:00:00+02:00', '2024-05-02T13:00:00+02:00') } });
      expect(updated.data.summary).toBe('Neu');
      expect(updated.data.description).toBeUndefined();
      expect(updated.data.location).toBeUndefined();
      expect(updated.data.extendedProperties).toBeUndefined();
      expect(updated.data.etag).not.toBe(created.data.etag);
      expect(updated.data.sequence).toBe((created.data.sequence ?? 0) + 1);
      expect(Date.parse(updated.data.updated ?? '')).toBeGreaterThanOrEqual(Date.parse(created.data.updated ?? ''));
      expect(updated.data.created).toBe(created.data.created);
      await expectGoogleError(api.events.update({ calendarId, eventId: 'upd00001', requestBody: { summary: 'ohne Zeiten' } }), 400, 'required');
    });

    it('patch merges objects, replaces arrays and merges extendedProperties.private key by key (null deletes)', async () => {
      await api.events.insert({
        calendarId,
        requestBody: {
          id: 'pat00001',
          summary: 'Termin',
          description: 'bleibt',
          attendees: [{ email: 'a@x.de' }, { email: 'b@x.de' }],
          extendedProperties: { private: { advowareFrNr: '7', advowareHash: 'h1', origin: 'advoware' }, shared: { s: '1' } },
          ...timed('2024-05-03T10:00:00+02:00', '2024-05-03T11:00:00+02:00'),
        },
      });
      const patched = await api.events.patch({
        calendarId,
        eventId: 'pat00001',
        requestBody: { summary: 'Geändert', attendees: [{ email: 'c@x.de' }], extendedProperties: { private: { advowareHash: 'h2', origin: null as unknown as string } } },
      });
      expect(patched.data.summary).toBe('Geändert');
      expect(patched.data.description).toBe('bleibt');
      expect(patched.data.attendees).toEqual([{ email: 'c@x.de' }]);
      expect(patched.data.extendedProperties).toEqual({ private: { advowareFrNr: '7', advowareHash: 'h2' }, shared: { s: '1' } });
      expect(patched.data.sequence).toBe(1);
    });

    it('drops extended-property keys longer than 44 characters and truncates values to 1024', async () => {
      const res = await api.events.insert({
        calendarId,
        requestBody: { extendedProperties: { private: { ['k'.repeat(45)]: 'x', ['k'.repeat(44)]: 'v'.repeat(2000) } }, ...timed('2024-05-03T10:00:00+02:00', '2024-05-03T11:00:00+02:00') },
      });
      expect(Object.keys(res.data.extendedProperties?.private ?? {})).toEqual(['k'.repeat(44)]);
      expect(res.data.extendedProperties?.private?.['k'.repeat(44)]).toHaveLength(1024);
    });

    it('delete → 204, then cancelled (get still returns it), second delete → 410 deleted, unknown → 404', async () => {
      await api.events.insert({ calendarId, requestBody: { id: 'del00001', summary: 'weg', ...timed('2024-05-04T10:00:00+02:00', '2024-05-04T11:00:00+02:00') } });
      const deleted = await api.events.delete({ calendarId, eventId: 'del00001' });
      expect(deleted.status).toBe(204);
      const got = await api.events.get({ calendarId, eventId: 'del00001' });
      expect(got.data).toMatchObject({ id: 'del00001', status: 'cancelled' });
      await expectGoogleError(api.events.delete({ calendarId, eventId: 'del00001' }), 410, 'deleted');
      await expectGoogleError(api.events.delete({ calendarId, eventId: 'never00001' }), 404, 'notFound');
      await expectGoogleError(api.events.get({ calendarId, eventId: 'never00001' }), 404, 'notFound');
    });

    it('If-Match with a stale etag → 412 conditionNotMet on update, patch and delete; If-None-Match → 304', async () => {
      const first = await api.events.insert({ calendarId, requestBody: { id: 'etag00001', summary: 'v1', ...timed('2024-05-05T10:00:00+02:00', '2024-05-05T11:00:00+02:00') } });
      const stale = first.data.etag ?? '';
      const second = await api.events.patch({ calendarId, eventId: 'etag00001', requestBody: { summary: 'v2' } }, { headers: { 'If-Match': stale } });
      expect(second.data.summary).toBe('v2');
      const body = { summary: 'v3', ...timed('2024-05-05T10:00:00+02:00', '2024-05-05T11:00:00+02:00') };
      await expectGoogleError(api.events.update({ calendarId, eventId: 'etag00001', requestBody: body }, { headers: { 'If-Match': stale } }), 412, 'conditionNotMet');
      await expectGoogleError(api.events.patch({ calendarId, eventId: 'etag00001', requestBody: { summary: 'v3' } }, { headers: { 'If-Match': stale } }), 412, 'conditionNotMet');
      await expectGoogleError(api.events.delete({ calendarId, eventId: 'etag00001' }, { headers: { 'If-Match': stale } }), 412, 'conditionNotMet');
      const notModified = await api.events.get({ calendarId, eventId: 'etag00001' }, { headers: { 'If-None-Match': second.data.etag ?? '' } });
      expect(notModified.status).toBe(304);
      const modified = await api.events.get({ calendarId, eventId: 'etag00001' }, { headers: { 'If-None-Match': stale } });
      expect(modified.status).toBe(200);
      expect(modified.data.summary).toBe('v2');
    });

    it('as a Google user (state) writes bump etag and sequence like API writes', async () => {
      const created = sim.state.insertEvent(calendarId, { id: 'user00001', summary: 'vom Nutzer', ...timed('2024-05-06T10:00:00+02:00', '2024-05-06T11:00:00+02:00') });
      const changed = sim.state.patchEvent(calendarId, 'user00001', { summary: 'geändert' });
      expect(changed.etag).not.toBe(created.etag);
      expect(changed.sequence).toBe(1);
      const fromApi = await api.events.get({ calendarId, eventId: 'user00001' });
      expect(fromApi.data).toMatchObject({ summary: 'geändert', etag: changed.etag, sequence: 1 });
    });
  });

  describe('events.list', () => {
    it('pages with maxResults and opaque tokens; nextSyncToken only on the last page', async () => {
      const cal = await newCalendar();
      for (let i = 0; i < 7; i++) sim.state.insertEvent(cal, { id: `page0000${i}`, ...timed('2024-06-01T10:00:00+02:00', '2024-06-01T11:00:00+02:00') });
      const seen: string[] = [];
      const tokens: { next?: string | null; sync?: string | null }[] = [];
      let pageToken: string | undefined;
      do {
        const res = await api.events.list({ calendarId: cal, maxResults: 3, pageToken });
        seen.push(...(res.data.items ?? []).map((e) => e.id ?? ''));
        tokens.push({ next: res.data.nextPageToken, sync: res.data.nextSyncToken });
        pageToken = res.data.nextPageToken ?? undefined;
      } while (pageToken);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect(tokens.map((t) => [Boolean(t.next), Boolean(t.sync)])).toEqual([
        [true, false],
        [true, false],
        [false, true],
      ]);
      const defaultPage = await api.events.list({ calendarId: cal });
      expect(defaultPage.data.items).toHaveLength(7);
      expect(defaultPage.data).toMatchObject({ kind: 'calendar#events', timeZone: 'Europe/Berlin', accessRole: 'owner' });
    });

    it('caps maxResults at 2500 and defaults to 250', async () => {
      const cal = await newCalendar();
      for (let i = 0; i < 2600; i++) sim.state.insertEvent(cal, { ...timed('2024-06-01T10:00:00+02:00', '2024-06-01T11:00:00+02:00') });
      expect((await api.events.list({ calendarId: cal })).data.items).toHaveLength(250);
      const big = await api.events.list({ calendarId: cal, maxResults: 5000 });
      expect(big.data.items).toHaveLength(2500);
      expect(big.data.nextPageToken).toBeTruthy();
    });

    it('incremental sync returns only changes since the token, deletions included (trimmed to id/status)', async () => {
      const cal = await newCalendar();
      for (const id of ['snc00001', 'snc00002', 'snc00003']) sim.state.insertEvent(cal, { id, summary: id, ...timed('2024-06-02T10:00:00+02:00', '2024-06-02T11:00:00+02:00') });
      const full = await api.events.list({ calendarId: cal });
      const syncToken = full.data.nextSyncToken ?? '';
      expect(syncToken).toBeTruthy();

      sim.state.patchEvent(cal, 'snc00001', { summary: 'geändert' });
      sim.state.deleteEvent(cal, 'snc00002');
      await api.events.insert({ calendarId: cal, requestBody: { id: 'snc00004', ...timed('2024-06-02T10:00:00+02:00', '2024-06-02T11:00:00+02:00') } });

      const delta = await api.events.list({ calendarId: cal, syncToken });
      const byId = Object.fromEntries((delta.data.items ?? []).map((e) => [e.id, e]));
      expect(Object.keys(byId).sort()).toEqual(['snc00001', 'snc00002', 'snc00004']);
      expect(byId.snc00001.summary).toBe('geändert');
      expect(byId.snc00002.status).toBe('cancelled');
      expect(byId.snc00002.summary).toBeUndefined();
      const next = delta.data.nextSyncToken ?? '';
      expect(next).not.toBe(syncToken);
      expect((await api.events.list({ calendarId: cal, syncToken: next })).data.items).toEqual([]);
    });

    it('incremental changes spanning pages keep the same syncToken on every page', async () => {
      const cal = await newCalendar();
      for (let i = 0; i < 10; i++) sim.state.insertEvent(cal, { id: `span0000${i}`, ...timed('2024-06-02T10:00:00+02:00', '2024-06-02T11:00:00+02:00') });
      const syncToken = (await api.events.list({ calendarId: cal })).data.nextSyncToken ?? '';
      for (let i = 0; i < 5; i++) sim.state.patchEvent(cal, `span0000${i}`, { summary: 'x' });
      const first = await api.events.list({ calendarId: cal, syncToken, maxResults: 3 });
      expect(first.data.items).toHaveLength(3);
      expect(first.data.nextSyncToken).toBeFalsy();
      const second = await api.events.list({ calendarId: cal, syncToken, maxResults: 3, pageToken: first.data.nextPageToken ?? '' });
      expect(second.data.items?.map((e) => e.id)).toEqual(['span00003', 'span00004']);
      expect(second.data.nextSyncToken).toBeTruthy();
    });

    it.each([
      ['timeMin', { timeMin: '2024-01-01T00:00:00Z' }],
      ['timeMax', { timeMax: '2024-01-01T00:00:00Z' }],
      ['updatedMin', { updatedMin: '2024-01-01T00:00:00Z' }],
      ['q', { q: 'x' }],
      ['orderBy', { orderBy: 'updated' }],
      ['iCalUID', { iCalUID: 'x@google.com' }],
      ['privateExtendedProperty', { privateExtendedProperty: ['a=b'] }],
      ['sharedExtendedProperty', { sharedExtendedProperty: ['a=b'] }],
    ])('400 when syncToken is combined with %s', async (_name, extra) => {
      const syncToken = (await api.events.list({ calendarId })).data.nextSyncToken ?? '';
      const result = await failure(api.events.list({ calendarId, syncToken, ...extra }));
      expect(result.status).toBe(400);
      expect(result.body?.error?.errors?.[0]?.reason).toBe('invalid');
    });

    it('410 fullSyncRequired after invalidateSyncTokens() and after POST /__admin/invalidate-sync-tokens', async () => {
      const cal = await newCalendar();
      const token1 = (await api.events.list({ calendarId: cal })).data.nextSyncToken ?? '';
      sim.invalidateSyncTokens(cal);
      await expectGoogleError(api.events.list({ calendarId: cal, syncToken: token1 }), 410, 'fullSyncRequired');
      const token2 = (await api.events.list({ calendarId: cal })).data.nextSyncToken ?? '';
      expect((await api.events.list({ calendarId: cal, syncToken: token2 })).status).toBe(200);
      const admin = await fetch(`${sim.url}/__admin/invalidate-sync-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(admin.status).toBe(200);
      await expectGoogleError(api.events.list({ calendarId: cal, syncToken: token2 }), 410, 'fullSyncRequired');
    });

    it('timeMin bounds the end inclusively, timeMax bounds the start exclusively', async () => {
      const cal = await newCalendar();
      sim.state.insertEvent(cal, { id: 'tim00001', ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      const ids = async (timeMin?: string, timeMax?: string) => ((await api.events.list({ calendarId: cal, timeMin, timeMax })).data.items ?? []).map((e) => e.id);
      expect(await ids('2024-07-01T11:00:00Z')).toEqual(['tim00001']);
      expect(await ids('2024-07-01T11:00:01Z')).toEqual([]);
      expect(await ids(undefined, '2024-07-01T10:00:00Z')).toEqual([]);
      expect(await ids(undefined, '2024-07-01T10:00:01Z')).toEqual(['tim00001']);
      expect(await ids('2024-07-01T12:00:00+02:00', '2024-07-01T12:00:01+02:00')).toEqual(['tim00001']);
      await expectGoogleError(api.events.list({ calendarId: cal, timeMin: '2024-07-01T10:00:00' }), 400, 'badRequest');
    });

    it('interprets all-day dates in the calendar’s time zone (Europe/Berlin)', async () => {
      const cal = await newCalendar();
      // 2024-07-02 in Berlin is 2024-07-01T22:00Z .. 2024-07-02T22:00Z.
      sim.state.insertEvent(cal, { id: 'allda0001', start: { date: '2024-07-02' }, end: { date: '2024-07-03' } });
      const ids = async (timeMin?: string, timeMax?: string) => ((await api.events.list({ calendarId: cal, timeMin, timeMax })).data.items ?? []).map((e) => e.id);
      expect(await ids(undefined, '2024-07-01T22:00:00Z')).toEqual([]);
      expect(await ids(undefined, '2024-07-01T22:30:00Z')).toEqual(['allda0001']);
      expect(await ids('2024-07-02T22:00:00Z')).toEqual(['allda0001']);
      expect(await ids('2024-07-02T22:00:01Z')).toEqual([]);
    });

    it('showDeleted includes cancelled events, default excludes them', async () => {
      const cal = await newCalendar();
      sim.state.insertEvent(cal, { id: 'sh0000001', ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      sim.state.insertEvent(cal, { id: 'sh0000002', ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      sim.state.deleteEvent(cal, 'sh0000002');
      expect((await api.events.list({ calendarId: cal })).data.items?.map((e) => e.id)).toEqual(['sh0000001']);
      const withDeleted = await api.events.list({ calendarId: cal, showDeleted: true });
      expect(withDeleted.data.items?.map((e) => [e.id, e.status])).toEqual([
        ['sh0000001', 'confirmed'],
        ['sh0000002', 'cancelled'],
      ]);
    });

    it('singleEvents expands weekly BYDAY/COUNT rules into instances with recurringEventId and originalStartTime', async () => {
      const cal = await newCalendar();
      await api.events.insert({
        calendarId: cal,
        requestBody: {
          id: 'series001',
          summary: 'Jour fixe',
          start: { dateTime: '2024-03-25T10:00:00', timeZone: 'Europe/Berlin' },
          end: { dateTime: '2024-03-25T11:00:00', timeZone: 'Europe/Berlin' },
          recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4'],
        },
      });
      const series = await api.events.list({ calendarId: cal });
      expect(series.data.items?.map((e) => e.id)).toEqual(['series001']);
      const expanded = await api.events.list({ calendarId: cal, singleEvents: true, orderBy: 'startTime' });
      const items = expanded.data.items ?? [];
      // Crosses the switch to summer time on 2024-03-31: wall-clock time stays 10:00.
      expect(items.map((e) => e.start?.dateTime)).toEqual(['2024-03-25T10:00:00+01:00', '2024-03-27T10:00:00+01:00', '2024-04-01T10:00:00+02:00', '2024-04-03T10:00:00+02:00']);
      expect(items[0]).toMatchObject({ id: 'series001_20240325T090000Z', recurringEventId: 'series001', originalStartTime: { dateTime: '2024-03-25T10:00:00+01:00' }, summary: 'Jour fixe' });
      expect(items.every((e) => e.recurrence === undefined)).toBe(true);
    });

    it('singleEvents honours DAILY with INTERVAL/UNTIL, EXDATE and the time window', async () => {
      const cal = await newCalendar();
      sim.state.insertEvent(cal, {
        id: 'dail00001',
        start: { date: '2024-08-01' },
        end: { date: '2024-08-02' },
        recurrence: ['RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20240809', 'EXDATE;VALUE=DATE:20240805'],
      });
      const all = await api.events.list({ calendarId: cal, singleEvents: true });
      expect(all.data.items?.map((e) => e.start?.date)).toEqual(['2024-08-01', '2024-08-03', '2024-08-07', '2024-08-09']);
      const windowed = await api.events.list({ calendarId: cal, singleEvents: true, timeMin: '2024-08-03T00:00:00+02:00', timeMax: '2024-08-08T00:00:00+02:00' });
      expect(windowed.data.items?.map((e) => e.id)).toEqual(['dail00001_20240803', 'dail00001_20240807']);
    });

    it('rejects expansion of rules outside the supported subset with 400 (the series itself still lists)', async () => {
      const cal = await newCalendar();
      const recurrence = ['RRULE:FREQ=MONTHLY;BYMONTHDAY=1'];
      // Recurring events need a time zone on dateTime start/end.
      await expectGoogleError(api.events.insert({ calendarId: cal, requestBody: { ...timed('2024-08-01T10:00:00Z', '2024-08-01T11:00:00Z'), recurrence } }), 400, 'required');
      sim.state.insertEvent(cal, {
        id: 'month0001',
        start: { dateTime: '2024-08-01T10:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2024-08-01T11:00:00', timeZone: 'Europe/Berlin' },
        recurrence,
      });
      await expectGoogleError(api.events.list({ calendarId: cal, singleEvents: true }), 400, 'badRequest');
      expect((await api.events.list({ calendarId: cal })).data.items?.map((e) => e.id)).toEqual(['month0001']);
      await expectGoogleError(api.events.list({ calendarId: cal, orderBy: 'startTime' }), 400, 'badRequest');
    });

    it('privateExtendedProperty filters; repeated constraints are OR’ed (as the guide says)', async () => {
      const cal = await newCalendar();
      sim.state.insertEvent(cal, { id: 'prop00001', extendedProperties: { private: { advowareFrNr: '1' } }, ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      sim.state.insertEvent(cal, { id: 'prop00002', extendedProperties: { private: { advowareFrNr: '2' } }, ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      sim.state.insertEvent(cal, { id: 'prop00003', ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') });
      const one = await api.events.list({ calendarId: cal, privateExtendedProperty: ['advowareFrNr=2'] });
      expect(one.data.items?.map((e) => e.id)).toEqual(['prop00002']);
      const either = await api.events.list({ calendarId: cal, privateExtendedProperty: ['advowareFrNr=1', 'advowareFrNr=2'] });
      expect(either.data.items?.map((e) => e.id)).toEqual(['prop00001', 'prop00002']);
    });
  });

  describe('ownership with requireSubject', () => {
    it('forbids touching another user’s calendar (403) and service-account tokens without sub', async () => {
      const strict = await startGoogleSim({ requireSubject: true });
      try {
        const strictKey = strict.createServiceAccountKey();
        const owner = googleApiAs(strict, strictKey, 'ab@kanzlei.de');
        const other = googleApiAs(strict, strictKey, 'cd@kanzlei.de');
        const cal = (await owner.calendars.insert({ requestBody: { summary: 'AB' } })).data.id ?? '';
        await expectGoogleError(other.events.list({ calendarId: cal }), 403, 'forbidden');
        await expectGoogleError(other.events.insert({ calendarId: cal, requestBody: timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') }), 403, 'forbidden');
        await expectGoogleError(googleApiAs(strict, strictKey).calendarList.list(), 403, 'forbidden');
        expect((await owner.events.list({ calendarId: cal })).status).toBe(200);
      } finally {
        await strict.close();
      }
    });
  });
});

describe('Google Calendar simulator: admin API', () => {
  it('issues keys, dumps state and resets over HTTP without counting those calls', async () => {
    const sim = await startGoogleSim();
    try {
      const post = (path: string, body: unknown = {}) => fetch(`${sim.url}/__admin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const key = (await (await post('service-accounts', { clientEmail: 'http@sim.iam.gserviceaccount.com' })).json()) as ServiceAccountJson;
      expect(key).toMatchObject({ type: 'service_account', client_email: 'http@sim.iam.gserviceaccount.com', token_uri: sim.tokenUrl });
      const api = googleApiAs(sim, key, 'ab@kanzlei.de');
      const created = await api.calendars.insert({ requestBody: { summary: 'AB' } });
      await api.events.insert({ calendarId: created.data.id ?? '', requestBody: { id: 'admin0001', ...timed('2024-07-01T10:00:00Z', '2024-07-01T11:00:00Z') } });
      const dump = (await (await fetch(`${sim.url}/__admin/calendars/${encodeURIComponent(created.data.id ?? '')}/events`)).json()) as { events: { id: string }[] };
      expect(dump.events.map((e) => e.id)).toEqual(['admin0001']);
      const calendars = (await (await fetch(`${sim.url}/__admin/calendars`)).json()) as { calendars: { summary: string; owner: string }[] };
      expect(calendars.calendars).toContainEqual(expect.objectContaining({ summary: 'AB', owner: 'ab@kanzlei.de' }));
      expect((await post('reset')).status).toBe(200);
      expect(sim.state.listCalendars()).toEqual([]);
      await post('expire-tokens');
      await expectGoogleError(api.calendarList.list(), 401, 'authError');
      expect(sim.counter.sum({ path: '/__admin' })).toBe(0);
      expect(sim.counter.get('POST', '/token')).toBe(1);
    } finally {
      await sim.close();
    }
  });
});

describe('Google Calendar simulator: quotas, injected faults and request counts', () => {
  let sim: GoogleSim;
  let key: ServiceAccountJson;

  beforeAll(async () => {
    sim = await startGoogleSim({ userRatePerMinute: 3, projectRatePerMinute: 5 });
    key = sim.createServiceAccountKey();
  });
  afterAll(async () => sim.close());

  it('per-user quota → 403 usageLimits/userRateLimitExceeded, per-project quota → rateLimitExceeded; counts are exact', async () => {
    sim.counter.reset();
    const ab = googleApiAs(sim, key, 'ab@kanzlei.de');
    const cd = googleApiAs(sim, key, 'cd@kanzlei.de');
    for (let i = 0; i < 3; i++) await ab.calendarList.list();
    await expectGoogleError(ab.calendarList.list(), 403, 'userRateLimitExceeded', 'usageLimits');
    // Another user has its own budget, until the project's 5 per minute are used up.
    await cd.calendarList.list();
    await cd.calendarList.list();
    await expectGoogleError(cd.calendarList.list(), 403, 'rateLimitExceeded', 'usageLimits');
    expect(sim.counter.get('GET', '/calendar/v3/users/me/calendarList')).toBe(7);
    expect(sim.counter.get('POST', '/token')).toBe(2);
    expect(sim.counter.sum({ path: '/calendar/v3/' })).toBe(7);
  });

  it('fault injection forces 429 (with Retry-After), 403 rateLimitExceeded, 500 and 503 for the next N calls', async () => {
    const relaxed = await startGoogleSim();
    try {
      const api = googleApiAs(relaxed, relaxed.createServiceAccountKey(), 'ab@kanzlei.de');
      await api.calendarList.list();
      relaxed.faults.add({ path: '/calendar/v3/', status: 429, times: 1, body: googleErrorBody(429, 'rateLimitExceeded'), headers: { 'retry-after': '7' } });
      const throttled = await expectGoogleError(api.calendarList.list(), 429, 'rateLimitExceeded', 'usageLimits');
      expect(throttled.headers?.get('retry-after')).toBe('7');

      relaxed.faults.add({ path: '/calendar/v3/', status: 429, times: 1, body: googleErrorBody(429, 'rateLimitExceeded') });
      const defaulted = await failure(api.calendarList.list());
      expect(defaulted.headers?.get('retry-after')).toBe('1');

      relaxed.faults.failNext(1, 403, { path: '/calendar/v3/users' }, googleErrorBody(403, 'rateLimitExceeded'));
      await expectGoogleError(api.calendarList.list(), 403, 'rateLimitExceeded', 'usageLimits');
      relaxed.faults.failNext(1, 500, { method: 'GET' }, googleErrorBody(500, 'backendError'));
      await expectGoogleError(api.calendarList.list(), 500, 'backendError');
      relaxed.faults.failNext(2, 503, { path: '^/calendar/v3/users/me/calendarList$' }, googleErrorBody(503, 'backendError', 'Service Unavailable'));
      expect((await failure(api.calendarList.list())).status).toBe(503);
      expect((await failure(api.calendarList.list())).status).toBe(503);
      expect((await api.calendarList.list()).status).toBe(200);
      // googleapis' own retries are off (retry: false): one request per call.
      expect(relaxed.counter.get('GET', '/calendar/v3/users/me/calendarList')).toBe(8);
      expect(relaxed.faults.injected).toBe(6);
    } finally {
      await relaxed.close();
    }
  });
});
