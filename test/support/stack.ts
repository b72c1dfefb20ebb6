import { Client, Connection } from '@temporalio/client';
import { buildApp, type ApiApp } from '../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../api/temporal';
import { registerBeteiligteWebhooks } from '../../cli/espocrm-webhooks';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { startSimulators, type Simulators, type StartSimsOptions } from '../../sim/start-all';
import { buildActivities, createExternalClients, type ExternalClients } from '../../worker/activities';
import { testEnv } from './env';
import { startTestWorkers, temporalAddress, uniqueTaskQueue, type RunningTestWorkers } from './temporal';

export interface Stack {
  sims: Simulators;
  config: Config;
  clients: ExternalClients;
  temporal: Client;
  api: ApiApp;
  apiUrl: string;
  workers: RunningTestWorkers;
  close(): Promise<void>;
}

/**
 * The whole product in-process against the simulators and the shared dev server, talking real
 * HTTP: EspoCRM delivers signed webhooks to the listening API, the worker calls the simulators.
 */
export async function startStack(options: { env?: Record<string, string>; sims?: StartSimsOptions; skipOwn?: boolean } = {}): Promise<Stack> {
  const sims = await startSimulators(options.sims);
  const taskQueue = uniqueTaskQueue('stack');
  const baseEnv = testEnv({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, BETEILIGTE_DEBOUNCE: '200ms', ...sims.env, ...options.env });
  const bootConfig = loadConfig(baseEnv);
  const logger = createLogger({ level: 'silent', name: 'stack' });
  const clients = createExternalClients(bootConfig, logger);

  // The API must listen before the webhooks can point at it; secrets are known only afterwards.
  const access: TemporalAccess = createTemporalAccess(bootConfig.temporal);
  const secrets: Record<string, string> = {};
  const config: Config = { ...bootConfig, espocrm: { ...bootConfig.espocrm, webhookSecrets: secrets } };
  const api = await buildApp({ config, logger, temporal: access, advoware: clients.advoware });
  await api.listen({ host: '127.0.0.1', port: 0 });
  const address = api.server.address();
  const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const registered = await registerBeteiligteWebhooks(clients.espocrm, { apiBaseUrl: apiUrl, entity: config.espocrm.entity, skipOwn: options.skipOwn ?? false });
  Object.assign(secrets, registered.secrets);

  const connection = await Connection.connect({ address: temporalAddress() });
  const temporal = new Client({ connection });
  const workers = await startTestWorkers(buildActivities(config, clients, temporal), { taskQueue });

  return {
    sims,
    config,
    clients,
    temporal,
    api,
    apiUrl,
    workers,
    async close() {
      await workers.stop();
      await api.close();
      await access.close();
      await connection.close();
      await clients.advoware.close();
      await clients.espocrm.close();
      await sims.close();
    },
  };
}
