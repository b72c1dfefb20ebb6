import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectShadowReport, formatShadowReport, type ShadowReport } from '../../cli/report/shadow';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import type { RequestCounter } from '../../sim/shared/counter';
import { seedSimulators, startSimulators, type Simulators } from '../../sim/start-all';
import { buildActivities, createExternalClients } from '../../worker/activities';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { beteiligteWorkflowId, calendarWorkflowId } from '../../workflows/messages';
import { testEnv } from '../support/env';
import { connectClient, startTestWorkers, temporalAddress, uniqueTaskQueue, type RunningTestWorkers } from '../support/temporal';
import { waitFor } from '../support/wait';

const ENTITY = 'CBeteiligte';
/** The demo's data set (scripts/demo.ts). */
const DEMO_SEED = { seed: 42, persons: 20, companies: 8, employees: 3, terminePerEmployee: 25 };

type Counts = Record<string, number>;
const WRITE = /^(POST|PUT|PATCH|DELETE) /;
/** Token requests are how a read-only client logs in; they change nothing. */
const LOGIN = /\/(token|Token)$/;

function writesOf(counter: RequestCounter): Counts {
  return Object.fromEntries(Object.entries(counter.snapshot()).filter(([key]) => WRITE.test(key) && !LOGIN.test(key)));
}

function delta(after: Counts, before: Counts): Counts {
  const out: Counts = {};
  for (const [key, n] of Object.entries(after)) if (n - (before[key] ?? 0) > 0) out[key] = n - (before[key] ?? 0);
  return out;
}

/** HTTP write → the client call the shadow report names it by. */
const KINDS: [RegExp, string][] = [
  [/^POST .*\/advonet\/Beteiligte$/, 'advoware.createBeteiligte'],
  [/^PUT .*\/advonet\/Beteiligte\/\d+$/, 'advoware.updateBeteiligte'],
  [/^POST .*\/Kommunikationen$/, 'advoware.createKommunikation'],
  [/^PUT .*\/Kommunikationen\/\d+$/, 'advoware.updateKommunikation'],
  [/^POST .*\/advonet\/Termine$/, 'advoware.createTermin'],
  [/^PUT .*\/advonet\/Termine\/-?\d+$/, 'advoware.updateTermin'],
  [/^DELETE .*\/advonet\/Termine\/-?\d+$/, 'advoware.deleteTermin'],
  [/^PUT \/api\/v1\/CBeteiligte\/\w+$/, 'espocrm.update'],
  [/^POST \/api\/v1\/Task$/, 'espocrm.createTask'],
  [/^POST \/api\/v1\/Notification$/, 'espocrm.createNotification'],
  [/^POST .*\/calendars$/, 'google.createCalendar'],
  [/^POST .*\/calendars\/[^/]+\/events$/, 'google.insertEvent'],
  [/^PUT .*\/events\/[^/]+$/, 'google.updateEvent'],
  [/^PATCH .*\/events\/[^/]+$/, 'google.patchEvent'],
  [/^DELETE .*\/events\/[^/]+$/, 'google.deleteEvent'],
];

function byKind(writes: Counts): Counts {
  const out: Counts = {};
  for (const [key, n] of Object.entries(writes)) {
    const kind = KINDS.find(([re]) => re.test(key))?.[1] ?? `unclassified ${key}`;
    out[kind] = (out[kind] ?? 0) + n;
  }
  return out;
}

describe('shadow mode over the demo data: zero writes, and the report lists what the live run then writes', () => {
  let sims: Simulators;
  let temporal: { client: Client; connection: Connection };
  let espoIds: string[];
  let kuerzel: string[];

  beforeAll(async () => {
    sims = await startSimulators({ googleRateLimits: false });
    const seed = seedSimulators(sims, { ...DEMO_SEED, startDate: new Date().toISOString().slice(0, 10) });
    espoIds = sims.espocrm.state.listRecords(ENTITY).map((r) => r.id as string);
    kuerzel = seed.employees.filter((e) => e.aktiv).map((e) => e.kuerzel);
    temporal = await connectClient();
  });
  afterAll(async () => {
    await temporal?.connection.close();
    await sims?.close();
  });

  const counters = () => ({ advoware: writesOf(sims.advoware.counter), espocrm: writesOf(sims.espocrm.counter), google: writesOf(sims.google.counter) });
  const allWrites = (c: ReturnType<typeof counters>) => ({ ...c.advoware, ...c.espocrm, ...c.google });

  async function workersIn(mode: 'shadow' | 'live', taskQueue: string): Promise<RunningTestWorkers & { closeClients(): Promise<void> }> {
    const env = testEnv({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, BETEILIGTE_DEBOUNCE: '100ms', CALENDAR_PAST_DAYS: '30', CALENDAR_FUTURE_DAYS: '90', ...sims.env, BETEILIGTE_MODE: mode, CALENDAR_MODE: mode });
    const config = loadConfig(env);
    const clients = createExternalClients(config, createLogger({ level: 'silent', name: `shadow-e2e-${mode}` }));
    const workers = await startTestWorkers(buildActivities(config, clients, temporal.client), { taskQueue, advowareMaxPerSecond: 200, googleMaxPerSecond: 200 });
    return { ...workers, closeClients: async () => void (await Promise.all([clients.advoware.close(), clients.espocrm.close()])) };
  }

  /** One sweep (every record is new, so every record is due) and one calendar pass per employee, all finished. */
  async function runCycle(taskQueue: string): Promise<void> {
    await temporal.client.workflow.execute(beteiligteSweep, { taskQueue, workflowId: `${taskQueue}-sweep` });
    for (const id of espoIds) {
      const handle = temporal.client.workflow.getHandle(beteiligteWorkflowId(id));
      await waitFor(`record ${id} done`, async () => ((await handle.describe().catch(() => undefined))?.status.name === 'COMPLETED' ? true : undefined), 240_000, 200);
    }
    const result = await temporal.client.workflow.execute(calendarSyncAll, { taskQueue, workflowId: `${taskQueue}-calendar`, args: [{}] });
    expect(result.employees.every((e) => e.outcome !== 'failed')).toBe(true);
  }

  it('shadow: no write reaches any simulator; live afterwards writes exactly what the report listed', { timeout: 600_000 }, async () => {
    // --- shadow
    const shadowQueue = uniqueTaskQueue('shadow');
    const shadowWorkers = await workersIn('shadow', shadowQueue);
    const before = counters();
    let report: ShadowReport;
    try {
      await runCycle(shadowQueue);
      expect(allWrites(counters())).toEqual(allWrites(before));
      // The report lists workflows through visibility, which trails completion by a moment under load.
      const expected = espoIds.length + kuerzel.length;
      report = await waitFor('every shadow workflow in the report', async () => {
        const r = await collectShadowReport(temporal.client, shadowQueue);
        return r.workflows.withShadow >= expected ? r : undefined;
      }, 60_000, 500);
      console.log(formatShadowReport(report, 10));
      for (const k of kuerzel) await temporal.client.workflow.getHandle(calendarWorkflowId(k)).terminate('shadow e2e: hand over to the live run');
    } finally {
      await shadowWorkers.stop();
      await shadowWorkers.closeClients();
    }
    expect(report.workflows.withShadow).toBe(espoIds.length + kuerzel.length);
    expect(report.total).toBeGreaterThan(espoIds.length);
    // Nothing was written, so EspoCRM still shows every record unlinked.
    expect(sims.espocrm.state.listRecords(ENTITY).every((r) => !r.betnr && r.syncStatus !== 'clean')).toBe(true);

    // --- live
    const liveQueue = uniqueTaskQueue('live');
    const liveWorkers = await workersIn('live', liveQueue);
    const beforeLive = counters();
    try {
      await runCycle(liveQueue);
    } finally {
      await liveWorkers.stop();
      await liveWorkers.closeClients();
    }
    const liveWrites = delta(allWrites(counters()), allWrites(beforeLive));
    expect(byKind(liveWrites)).toEqual(report.byKind);
    // Per record: the EspoCRM updates the report planned are the ones the live run made.
    for (const record of report.records.filter((r) => r.kind === 'beteiligte')) {
      expect([record.id, liveWrites[`PUT /api/v1/${ENTITY}/${record.id}`] ?? 0]).toEqual([record.id, record.byKind['espocrm.update'] ?? 0]);
    }
    expect(sims.espocrm.state.listRecords(ENTITY).every((r) => typeof r.betnr === 'number' && r.syncStatus === 'clean')).toBe(true);
  });
});
