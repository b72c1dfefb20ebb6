import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { buildApp, type ApiApp } from '../../api/app';
import { createTemporalAccess } from '../../api/temporal';
import { registerBeteiligteWebhooks } from '../../cli/espocrm-webhooks';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { startSimulators, type Simulators, type StartSimsOptions } from '../../sim/start-all';
import { testEnv } from '../../test/support/env';
import { buildActivities, createExternalClients, type ExternalClients } from '../../worker/activities';
import { createWorkers } from '../../worker/workers';

export interface BenchStack {
  sims: Simulators;
  config: Config;
  clients: ExternalClients;
  temporal: Client;
  api: ApiApp;
  apiUrl: string;
  taskQueue: string;
  close(): Promise<void>;
}

export interface BenchStackOptions {
  temporalAddress: string;
  env?: Record<string, string>;
  sims?: StartSimsOptions;
  /** EspoCRM webhooks skip events caused by our own API user (production default: on). */
  skipOwn?: boolean;
}

const noop = () => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

let runtimeInstalled = false;

/** SDK warnings still show; the expected "no workflows on an activity-only queue" notice does not. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => {
      if (entry.message.startsWith('No workflows registered')) return;
      console.error(`[temporal-sdk] ${entry.level} ${entry.message}`);
    }),
  });
}

/**
 * The whole product in one process, as in production: simulators, API listening on a port with
 * EspoCRM webhooks pointing at it, and the worker set-up of worker/main.ts (same per-queue rate
 * limits) on a Temporal server the bench started itself.
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  installQuietRuntime();
  const sims = await startSimulators(options.sims);
  const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
  const env = testEnv({ TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'silent', ...sims.env, ...options.env });
  const bootConfig = loadConfig(env);
  const logger = createLogger({ level: 'silent', name: 'bench' });
  const clients = createExternalClients(bootConfig, logger);

  // The API must listen before the webhooks can point at it; their secrets are known only afterwards.
  const access = createTemporalAccess(bootConfig.temporal);
  const secrets: Record<string, string> = {};
  const config: Config = { ...bootConfig, espocrm: { ...bootConfig.espocrm, webhookSecrets: secrets } };
  const api = await buildApp({ config, logger, temporal: access, advoware: clients.advoware });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const address = api.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const registered = await registerBeteiligteWebhooks(clients.espocrm, { apiBaseUrl: apiUrl, entity: config.espocrm.entity, skipOwn: options.skipOwn ?? true });
  Object.assign(secrets, registered.secrets);

  const clientConnection = await Connection.connect({ address: options.temporalAddress });
  const temporal = new Client({ connection: clientConnection });
  const workerConnection = await NativeConnection.connect({ address: options.temporalAddress });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: join(__dirname, '../../workflows/index.ts'), logger: quietBundlerLogger });
  const workers = await createWorkers({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    activities: buildActivities(config, clients, temporal),
    workflowBundle,
    advowareMaxPerSecond: config.advoware.maxRps,
    googleMaxPerSecond: config.google.maxRpsPerUser,
  });
  const running = Promise.all(workers.map((w) => w.run()));

  return {
    sims,
    config,
    clients,
    temporal,
    api,
    apiUrl,
    taskQueue,
    async close() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await workerConnection.close();
      await api.close();
      await access.close();
      await clientConnection.close();
      await clients.advoware.close();
      await clients.espocrm.close();
      await sims.close();
    },
  };
}
