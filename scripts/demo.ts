import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { registerBeteiligteWebhooks } from '../cli/espocrm-webhooks';
import { createEspoCrmClient } from '../clients/espocrm';
import { temporalConnectionOptions, temporalDataConverter } from '../clients/temporal/connection';
import { loadConfig } from '../config';
import { DEFAULT_SIM_PORTS, seedSimulators, startSimulators } from '../sim/start-all';
import { startInProcessProduct } from './in-process-product';
import { beteiligteSweep } from '../workflows/beteiligte-sweep';
import { calendarSyncAll } from '../workflows/calendar-sync-all';
import { calendarStatusQuery, calendarWorkflowId } from '../workflows/messages';
import { describeVerify, verifyEmployee } from '../cli/commands/calendar-tools';
import { hasDifferences } from '../domain/calendar';
import { cleanChildren, seedAdressenUndKonten } from './demo-children';
import { startDevServer } from './temporal/dev-server';
import { freePort, isPortFree } from './temporal/free-port';
import { CALENDAR_ALL_RUN_TEXT, SWEEP_RUN_TEXT } from '../workflows/run-details';

/**
 * `npm run demo`: the embedded default. Temporal dev server (with Web UI) + simulators + worker +
 * API, seeded with German test data; runs one full cycle (Beteiligte + calendars) and keeps
 * running. `npm run demo -- --once` exits after the cycle with a summary (for CI).
 */
const once = process.argv.includes('--once');
const say = (line: string) => console.log(`[demo] ${line}`);
const DEMO_API_KEY = 'demo-api-key';
const ENTITY = 'CBeteiligte';

/** One value for a POSIX shell (`. .data/demo.env`): single quotes, inner ones closed and escaped. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

async function pickPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

async function main(): Promise<number> {
  const started = Date.now();
  const dataDir = join(__dirname, '..', '.data');
  const dbFilename = join(dataDir, 'temporal-demo.db');
  // Simulators start empty each time, so Temporal state from an earlier demo would not match them.
  rmSync(dbFilename, { force: true });

  say('starting Temporal dev server (the first run builds the binary; that takes a few minutes)…');
  const temporalPort = await pickPort(7233);
  const uiPort = await pickPort(temporalPort === 7233 ? 8233 : await freePort());
  // Payloads are encrypted (demo key); the Web UI decodes them through the API's codec endpoint,
  // whose UI URL carries a fresh random token.
  const apiPort = await pickPort(3000);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const codecUiToken = randomBytes(24).toString('hex');
  const temporal = await startDevServer({ port: temporalPort, uiPort, dbFilename, uiCodecEndpoint: `${apiUrl}/codec/ui/${codecUiToken}`, log: say });
  say(`Temporal ${temporal.address}, Web UI ${temporal.uiUrl} (payloads encrypted with the public demo key; the UI decodes them via ${apiUrl}/codec)`);

  const ports = {
    advoware: await pickPort(DEFAULT_SIM_PORTS.advoware),
    espocrm: await pickPort(DEFAULT_SIM_PORTS.espocrm),
    google: await pickPort(DEFAULT_SIM_PORTS.google),
  };
  const sims = await startSimulators({ ports, webhookIntervalMs: 2_000 });
  const seed = seedSimulators(sims, { seed: 42, persons: 20, companies: 8, employees: 3, terminePerEmployee: 25, startDate: new Date().toISOString().slice(0, 10) });
  const children = seedAdressenUndKonten(sims);
  say(`simulators: Advoware ${sims.advoware.url}, EspoCRM ${sims.espocrm.apiBaseUrl}, Google ${sims.google.url}`);
  say(`seeded ${seed.espoBeteiligte.length} unlinked EspoCRM records, ${seed.advowareBeteiligte.length} Advoware-only parties, ${seed.employees.length} employees with ${seed.termine.length} Termine`);

  const espocrm = createEspoCrmClient({ apiBaseUrl: sims.espocrm.apiBaseUrl, apiKey: sims.env.ESPOCRM_API_KEY, timeoutMs: 10_000 });
  // All nine webhooks, as `espocrm register-webhooks` registers them in production (CAdressen included).
  const hooks = await registerBeteiligteWebhooks(espocrm, { apiBaseUrl: apiUrl, entity: ENTITY, adressenEntity: 'CAdressen', skipOwn: true });
  await espocrm.close();

  const product = await startInProcessProduct('demo', {
    ...sims.env,
    TEMPORAL_ADDRESS: temporal.address,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    API_KEYS: DEMO_API_KEY,
    CODEC_UI_TOKEN: codecUiToken,
    TEMPORAL_UI_ORIGIN: `${temporal.uiUrl},http://localhost:${uiPort}`,
    ESPOCRM_WEBHOOK_SECRETS: hooks.envValue,
    BETEILIGTE_DEBOUNCE: '500ms',
    CALENDAR_PAST_DAYS: '30',
    CALENDAR_FUTURE_DAYS: '90',
  });
  const opsAddress = product.api.ops.server.address();
  const opsUrl = `http://127.0.0.1:${typeof opsAddress === 'object' && opsAddress ? opsAddress.port : 0}`;
  say(`API ${apiUrl} (OpenAPI ${opsUrl}/docs on the operations port), worker running`);

  const settings = loadConfig().temporal;
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  const client = new Client({ connection, namespace: settings.namespace, dataConverter: temporalDataConverter(settings) });
  const taskQueue = 'advoware-bridge';

  // --- Beteiligte: the sweep finds every unlinked record and hands it to its workflow.
  say('Beteiligte: running the sweep (the schedule does this every 15 min; webhooks do it at once)…');
  const sweep = await client.workflow.execute(beteiligteSweep, { taskQueue, workflowId: `demo-sweep-${Date.now()}`, ...SWEEP_RUN_TEXT });
  say(`sweep signalled ${sweep.signalled} record workflows`);
  const total = seed.espoBeteiligte.length;
  let clean = 0;
  const deadline = Date.now() + 120_000;
  let lastPrinted = -1;
  while (Date.now() < deadline) {
    const records = sims.espocrm.state.listRecords(ENTITY);
    clean = records.filter((r) => r.syncStatus === 'clean' && r.betnr).length;
    if (clean !== lastPrinted) {
      say(`Beteiligte: ${clean}/${total} linked and clean`);
      lastPrinted = clean;
    }
    if (clean >= total) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Addresses ride on their party's pass; bank accounts wait for their party's link, then post.
  let childrenClean = cleanChildren(sims);
  while (Date.now() < deadline && (childrenClean.adressen < children.adressen || childrenClean.konten < children.konten)) {
    await new Promise((r) => setTimeout(r, 500));
    childrenClean = cleanChildren(sims);
  }
  say(`Adressen: ${childrenClean.adressen}/${children.adressen} clean; Bankverbindungen: ${childrenClean.konten}/${children.konten} clean`);

  // --- Calendar: one pass per employee, progress as each finishes.
  say('Calendar: syncing every employee calendar…');
  const run = client.workflow.execute(calendarSyncAll, { taskQueue, workflowId: `demo-calendar-${Date.now()}`, args: [{}], ...CALENDAR_ALL_RUN_TEXT });
  const reported = new Set<string>();
  const kuerzel = seed.employees.filter((e) => e.aktiv).map((e) => e.kuerzel);
  const report = async () => {
    for (const k of kuerzel) {
      if (reported.has(k)) continue;
      const status = await client.workflow.getHandle(calendarWorkflowId(k)).query(calendarStatusQuery).catch(() => undefined);
      if (status?.lastPass) {
        reported.add(k);
        const events = sims.google.state.listCalendars(`${k.toLowerCase()}@kanzlei.example`).map((c) => sims.google.state.listEvents(c.calendar.id).length).reduce((a, b) => a + b, 0);
        say(`Calendar ${k}: ${status.lastPass.outcome}, ${events} events in Google (${status.linkedEvents} linked)`);
      }
    }
  };
  const poll = setInterval(() => void report(), 500);
  const calendar = await run;
  clearInterval(poll);
  await report();

  // The operator's audit tool, read-only: both sides must agree after the cycle.
  const demoConfig = loadConfig();
  let verifyOk = true;
  for (const k of kuerzel) {
    const verified = await verifyEmployee(demoConfig, k);
    if (hasDifferences(verified)) verifyOk = false;
    for (const line of describeVerify(verified).split('\n')) say(`calendar verify ${k}: ${line}`);
  }

  const calendarOk = calendar.employees.every((e) => e.outcome !== 'failed') && verifyOk;
  const beteiligteOk = clean >= total && childrenClean.adressen >= children.adressen && childrenClean.konten >= children.konten;
  say('—'.repeat(60));
  say(`summary: Beteiligte ${clean}/${total} clean, Adressen ${childrenClean.adressen}/${children.adressen}, Bankverbindungen ${childrenClean.konten}/${children.konten}; calendars ${calendar.employees.map((e) => `${e.kuerzel}=${e.outcome}`).join(', ')}; ${Math.round((Date.now() - started) / 1000)} s`);
  say(`Temporal Web UI: ${temporal.uiUrl}   (search e.g. SyncKind="beteiligte" or Kuerzel="SB")`);
  say(`API: ${apiUrl}   OpenAPI: ${opsUrl}/docs   metrics: ${opsUrl}/metrics`);
  // The settings the CLI needs to reach this demo (simulators, Temporal, key), for `. .data/demo.env`.
  const cliEnv = { ...sims.env, TEMPORAL_ADDRESS: temporal.address, CALENDAR_PAST_DAYS: process.env.CALENDAR_PAST_DAYS, CALENDAR_FUTURE_DAYS: process.env.CALENDAR_FUTURE_DAYS };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'demo.env'), Object.entries(cliEnv).map(([k, v]) => `${k}=${shellQuote(String(v ?? ''))}`).join('\n') + '\n', { mode: 0o600 });

  const shutdown = async () => {
    await connection.close();
    await product.close();
    await sims.close();
    await temporal.stop();
  };
  if (once) {
    await shutdown();
    return beteiligteOk && calendarOk ? 0 : 1;
  }

  say('try next:');
  say(`  curl -H 'X-API-Key: ${DEMO_API_KEY}' '${apiUrl}/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter'`);
  say(`  curl -X POST -H 'X-API-Key: ${DEMO_API_KEY}' -H 'content-type: application/json' -d '{"kuerzel":"SB"}' ${apiUrl}/advoware/calendar/sync`);
  say(`  TEMPORAL_ADDRESS=${temporal.address} npx advoware-bridge status SB`);
  say(`  set -a; . .data/demo.env; set +a; npx advoware-bridge calendar verify SB   (the demo's settings for the CLI)`);
  say(`  edit a record in EspoCRM: curl -X PATCH -H 'content-type: application/json' -d '{"titel":"Dr."}' ${sims.espocrm.url}/__admin/records/${ENTITY}/<id>  (webhook arrives within 2 s)`);
  say(`  edit an address in EspoCRM: curl -X PATCH -H 'content-type: application/json' -d '{"ort":"Celle"}' ${sims.espocrm.url}/__admin/records/CAdressen/<id>  (its webhook requests the party's pass)`);
  say('Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await shutdown();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[demo] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
