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
import { bankverbindungWorkflowId } from '../../workflows/bankverbindung-messages';
import { beteiligteWorkflowId, calendarWorkflowId } from '../../workflows/messages';
import { requestBeteiligteSync } from '../../clients/temporal/start-beteiligte';
import { testEnv } from '../support/env';
import { connectClient, startTestWorkers, temporalAddress, uniqueTaskQueue, type RunningTestWorkers } from '../support/temporal';
import { waitFor } from '../support/wait';

const ENTITY = 'CBeteiligte';
const ADR = 'CAdressen';
const BANK = 'CBankverbindungen';
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
  [/^POST .*\/Adressen$/, 'advoware.createAdresse'],
  [/^PUT .*\/Adressen\/\d+$/, 'advoware.updateAdresse'],
  [/^POST .*\/Bankverbindungen$/, 'advoware.createBankverbindung'],
  [/^PUT \/api\/v1\/C\w+\/\w+$/, 'espocrm.update'],
  [/^POST \/api\/v1\/C\w+$/, 'espocrm.create'],
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
  /** Beyond the demo data: a party the old system linked, with an address on each side and a bank account. */
  let linkedId: string;
  let linkedBetNr: number;
  let bankIds: string[];
  /** A linked record deleted in EspoCRM: its pass creates a Task for a human. */
  let deletedId: string;

  beforeAll(async () => {
    sims = await startSimulators({ googleRateLimits: false });
    const seed = seedSimulators(sims, { ...DEMO_SEED, startDate: new Date().toISOString().slice(0, 10) });
    const linked = sims.advoware.state.createBeteiligte({ name: 'Altkunde GmbH', rechtsform: 'GmbH' });
    linkedBetNr = linked.betNr;
    sims.advoware.state.addAdresse(linked.betNr, { strasse: 'Postweg 9', plz: '30880', ort: 'Laatzen' });
    linkedId = sims.espocrm.state.createRecord(ENTITY, { name: 'Altkunde GmbH', lastName: 'Altkunde GmbH', rechtsform: 'GmbH', salutationName: 'Firma', betnr: linked.betNr }).id as string;
    sims.espocrm.state.createRecord(ADR, { beteiligteId: linkedId, strasse: 'Hauptstraße 1', plz: '30159', ort: 'Hannover', land: 'D', standardAnschrift: true, gueltigVon: '2020-01-01' });
    bankIds = [
      sims.espocrm.state.createRecord(BANK, { name: 'Geschäftskonto', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', kontoinhaber: 'Altkunde GmbH', bankname: 'Commerzbank', beteiligteId: linkedId }).id as string,
    ];
    const gone = sims.advoware.state.createBeteiligte({ name: 'Ehemals', vorname: 'Erika', rechtsform: 'Natürliche Person' });
    deletedId = sims.espocrm.state.createRecord(ENTITY, { name: 'Erika Ehemals', firstName: 'Erika', lastName: 'Ehemals', rechtsform: 'Natürliche Person', betnr: gone.betNr }).id as string;
    sims.espocrm.state.deleteRecord(ENTITY, deletedId);
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

  /**
   * One sweep (every record is new, so every record and bank account is due), the delete webhook
   * of the deleted record, and one calendar pass per employee, all finished.
   */
  async function runCycle(taskQueue: string): Promise<void> {
    await temporal.client.workflow.execute(beteiligteSweep, { taskQueue, workflowId: `${taskQueue}-sweep` });
    await requestBeteiligteSync({ client: temporal.client, taskQueue, debounceMs: 100 }, deletedId, { request: { action: 'delete', source: 'webhook' } });
    const workflowIds = [...[...espoIds, deletedId].map(beteiligteWorkflowId), ...bankIds.map(bankverbindungWorkflowId)];
    for (const id of workflowIds) {
      const handle = temporal.client.workflow.getHandle(id);
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
      const expected = espoIds.length + 1 + bankIds.length + kuerzel.length;
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
    expect(report.workflows).toMatchObject({ withShadow: espoIds.length + 1 + bankIds.length + kuerzel.length, bankverbindungWithShadow: bankIds.length });
    expect(report.total).toBeGreaterThan(espoIds.length);
    // Bank account, addresses and the Task for the delete are planned writes like any other.
    expect(report.records.find((r) => r.id === bankIds[0])).toMatchObject({ kind: 'bankverbindung', outcome: 'shadow', plannedOutcome: 'clean', byKind: { 'advoware.createBankverbindung': 1, 'espocrm.update': 1 } });
    expect(report.records.find((r) => r.id === deletedId)).toMatchObject({ kind: 'beteiligte', outcome: 'shadow', plannedOutcome: 'deleted_in_espocrm', byKind: { 'espocrm.createTask': 1 } });
    expect(report.records.find((r) => r.id === linkedId)?.byKind).toMatchObject({ 'advoware.createAdresse': 1, 'espocrm.create': 1 });
    expect(report.byField).toMatchObject({ 'espocrm Task.name': expect.any(Number), 'advoware Bankverbindung.iban': 1 });
    // Nothing was written: EspoCRM still shows every demo record unlinked, the old link without a base,
    // the bank account without its Advoware id, one address per side and no Task.
    expect(sims.espocrm.state.listRecords(ENTITY).filter((r) => r.id !== linkedId).every((r) => !r.betnr && r.syncStatus !== 'clean')).toBe(true);
    expect(sims.espocrm.state.getRecord(ENTITY, linkedId)).toMatchObject({ advowareSyncBase: null });
    expect(sims.espocrm.state.listRecords(BANK).map((r) => r.advowareKontoId ?? null)).toEqual([null]);
    expect([sims.espocrm.state.listRecords(ADR).length, sims.advoware.state.getBeteiligte(linkedBetNr)?.adressen.length]).toEqual([1, 1]);
    expect(sims.advoware.state.listBankverbindungen(linkedBetNr)).toEqual([]);
    expect(sims.espocrm.state.tasks()).toEqual([]);

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
    // Per record: the EspoCRM updates the report planned are the ones the live run made (a party's
    // address updates count with the party).
    const addressPuts = Object.entries(liveWrites).filter(([key]) => key.startsWith(`PUT /api/v1/${ADR}/`)).reduce((n, [, count]) => n + count, 0);
    for (const record of report.records.filter((r) => r.kind !== 'calendar')) {
      const entity = record.kind === 'bankverbindung' ? BANK : ENTITY;
      const puts = (liveWrites[`PUT /api/v1/${entity}/${record.id}`] ?? 0) + (record.id === linkedId ? addressPuts : 0);
      expect([record.id, puts]).toEqual([record.id, record.byKind['espocrm.update'] ?? 0]);
    }
    expect(sims.advoware.state.listBankverbindungen(linkedBetNr)).toHaveLength(1);
    expect(sims.espocrm.state.tasks().filter((t) => String(t.description).includes(deletedId))).toHaveLength(1);
    expect(sims.espocrm.state.listRecords(ENTITY).every((r) => typeof r.betnr === 'number' && r.syncStatus === 'clean')).toBe(true);
  });
});
