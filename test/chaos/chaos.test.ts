import { describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { masterFromAdvoware, masterFromEspo, type MasterData, type MasterField } from '../../domain/beteiligte';
import { Rng } from '../../sim/seed/prng';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { beteiligteStatusQuery, beteiligteWorkflowId, forceResyncSignal } from '../../workflows/messages';
import {
  ENTITY,
  advowareKeys,
  advowareRecord,
  applyRandomAdvowareKommEdit,
  espoEditForSameField,
  espoKeys,
  espoRecord,
  initialEspoRecord,
  isSettledData,
  unsettledReason,
  randomAdvowareFieldEdit,
  randomEspoFieldEdit,
  randomEspoKommEdit,
  sameSet,
  type TrackedBeteiligter,
} from './beteiligte-model';
import { createAdvowareAdresse, createEspoAdresse, editAdvowareAdresse, editEspoAdresse, settledAdresse, verifyAdressen, type TrackedAdresse } from './adressen-model';
import { CalendarModel, type TrackedEmployee } from './calendar-model';
import { ChaosFaults } from './faults';
import { startChaosStack, type ChaosStack } from './harness';
import { stuckWorkflows, verifyBeteiligte, verifyCalendar, type Findings } from './verify';

/**
 * Chaos suite (`npm run test:chaos`, `CHAOS_SIZE=small` in CI): random edits on both sides of
 * Beteiligte, addresses and calendars while the simulators inject faults, the worker process is SIGKILLed
 * and restarted, and the Temporal dev server restarts once from its SQLite file. Afterwards,
 * with faults cleared, sweeps and calendar runs go on until a round writes nothing, and both
 * systems must agree with each other and with the last edit of everything.
 */
const SIZES = {
  small: { records: 8, employees: 2, termine: 6, edits: 30, kills: 1, settleMs: 6 * 60_000 },
  default: { records: 20, employees: 3, termine: 10, edits: 150, kills: 3, settleMs: 8 * 60_000 },
};
const SIZE_NAME = process.env.CHAOS_SIZE === 'small' ? 'small' : 'default';
const SIZE = SIZES[SIZE_NAME];
const SEED = Number(process.env.CHAOS_SEED ?? 4711);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[chaos] ${line}`);

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(probe).catch(() => false)) return true;
    await sleep(intervalMs);
  }
  log(`gave up waiting for ${what} after ${timeoutMs} ms`);
  return false;
}

describe(`chaos (${SIZE_NAME}: ${SIZE.records} Beteiligte, ${SIZE.employees}×${SIZE.termine} Termine, ${SIZE.edits} edits, ${SIZE.kills} worker kills, 1 Temporal restart)`, () => {
  it('loses nothing, duplicates nothing and leaves no workflow stuck', async () => {
    const started = Date.now();
    const rng = new Rng(SEED);
    const stack: ChaosStack = await startChaosStack({ calendarPastDays: 10, calendarFutureDays: 60, log });
    const { sims, temporal, taskQueue } = stack;
    const faults = new ChaosFaults(sims);
    const calendar = new CalendarModel(sims);
    let runs = 0;

    const isRunning = async (workflowId: string): Promise<boolean> => {
      try {
        return (await temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return false;
        return true; // Temporal unreachable: assume the worst.
      }
    };
    const openBeteiligte = async (): Promise<string[]> => {
      const ids: string[] = [];
      for await (const wf of temporal.workflow.list({ query: `TaskQueue="${taskQueue}" AND ExecutionStatus="Running"` })) {
        if (wf.workflowId.startsWith('beteiligte:')) ids.push(wf.workflowId);
      }
      return ids;
    };
    const flush = async (includeDelayed = false) => {
      await sims.espocrm.flushWebhooks({ includeDelayed }).catch((err: unknown) => log(`webhook flush failed: ${String(err)}`));
    };
    const runSweep = () => temporal.workflow.execute(beteiligteSweep, { taskQueue, workflowId: `chaos-sweep-${++runs}` });
    const runCalendar = async (): Promise<string[]> => {
      const startedAt = Date.now();
      const result = await temporal.workflow.execute(calendarSyncAll, { taskQueue, workflowId: `chaos-calendar-${++runs}`, args: [{}] });
      const done = result.employees.filter((e) => e.outcome === 'clean' || e.outcome === 'no_change').map((e) => e.kuerzel);
      calendar.release(done, startedAt);
      return result.employees.map((e) => e.outcome);
    };
    const writeCount = () =>
      sims.advoware.counter.sum({ path: sims.advoware.apiPath }) - sims.advoware.counter.sum({ method: 'GET', path: sims.advoware.apiPath }) +
      sims.espocrm.counter.sum({ path: '/api/v1/' }) - sims.espocrm.counter.sum({ method: 'GET', path: '/api/v1/' }) +
      sims.google.counter.sum({ path: '/calendar/v3/' }) - sims.google.counter.sum({ method: 'GET', path: '/calendar/v3/' });

    try {
      // ---- seed: linked Beteiligte, employees with Termine, first calendar sync ---------------
      const espoIds = Array.from({ length: SIZE.records }, (_, i) => String(sims.espocrm.state.createRecord(ENTITY, initialEspoRecord(rng, i)).id));
      const linked = await waitUntil(
        'initial Beteiligte sync',
        async () => {
          await flush();
          if ((await openBeteiligte()).length) return false;
          return espoIds.every((id) => {
            const betNr = espoRecord(sims, id)?.betnr;
            return typeof betNr === 'number' && isSettledData(sims, { espoId: id, betNr });
          });
        },
        Number(process.env.CHAOS_SEED_TIMEOUT_MS ?? 180_000),
        1000,
      );
      if (!linked) for (const id of espoIds) log(`${id}: betnr ${espoRecord(sims, id)?.betnr}, ${unsettledReason(sims, { espoId: id, betNr: espoRecord(sims, id)?.betnr as number })}`);
      expect(linked, 'every seeded record linked and clean before the chaos starts').toBe(true);
      const tracked: TrackedBeteiligter[] = espoIds.map((espoId) => {
        const espo = espoRecord(sims, espoId);
        const master = masterFromEspo(espo);
        return { espoId, betNr: espo.betnr as number, kind: master.kind, master, kommKeys: new Set(espoKeys(espo)), advowarePending: false, edits: 0 };
      });

      const employees: TrackedEmployee[] = Array.from({ length: SIZE.employees }, (_, i) => {
        const kuerzel = `C${String.fromCharCode(65 + i)}`;
        return { kuerzel, email: `${kuerzel.toLowerCase()}@kanzlei.example`, calendarId: null };
      });
      for (const e of employees) {
        sims.advoware.state.addEmployee({ kuerzel: e.kuerzel, name: `Chaos${e.kuerzel}`, vorname: 'Test', email: e.email, aktiv: true });
        for (let i = 0; i < SIZE.termine; i++) calendar.seedTermin(e.kuerzel, rng);
      }
      const calendarReady = await waitUntil('first calendar sync', async () => (await runCalendar()).every((o) => o === 'clean' || o === 'no_change'), 180_000);
      expect(calendarReady, 'first calendar sync clean').toBe(true);
      for (const e of employees) {
        e.calendarId = sims.google.state.listCalendars(e.email).map((c) => c.calendar).find((c) => c.summary === `Advoware ${e.kuerzel}`)?.id ?? null;
        expect(e.calendarId, `calendar of ${e.kuerzel}`).toBeTruthy();
      }
      log(`seeded in ${Math.round((Date.now() - started) / 1000)} s: ${tracked.length} Beteiligte, ${calendar.items.size} Termine`);

      // ---- chaos: edits on both sides, faults, worker kills, one Temporal restart -------------
      const editKinds = new Map<string, number>();
      let edits = 0;
      const count = (kind: string) => {
        edits += 1;
        editKinds.set(kind, (editKinds.get(kind) ?? 0) + 1);
      };
      const changedFields = (before: MasterData, after: MasterData): MasterField[] =>
        (Object.keys(after) as (keyof MasterData)[]).filter((f): f is MasterField => f !== 'kind' && before[f] !== after[f]);
      const settled = async (t: TrackedBeteiligter) => isSettledData(sims, t) && !(await isRunning(beteiligteWorkflowId(t.espoId)));

      const espoMasterEdit = (t: TrackedBeteiligter, patch: Record<string, unknown>): boolean => {
        const before = masterFromEspo(espoRecord(sims, t.espoId));
        sims.espocrm.state.updateRecord(ENTITY, t.espoId, patch);
        const after = masterFromEspo(espoRecord(sims, t.espoId));
        const changed = changedFields(before, after);
        for (const f of changed) t.master[f] = after[f];
        return changed.length > 0;
      };

      const adressen: TrackedAdresse[] = [];
      const oneEdit = async (): Promise<void> => {
        const t = rng.pick(tracked);
        const kind = rng.weighted({ 'espo-master': 30, 'espo-komm': 20, 'advoware-master': 15, 'advoware-komm': 10, calendar: 25, 'espo-adresse': 15, 'advoware-adresse': 10 });
        if (kind === 'espo-adresse') {
          // Addresses travel by their own webhook (adresse:{id} → the party's pass) and by the sweep.
          const own = adressen.filter((a) => a.party.espoId === t.espoId);
          if (adressen.length > 0 && rng.chance(0.5)) {
            if (editEspoAdresse(rng, sims, rng.pick(adressen))) count('espocrm-adresse-edit');
          } else if (own.length < 3) {
            adressen.push(createEspoAdresse(rng, sims, t));
            count('espocrm-adresse-create');
          }
          return;
        }
        if (kind === 'advoware-adresse') {
          // Advoware-side changes arrive by the sweep only. A new address can come any time (a pass
          // in flight does not know it); an edit only on a settled address (adressen-model.ts).
          const own = adressen.filter((a) => a.party.espoId === t.espoId);
          if (own.length < 3 && (own.length === 0 || rng.chance(0.4))) {
            adressen.push(createAdvowareAdresse(rng, sims, t));
            count('advoware-adresse-create');
            return;
          }
          const a = rng.pick(own);
          if (!settledAdresse(sims, a) || (await isRunning(beteiligteWorkflowId(t.espoId)))) return;
          editAdvowareAdresse(rng, sims, a);
          count('advoware-adresse-edit');
          return;
        }
        if (kind === 'calendar') {
          const done = calendar.randomEdit(rng, rng.pick(employees));
          if (done) count(done);
          return;
        }
        if (kind === 'espo-master') {
          if (espoMasterEdit(t, randomEspoFieldEdit(rng, t.kind))) count('espocrm-master');
          return;
        }
        if (kind === 'espo-komm') {
          if (t.advowarePending) {
            if (!(await settled(t))) return;
            t.advowarePending = false;
          }
          const espo = espoRecord(sims, t.espoId);
          const before = espoKeys(espo);
          sims.espocrm.state.updateRecord(ENTITY, t.espoId, randomEspoKommEdit(rng, espo));
          const after = espoKeys(espoRecord(sims, t.espoId));
          if (!sameSet(before, after)) {
            t.kommKeys = new Set(after);
            count('espocrm-komm');
          }
          return;
        }
        // Advoware edits only on a settled record (see beteiligte-model.ts).
        if (!(await settled(t))) return;
        t.advowarePending = false;
        if (kind === 'advoware-master') {
          const edit = randomAdvowareFieldEdit(rng, t.kind);
          const before = masterFromAdvoware(advowareRecord(sims, t.betNr)!);
          sims.advoware.state.updateBeteiligte(t.betNr, edit);
          const after = masterFromAdvoware(advowareRecord(sims, t.betNr)!);
          const changed = changedFields(before, after);
          if (!changed.length) return;
          for (const f of changed) t.master[f] = after[f];
          t.advowarePending = true;
          count('advoware-master');
          // Now and then EspoCRM edits the same field before any sync: a conflict EspoCRM must win.
          if (rng.chance(0.3) && espoMasterEdit(t, espoEditForSameField(rng, t.kind, edit))) count('espocrm-master-conflicting');
          return;
        }
        const before = advowareKeys(advowareRecord(sims, t.betNr)!);
        const what = applyRandomAdvowareKommEdit(rng, sims, advowareRecord(sims, t.betNr)!);
        const after = advowareKeys(advowareRecord(sims, t.betNr)!);
        if (sameSet(before, after)) return;
        t.kommKeys = new Set(after);
        t.advowarePending = true;
        count(what);
      };

      const killAt = Array.from({ length: SIZE.kills }, (_, k) => Math.floor((SIZE.edits * (k + 1)) / (SIZE.kills + 1)));
      const restartTemporalAt = Math.floor(SIZE.edits * 0.5) + 2;
      let restartWorkerAtTick = -1;
      let temporalRestarted = false;
      let sweepRunning: Promise<unknown> | undefined;
      let calendarRunning: Promise<unknown> | undefined;
      const faultLog = new Map<string, number>();

      // Extra ticks (without edits) until every planned kill and the Temporal restart have happened.
      for (let tick = 0; edits < SIZE.edits || killAt.length > 0 || !temporalRestarted || restartWorkerAtTick >= tick; tick++) {
        if (rng.chance(0.4)) {
          const what = faults.injectRandom(rng);
          faultLog.set(what, (faultLog.get(what) ?? 0) + 1);
        }
        for (let i = rng.int(1, 2); i > 0 && edits < SIZE.edits; i--) await oneEdit();

        await flush();
        if (killAt.length && edits >= killAt[0] && stack.workerAlive()) {
          // Just after a webhook flush the debounced passes are about to run: kill them mid-flight.
          await sleep(rng.int(300, 900));
          killAt.shift();
          await stack.killWorker();
          restartWorkerAtTick = tick + rng.int(1, 3);
          log(`SIGKILL worker at edit ${edits} (kill ${stack.kills})`);
        } else if (tick === restartWorkerAtTick) {
          stack.startWorker();
          log(`worker restarted at edit ${edits}`);
        } else if (!temporalRestarted && edits >= restartTemporalAt && stack.workerAlive()) {
          temporalRestarted = true;
          log(`restarting the Temporal dev server at edit ${edits}`);
          await stack.restartTemporal(2000);
          log('Temporal dev server back');
        }
        if (tick % 4 === 3 && !sweepRunning) sweepRunning = runSweep().catch((err: unknown) => log(`sweep failed: ${String(err)}`)).finally(() => (sweepRunning = undefined));
        if (tick % 5 === 4 && !calendarRunning) calendarRunning = runCalendar().catch((err: unknown) => log(`calendar run failed: ${String(err)}`)).finally(() => (calendarRunning = undefined));
        await sleep(rng.int(300, 1000));
      }
      if (!stack.workerAlive()) stack.startWorker();
      await Promise.allSettled([sweepRunning, calendarRunning]);
      const faultCount = faults.clear();
      log(`chaos phase done after ${Math.round((Date.now() - started) / 1000)} s: ${edits} edits (${[...editKinds].map(([k, n]) => `${k} ${n}`).join(', ')}), faults ${faultCount} (${[...faultLog].map(([k, n]) => `${k} ${n}`).join(', ')})`);

      // ---- settle: faults off, sweeps and calendar runs until a whole round writes nothing ----
      const settleDeadline = Date.now() + SIZE.settleMs;
      let quiet = false;
      let rounds = 0;
      let operatorResyncs = 0;
      while (!quiet && Date.now() < settleDeadline) {
        rounds += 1;
        const before = writeCount();
        await flush(true);
        await runSweep().catch((err: unknown) => log(`sweep failed: ${String(err)}`));
        // Passes stuck on a killed worker time out after their 2-minute start-to-close timeout.
        await waitUntil('Beteiligte workflows to finish', async () => (await openBeteiligte()).length === 0, 150_000, 1000);
        // Records waiting out a failure backoff (up to 5 min and more): what an operator does after an outage.
        for (const id of await openBeteiligte().catch(() => [])) {
          const status = await temporal.workflow.getHandle(id).query(beteiligteStatusQuery).catch(() => undefined);
          if (status?.phase === 'backing_off') {
            await temporal.workflow.getHandle(id).signal(forceResyncSignal).catch(() => undefined);
            operatorResyncs += 1;
          }
        }
        await flush(true);
        await waitUntil('Beteiligte workflows to finish', async () => (await openBeteiligte()).length === 0, 150_000, 1000);
        const outcomes = await runCalendar().catch((err: unknown) => [`failed: ${String(err)}`]);
        const writes = writeCount() - before;
        quiet = writes === 0 && outcomes.every((o) => o === 'no_change') && sims.espocrm.state.pendingWebhookEvents() === 0;
        log(`settle round ${rounds}: ${writes} writes, calendar ${outcomes.join('/')}`);
      }

      // ---- verify ------------------------------------------------------------------------------
      const findings: Findings = { divergences: [], lostEdits: [], duplicates: [] };
      verifyBeteiligte(sims, tracked, findings);
      verifyAdressen(sims, adressen, findings);
      verifyCalendar(sims, calendar, employees, findings);
      const stuck = await stuckWorkflows(temporal, taskQueue);
      const conflicts = tracked.filter((t) => espoRecord(sims, t.espoId)?.syncStatus === 'conflict').length;

      console.log(`edits ${edits} (addresses ${adressen.length}), faults ${faultCount}, kills ${stack.kills}, divergences ${findings.divergences.length}, duplicates ${findings.duplicates.length}`);
      console.log(
        `lost edits ${findings.lostEdits.length}, stuck workflows ${stuck.length}, quiet ${quiet} after ${rounds} settle rounds, Temporal restarts ${stack.temporalRestarts}, ` +
          `unexpected worker exits ${stack.unexpectedWorkerExits}, records in conflict ${conflicts}, operator resyncs ${operatorResyncs}, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s`,
      );
      for (const line of [...findings.divergences, ...findings.lostEdits, ...findings.duplicates, ...stuck].slice(0, 40)) log(line);

      expect(stack.kills).toBe(SIZE.kills);
      expect(stack.temporalRestarts).toBe(1);
      expect(edits).toBeGreaterThanOrEqual(SIZE.edits);
      expect(faultCount).toBeGreaterThan(0);
      expect(findings.divergences).toEqual([]);
      expect(findings.duplicates).toEqual([]);
      expect(findings.lostEdits).toEqual([]);
      expect(stuck).toEqual([]);
      expect(quiet).toBe(true);
    } catch (err) {
      log(`worker output (tail):\n${stack.workerOutput().slice(-3000)}`);
      throw err;
    } finally {
      await stack.close();
    }
  });
});
