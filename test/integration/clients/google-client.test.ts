import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GoogleAuthError,
  GoogleBadRequestError,
  GoogleFullSyncRequiredError,
  GoogleNotFoundError,
  GooglePreconditionFailedError,
  GoogleRateLimitError,
  GoogleUpstreamError,
  createGoogleCalendarClient,
  parseCalendarMapping,
  type GoogleCalendarClient,
} from '../../../clients/google';
import { googleErrorBody, startGoogleSim, type GoogleSim, type ServiceAccountJson } from '../../../sim/google';

const timed = (start: string, end: string) => ({ start: { dateTime: start }, end: { dateTime: end } });
const slot = timed('2024-05-01T10:00:00+02:00', '2024-05-01T11:00:00+02:00');

async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('Google Calendar client against the simulator', () => {
  let sim: GoogleSim;
  let key: ServiceAccountJson;
  let client: GoogleCalendarClient;
  let calendarCount = 0;
  const freshCalendar = (kuerzel = 'AB') => client.forKuerzel(kuerzel).ensureCalendar(`Advoware ${kuerzel} ${++calendarCount}`);

  beforeAll(async () => {
    sim = await startGoogleSim({ rateLimitsEnabled: false });
    key = sim.createServiceAccountKey();
    client = createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(key), impersonateDomain: 'kanzlei.de', calendarMapping: 'XY=xaver@kanzlei.de', apiRootUrl: sim.url });
  });
  afterAll(async () => sim.close());

  it('maps Kürzel to users via the mapping, else via the impersonation domain', () => {
    expect(client.emailForKuerzel('xy')).toBe('xaver@kanzlei.de');
    expect(client.emailForKuerzel('AB')).toBe('ab@kanzlei.de');
    expect(parseCalendarMapping('{"ab":"a@x.de"}').get('AB')).toBe('a@x.de');
    expect(() => parseCalendarMapping('AB')).toThrow(/KUERZEL=email/);
  });

  it('ensureCalendar is idempotent: the second call finds the calendar and creates nothing', async () => {
    sim.counter.reset();
    const user = client.forKuerzel('XY');
    const first = await user.ensureCalendar('Advoware XY', { timeZone: 'Europe/Berlin' });
    const second = await user.ensureCalendar('Advoware XY', { timeZone: 'Europe/Berlin' });
    expect(second).toBe(first);
    expect(sim.counter.get('POST', '/calendar/v3/calendars')).toBe(1);
    expect(sim.counter.get('GET', '/calendar/v3/users/me/calendarList')).toBe(2);
    expect(sim.state.listCalendars('xaver@kanzlei.de').filter((c) => c.calendar.summary === 'Advoware XY')).toHaveLength(1);
    expect(sim.state.getCalendar(first).owner).toBe('xaver@kanzlei.de');
    expect((await user.listCalendars()).map((c) => c.summary).sort()).toEqual(['Advoware XY', 'xaver@kanzlei.de']);
  });

  it('listEvents follows every page (600 events) and resends the same syncToken on every incremental page', async () => {
    const calendarId = await freshCalendar();
    for (let i = 0; i < 600; i++) sim.state.insertEvent(calendarId, { id: `evt${String(i).padStart(5, '0')}`, ...slot });
    const path = `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    sim.counter.reset();
    const user = client.forKuerzel('AB');
    const full = await user.listEvents({ calendarId });
    expect(full.items).toHaveLength(600);
    expect(new Set(full.items.map((e) => e.id)).size).toBe(600);
    expect(full.nextSyncToken).toBeTruthy();
    expect(sim.counter.get('GET', path)).toBe(3);

    for (let i = 0; i < 150; i++) sim.state.patchEvent(calendarId, `evt${String(i * 4).padStart(5, '0')}`, { summary: 'geändert' });
    sim.state.deleteEvent(calendarId, 'evt00001');
    const delta = await user.listEvents({ calendarId, syncToken: full.nextSyncToken, maxResults: 100 });
    // Had the syncToken been dropped on later pages, those pages would list everything.
    expect(delta.items).toHaveLength(151);
    expect(delta.items.find((e) => e.id === 'evt00001')?.status).toBe('cancelled');
    expect(sim.counter.get('GET', path)).toBe(3 + 2);
    expect(delta.nextSyncToken).toBeTruthy();
    expect((await user.listEvents({ calendarId, syncToken: delta.nextSyncToken })).items).toEqual([]);
  });

  it('a 410 on list becomes GoogleFullSyncRequiredError', async () => {
    const calendarId = await freshCalendar();
    const user = client.forKuerzel('AB');
    const { nextSyncToken } = await user.listEvents({ calendarId });
    sim.invalidateSyncTokens(calendarId);
    const error = await rejection(user.listEvents({ calendarId, syncToken: nextSyncToken }));
    expect(error).toBeInstanceOf(GoogleFullSyncRequiredError);
    expect((error as Error).name).toBe('GoogleFullSyncRequiredError');
    expect(error).toMatchObject({ status: 410, reason: 'fullSyncRequired', retryable: false });
  });

  it('insert with a client-chosen id reports an existing event instead of failing', async () => {
    const calendarId = await freshCalendar();
    const user = client.forKuerzel('AB');
    const first = await user.insertEvent(calendarId, { id: 'adv00042', summary: 'Termin', ...slot });
    expect(first).toMatchObject({ alreadyExists: false, event: { id: 'adv00042', summary: 'Termin' } });
    expect(await user.insertEvent(calendarId, { id: 'adv00042', summary: 'Termin', ...slot })).toEqual({ alreadyExists: true, eventId: 'adv00042' });
    expect(sim.state.listEvents(calendarId)).toHaveLength(1);
    await expect(user.insertEvent(calendarId, { id: 'BAD', ...slot })).rejects.toBeInstanceOf(GoogleBadRequestError);
  });

  it('update, patch and get round-trip; If-Match with a stale etag → GooglePreconditionFailedError', async () => {
    const calendarId = await freshCalendar();
    const user = client.forKuerzel('AB');
    const created = await user.insertEvent(calendarId, { id: 'adv00043', summary: 'v1', extendedProperties: { private: { advowareFrNr: '43' } }, ...slot });
    if (created.alreadyExists) throw new Error('unexpected duplicate');
    const patched = await user.patchEvent(calendarId, 'adv00043', { summary: 'v2' }, { ifMatch: created.event.etag ?? undefined });
    expect(patched).toMatchObject({ summary: 'v2', extendedProperties: { private: { advowareFrNr: '43' } } });
    const error = await rejection(user.updateEvent(calendarId, 'adv00043', { summary: 'v3', ...slot }, { ifMatch: created.event.etag ?? undefined }));
    expect(error).toBeInstanceOf(GooglePreconditionFailedError);
    expect((error as Error).name).toBe('GooglePreconditionFailedError');
    await expect(user.deleteEvent(calendarId, 'adv00043', { ifMatch: created.event.etag ?? undefined })).rejects.toBeInstanceOf(GooglePreconditionFailedError);
    const replaced = await user.updateEvent(calendarId, 'adv00043', { summary: 'v3', ...slot }, { ifMatch: patched.etag ?? undefined });
    expect(replaced.extendedProperties).toBeUndefined();
    expect((await user.getEvent(calendarId, 'adv00043'))?.summary).toBe('v3');
    expect(await user.getEvent(calendarId, 'unknown01')).toBeUndefined();
    await expect(user.patchEvent(calendarId, 'unknown01', { summary: 'x' })).rejects.toBeInstanceOf(GoogleNotFoundError);
  });

  it('deleting twice (and deleting an unknown id) counts as done', async () => {
    const calendarId = await freshCalendar();
    const user = client.forKuerzel('AB');
    await user.insertEvent(calendarId, { id: 'adv00044', ...slot });
    expect(await user.deleteEvent(calendarId, 'adv00044')).toEqual({ deleted: true });
    expect(await user.deleteEvent(calendarId, 'adv00044')).toEqual({ deleted: false });
    expect(await user.deleteEvent(calendarId, 'never0001')).toEqual({ deleted: false });
    expect((await user.getEvent(calendarId, 'adv00044'))?.status).toBe('cancelled');
  });

  it('injected 429 → GoogleRateLimitError with retryAfterMs; no automatic retry by googleapis', async () => {
    const calendarId = await freshCalendar();
    const path = `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    sim.counter.reset();
    sim.faults.add({ path, status: 429, times: 1, body: googleErrorBody(429, 'rateLimitExceeded'), headers: { 'retry-after': '7' } });
    const error = await rejection(client.forKuerzel('AB').listEvents({ calendarId }));
    expect(error).toBeInstanceOf(GoogleRateLimitError);
    expect(error).toMatchObject({ name: 'GoogleRateLimitError', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(sim.counter.get('GET', path)).toBe(1);
  });

  it('injected 403 usageLimits → GoogleRateLimitError; 503 and dropped connections → GoogleUpstreamError, one request each', async () => {
    const calendarId = await freshCalendar();
    const path = `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;
    const user = client.forKuerzel('AB');
    sim.counter.reset();
    sim.faults.failNext(1, 403, { path }, googleErrorBody(403, 'quotaExceeded'));
    const quota = await rejection(user.insertEvent(calendarId, { id: 'adv00045', ...slot }));
    expect(quota).toBeInstanceOf(GoogleRateLimitError);
    expect(quota).toMatchObject({ reason: 'quotaExceeded', retryAfterMs: undefined });

    sim.faults.failNext(1, 503, { path }, googleErrorBody(503, 'backendError'));
    const unavailable = await rejection(user.insertEvent(calendarId, { id: 'adv00045', ...slot }));
    expect(unavailable).toBeInstanceOf(GoogleUpstreamError);
    expect(unavailable).toMatchObject({ status: 503, retryable: true });

    sim.faults.add({ path, drop: true, times: 1 });
    const dropped = await rejection(user.listEvents({ calendarId }));
    expect(dropped).toBeInstanceOf(GoogleUpstreamError);
    expect((dropped as GoogleUpstreamError).status).toBeUndefined();
    expect(sim.counter.sum({ path })).toBe(3);
    expect(sim.state.listEvents(calendarId)).toEqual([]);
  });

  it('the simulator’s per-user quota → GoogleRateLimitError carrying Retry-After', async () => {
    const limited = await startGoogleSim({ userRatePerMinute: 2 });
    try {
      const limitedClient = createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(limited.createServiceAccountKey()), impersonateDomain: 'kanzlei.de', apiRootUrl: limited.url });
      const user = limitedClient.forKuerzel('AB');
      await user.listCalendars();
      await user.listCalendars();
      const error = await rejection(user.listCalendars());
      expect(error).toBeInstanceOf(GoogleRateLimitError);
      expect(error).toMatchObject({ status: 403, reason: 'userRateLimitExceeded' });
      expect((error as GoogleRateLimitError).retryAfterMs).toBeGreaterThan(0);
      // Other users keep their own budget.
      expect(await limitedClient.forKuerzel('CD').listCalendars()).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('auth: unknown keys → GoogleAuthError (token endpoint is not retried); a revoked token is replaced on the next call', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = { ...key, private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const forgedClient = createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(forged), impersonateDomain: 'kanzlei.de', apiRootUrl: sim.url });
    sim.counter.reset();
    const error = await rejection(forgedClient.forKuerzel('AB').listCalendars());
    expect(error).toBeInstanceOf(GoogleAuthError);
    expect(error).toMatchObject({ reason: 'invalid_grant', retryable: false });
    expect(String((error as Error).message)).not.toContain('PRIVATE KEY');

    sim.faults.failNext(1, 503, { path: '/token' });
    const tokenDown = await rejection(createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(key), impersonateDomain: 'kanzlei.de', apiRootUrl: sim.url }).forKuerzel('AB').listCalendars());
    expect(tokenDown).toBeInstanceOf(GoogleUpstreamError);
    expect(sim.counter.get('POST', '/token')).toBe(2);

    const user = client.forKuerzel('AB');
    await user.listCalendars();
    sim.expireAccessTokens();
    const expired = await rejection(user.listCalendars());
    expect(expired).toBeInstanceOf(GoogleAuthError);
    expect((expired as GoogleAuthError).status).toBe(401);
    const tokensBefore = sim.counter.get('POST', '/token');
    expect((await user.listCalendars()).length).toBeGreaterThan(0);
    expect(sim.counter.get('POST', '/token')).toBe(tokensBefore + 1);
  });

  it('reads the key from GOOGLE_SERVICE_ACCOUNT_FILE and never puts key material in its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'google-key-'));
    const file = join(dir, 'key.json');
    writeFileSync(file, JSON.stringify(key));
    expect(createGoogleCalendarClient({ serviceAccountFile: file, impersonateDomain: 'kanzlei.de' }).emailForKuerzel('AB')).toBe('ab@kanzlei.de');
    writeFileSync(file, JSON.stringify({ ...key, client_email: undefined }));
    expect(() => createGoogleCalendarClient({ serviceAccountFile: file })).toThrow(/client_email/);
    try {
      createGoogleCalendarClient({ serviceAccountJson: `${key.private_key}` });
    } catch (e) {
      expect(String(e)).not.toContain('PRIVATE KEY');
    }
    expect(() => createGoogleCalendarClient({ serviceAccountJson: JSON.stringify(key) }).emailForKuerzel('AB')).toThrow(/GOOGLE_IMPERSONATE_DOMAIN/);
  });
});
