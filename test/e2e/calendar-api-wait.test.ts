import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarStatusQuery, calendarWorkflowId } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';

const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * `POST /advoware/calendar/sync` with `wait: true` takes the CLI's path (the requestPass Update
 * with start) and answers with the pass outcome; a failing pass is a 502 with its error within
 * the bounded wait, not a hang.
 */
describe('POST /advoware/calendar/sync with wait (update-with-start)', () => {
  let stack: Stack;
  const sync = (body: unknown) =>
    fetch(`${stack.apiUrl}/advoware/calendar/sync`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'test-api-key' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    // 20 s bound: the default and the maximum a caller may ask for.
    stack = await startStack({ env: { CALENDAR_PAST_DAYS: '5', CALENDAR_FUTURE_DAYS: '30', CALENDAR_SYNC_WAIT_TIMEOUT: '20s' } });
    for (const [kuerzel, name] of [['WA', 'Wagner'], ['FX', 'Fuchs']]) {
      stack.sims.advoware.state.addEmployee({ kuerzel, name, vorname: 'Test', email: `${kuerzel.toLowerCase()}@kanzlei.example`, aktiv: true });
      stack.sims.advoware.state.createTermin({ datum: plusDays(2), uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: `Termin ${name}`, anwalt: kuerzel });
    }
  });
  afterAll(async () => stack?.close());

  it('answers 200 with the outcome of the pass it asked for; the pass really ran', async () => {
    const res = await sync({ kuerzel: 'wa', wait: true });
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', kuerzel: 'WA', workflowId: 'calendar:WA', outcome: 'clean' });
    const status = await stack.temporal.workflow.getHandle(calendarWorkflowId('WA')).query(calendarStatusQuery);
    expect(status.passes).toBeGreaterThanOrEqual(1);
    expect(status.linkedEvents).toBe(1);
  });

  it('a pass that keeps failing answers 502 with its error within the asked-for wait', async () => {
    // Google refuses every calendar list call for FX's user: each pass attempt fails.
    const fault = stack.sims.google.faults.add({ method: 'GET', path: '/calendar/v3/users/me/calendarList', status: 500 });
    try {
      const started = Date.now();
      const res = await sync({ kuerzel: 'FX', wait: true, timeout_s: 4 });
      const took = Date.now() - started;
      const body = (await res.json()) as { message: string; outcome: string; kuerzel: string };
      console.log(`wait with a failing pass: HTTP ${res.status} after ${took} ms: ${body.message}`);
      expect(res.status).toBe(502);
      expect(body).toMatchObject({ error: 'Bad Gateway', kuerzel: 'FX', outcome: 'failed' });
      expect(body.message).toMatch(/calendar pass for FX failed: .*injected fault/);
      expect(took).toBeGreaterThanOrEqual(3_500);
      expect(took).toBeLessThan(15_000);
    } finally {
      stack.sims.google.faults.remove(fault);
    }
  });

  it('a caller that disconnects ends the wait at once (recorded as 499); the pass itself goes on', async () => {
    const fault = stack.sims.google.faults.add({ method: 'GET', path: '/calendar/v3/users/me/calendarList', status: 500 });
    const closed = () => stack.apiMetrics.httpRequests.get().then((m) => m.values.filter((v) => v.labels.status === '499').reduce((n, v) => n + v.value, 0));
    const waiting = () => stack.apiMetrics.calendarWaits.get().then((m) => m.values[0]?.value ?? 0);
    try {
      const before = await closed();
      const caller = new AbortController();
      const request = fetch(`${stack.apiUrl}/advoware/calendar/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'test-api-key' },
        body: JSON.stringify({ kuerzel: 'FX', wait: true, timeout_s: 20 }),
        signal: caller.signal,
      });
      // Let the wait begin (the pass is failing and retrying), then hang up.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await waiting()).toBe(1);
      caller.abort();
      await expect(request).rejects.toThrow(/abort/i);
      const hungUp = Date.now();
      let stoppedAfter = Number.POSITIVE_INFINITY;
      while (Date.now() - hungUp < 15_000) {
        if ((await closed()) > before && (await waiting()) === 0) {
          stoppedAfter = Date.now() - hungUp;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      console.log(`caller hung up after 1 s of a 20 s wait → the API stopped waiting ${stoppedAfter} ms later`);
      expect(stoppedAfter).toBeLessThan(3_000);
      // The employee's workflow still runs its pass (it keeps retrying against the fault).
      const described = await stack.temporal.workflow.getHandle(calendarWorkflowId('FX')).describe();
      expect(described.status.name).toBe('RUNNING');
    } finally {
      stack.sims.google.faults.remove(fault);
    }
  });

  it('refuses what it cannot answer, and starts nothing: wait for ALL, timeout_s above the bound or without wait, unknown Kürzel', async () => {
    for (const [body, pattern] of [
      [{ wait: true }, /one Kürzel/],
      [{ kuerzel: 'ALL', wait: true }, /one Kürzel/],
      [{ kuerzel: 'WA', wait: true, timeout_s: 21 }, /at most 20/],
      [{ kuerzel: 'WA', timeout_s: 5 }, /needs wait/],
      [{ kuerzel: 'WA', wait: true, timeout_s: 0 }, /schema/],
    ] as const) {
      const res = await sync(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(pattern);
    }
    const ghost = await sync({ kuerzel: 'GHOST', wait: true });
    expect(ghost.status).toBe(404);
    await expect(stack.temporal.workflow.getHandle(calendarWorkflowId('GHOST')).describe()).rejects.toThrow(/not found/i);
    await expect(stack.temporal.workflow.getHandle('calendar-sync-api').describe()).rejects.toThrow(/not found/i);
  });
});
