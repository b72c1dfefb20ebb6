import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { buildApp, type ApiApp } from '../../api/app';
import { createApiMetrics, type ApiMetrics } from '../../api/metrics';
import { createTemporalAccess } from '../../api/temporal';
import { temporalConnectionOptions, temporalDataConverter } from '../../clients/temporal/connection';
import { registerBeteiligteWebhooks } from '../../cli/espocrm-webhooks';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { startSimulators, type Simulators, type StartSimsOptions } from '../../sim/start-all';
import { buildActivities, createExternalClients, type ExternalClients } from '../../worker/activities';
import { bundleProductWorkflows } from '../../worker/bundle';
import { createWorkers } from '../../worker/workers';
import { testEnv } from './env';
import { installQuietRuntime } from './sdk-runtime';

export interface ProductStack {
  sims: Simulators;
  config: Config;
  clients: ExternalClients;
  temporal: Client;
  api: ApiApp;
  /** The API's metrics (what its `/metrics` would show). */
  apiMetrics: ApiMetrics;
  apiUrl: string;
  taskQueue: string;
  /** The environment the stack was configured from (for spawning the CLI or worker processes against it). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface ProductStackOptions {
  temporalAddress: string;
  taskQueue?: string;
  env?: Record<string, string>;
  sims?: StartSimsOptions;
  /** EspoCRM webhooks skip events caused by our own API user (production default: on). */
  skipOwn?: boolean;
  /** false: no in-process workers (a benchmark runs worker processes of its own against `env`). */
  inProcessWorkers?: boolean;
  /** Reuse a bundle (tests share one per file); bundled from source otherwise. */
  workflowBundle?: WorkflowBundleWithSourceMap;
}

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleProductWorkflows({ quiet: true });
}

/**
 * The whole product in one process against the simulators, talking real HTTP: EspoCRM delivers
 * signed webhooks to the listening API; the workers run the set-up of worker/main.ts (same
 * per-queue rate limits). Used by the e2e tests (via stack.ts) and the benchmarks.
 */
export async function startProductStack(options: ProductStackOptions): Promise<ProductStack> {
  installQuietRuntime();
  const sims = await startSimulators(options.sims);
  const taskQueue = options.taskQueue ?? `stack-${randomUUID().slice(0, 8)}`;
  const env = testEnv({ TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, ...sims.env, ...options.env });
  const bootConfig = loadConfig(env);
  const logger = createLogger({ level: 'silent', name: 'stack' });
  const clients = createExternalClients(bootConfig, logger);

  // The API must listen before the webhooks can point at it; their secrets are known only afterwards.
  const access = createTemporalAccess(bootConfig.temporal);
  const secrets: Record<string, string> = {};
  const config: Config = { ...bootConfig, espocrm: { ...bootConfig.espocrm, webhookSecrets: secrets } };
  const apiMetrics = createApiMetrics();
  const api = await buildApp({ config, logger, temporal: access, advoware: clients.advoware, metrics: apiMetrics });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const address = api.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const registered = await registerBeteiligteWebhooks(clients.espocrm, { apiBaseUrl: apiUrl, entity: config.espocrm.entity, skipOwn: options.skipOwn ?? true });
  Object.assign(secrets, registered.secrets);

  const dataConverter = temporalDataConverter(config.temporal);
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter });
  const workerConnection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const workers =
    options.inProcessWorkers === false
      ? []
      : await createWorkers({
          connection: workerConnection,
          namespace: config.temporal.namespace,
          dataConverter,
          taskQueue,
          activities: buildActivities(config, clients, temporal),
          workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
          advowareMaxPerSecond: config.advoware.maxActivitiesPerSecond,
          // Every Google-queue activity makes at least one call: the project's rate bounds them across all workers.
          googleMaxPerSecond: config.google.maxRpsProject,
        });
  const running = Promise.all(workers.map((w) => w.run()));

  return {
    sims,
    config,
    clients,
    temporal,
    api,
    apiMetrics,
    apiUrl,
    taskQueue,
    env,
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
