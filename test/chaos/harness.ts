import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { buildApp, type ApiApp } from '../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../api/temporal';
import { temporalConnectionOptions, temporalDataConverter } from '../../clients/temporal/connection';
import { registerBeteiligteWebhooks } from '../../cli/espocrm-webhooks';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { startDevServer, type DevServer } from '../../scripts/temporal/dev-server';
import { freePort } from '../../scripts/temporal/free-port';
import { startSimulators, type Simulators } from '../../sim/start-all';
import { createExternalClients, type ExternalClients } from '../../worker/activities';
import { testEnv } from '../support/env';
import { spawnEntry, type ManagedProcess } from '../support/processes';

/** Client timeouts are short so injected latency turns into real timeouts (the write may still land). */
export const CLIENT_TIMEOUT_SECONDS = 2;

export interface ChaosStack {
  sims: Simulators;
  temporal: Client;
  taskQueue: string;
  apiUrl: string;
  /** Worker kills and restarts done by the test, and exits nobody asked for. */
  kills: number;
  unexpectedWorkerExits: number;
  temporalRestarts: number;
  killWorker(): Promise<void>;
  startWorker(): void;
  workerAlive(): boolean;
  workerOutput(): string;
  restartTemporal(downMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole product for the chaos run: its own Temporal dev server persisted to a SQLite file
 * (so it can be restarted with state), in-process simulators and API, and the worker as a
 * separate process that can be SIGKILLed.
 */
export async function startChaosStack(options: { calendarPastDays: number; calendarFutureDays: number; log: (line: string) => void }): Promise<ChaosStack> {
  const dir = mkdtempSync(join(tmpdir(), 'advoware-chaos-'));
  const dbFilename = join(dir, 'temporal.db');
  const port = await freePort();
  let server: DevServer = await startDevServer({ port, dbFilename, log: (line) => options.log(`[temporal] ${line}`) });
  const address = server.address;

  const sims = await startSimulators({ googleRateLimits: true });
  const taskQueue = `chaos-${Date.now().toString(36)}`;
  const env = testEnv({
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKER_APPLY_SCHEDULES: 'false',
    LOG_LEVEL: 'error',
    // Every sweep re-checks every record: the only way Advoware-side edits are noticed.
    BETEILIGTE_STALE_AFTER: '1s',
    CALENDAR_PAST_DAYS: String(options.calendarPastDays),
    CALENDAR_FUTURE_DAYS: String(options.calendarFutureDays),
    // The model lets Google deletes travel to Advoware (the default no_delete would undo them).
    CALENDAR_ADVOWARE_WRITES: 'all',
    ADVOWARE_API_TIMEOUT_SECONDS: String(CLIENT_TIMEOUT_SECONDS),
    ESPOCRM_API_TIMEOUT_SECONDS: String(CLIENT_TIMEOUT_SECONDS),
    ...sims.env,
  });

  const bootConfig = loadConfig(env);
  const logger = createLogger({ level: 'silent', name: 'chaos-api' });
  const clients: ExternalClients = createExternalClients(bootConfig, logger);
  const access: TemporalAccess = createTemporalAccess(bootConfig.temporal);
  const secrets: Record<string, string> = {};
  const config: Config = { ...bootConfig, espocrm: { ...bootConfig.espocrm, webhookSecrets: secrets } };
  const api: ApiApp = await buildApp({ config, logger, temporal: access, advoware: clients.advoware });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const apiAddress = api.server.address();
  const apiUrl = `http://127.0.0.1:${typeof apiAddress === 'object' && apiAddress ? apiAddress.port : 0}`;
  Object.assign(secrets, (await registerBeteiligteWebhooks(clients.espocrm, { apiBaseUrl: apiUrl, entity: config.espocrm.entity, adressenEntity: config.espocrm.adressenEntity, skipOwn: false })).secrets);

  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter(config.temporal) });

  let worker: ManagedProcess | undefined;
  // CHAOS_WORKERS=2 (scale-out): extra worker processes on the same task queues, never killed,
  // so every fault runs against two workers competing for the same tasks.
  const extraWorkers: ManagedProcess[] = Array.from({ length: Math.max(0, Number(process.env.CHAOS_WORKERS ?? 1) - 1) }, () => spawnEntry('worker/main.ts', env));
  let intentionalStop = false;
  let closing = false;
  const stack: ChaosStack = {
    sims,
    temporal,
    taskQueue,
    apiUrl,
    kills: 0,
    unexpectedWorkerExits: 0,
    temporalRestarts: 0,
    startWorker() {
      intentionalStop = false;
      const current = spawnEntry('worker/main.ts', env);
      worker = current;
      void current.exited.then((code) => {
        if (intentionalStop || closing || worker !== current) return;
        // A worker that exits on its own (e.g. while Temporal was down) is restarted, as systemd/compose would.
        stack.unexpectedWorkerExits += 1;
        options.log(`worker exited unexpectedly (code ${code}); restarting. Last output:\n${current.output().slice(-2000)}`);
        setTimeout(() => {
          if (!closing && worker === current) stack.startWorker();
        }, 1000);
      });
    },
    workerAlive: () => Boolean(worker && worker.child.exitCode === null && worker.child.signalCode === null),
    workerOutput: () => worker?.output() ?? '',
    async killWorker() {
      if (!worker) return;
      intentionalStop = true;
      worker.child.kill('SIGKILL');
      await worker.exited;
      stack.kills += 1;
    },
    async restartTemporal(downMs: number) {
      await server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      // The dev server's side ports (HTTP, metrics) are picked free just before it binds them;
      // another process can take one in between, so a restart that hits a taken port tries again.
      for (let attempt = 1; ; attempt++) {
        try {
          server = await startDevServer({ port, dbFilename, log: (line) => options.log(`[temporal] ${line}`) });
          break;
        } catch (err) {
          if (attempt >= 3 || !String(err).includes('address already in use')) throw err;
        }
      }
      stack.temporalRestarts += 1;
    },
    async close() {
      closing = true;
      await worker?.stop('SIGTERM');
      await Promise.all(extraWorkers.map((w) => w.stop('SIGTERM')));
      await api.close();
      await access.close();
      await connection.close();
      await clients.advoware.close();
      await clients.espocrm.close();
      await sims.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  stack.startWorker();
  return stack;
}
