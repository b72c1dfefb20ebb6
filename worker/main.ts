import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions, temporalDataConverter, warnAboutPayloadEncryption } from '../clients/temporal/connection';
import { loadConfigOrExit, redactedEnv, secretValues } from '../config';
import { createLogger } from '../config/logger';
import { buildActivities, createExternalClients } from './activities';
import { applySchedules } from './schedules';
import { routeSdkLogs } from './sdk-logs';
import { waitForTemporal } from './wait-for-temporal';
import { createWorkers, runWorkers } from './workers';

/** Worker process: registers every workflow and activity; SIGINT/SIGTERM drain in-flight tasks (SDK default). */
export async function startWorker(processName = 'worker') {
  const { config, env } = loadConfigOrExit(processName);
  const logger = createLogger({ level: config.logLevel, name: processName, secrets: secretValues(env) });
  logger.info({ env: redactedEnv(env) }, 'starting worker');
  routeSdkLogs(logger, config.logLevel);
  // Started together with (or while restarting) Temporal: wait a while rather than crash-loop.
  warnAboutPayloadEncryption(config.temporal, logger);
  const connectionOptions = temporalConnectionOptions(config.temporal);
  const dataConverter = temporalDataConverter(config.temporal);
  await waitForTemporal(connectionOptions, TEMPORAL_START_WAIT_MS, (elapsedMs) =>
    logger.warn({ address: config.temporal.address, elapsedMs }, 'waiting for Temporal'),
  );
  const connection = await NativeConnection.connect(connectionOptions);
  const clientConnection = await Connection.connect(connectionOptions);
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter });
  const clients = createExternalClients(config, logger);
  if (config.temporal.applySchedulesAtStart) {
    const schedules = await applySchedules(temporal, config);
    logger.info({ schedules }, 'schedules applied');
  }
  const workers = await createWorkers({
    connection,
    namespace: config.temporal.namespace,
    dataConverter,
    taskQueue: config.temporal.taskQueue,
    activities: buildActivities(config, clients, temporal),
    advowareMaxPerSecond: config.advoware.maxActivitiesPerSecond,
    // Every Google-queue activity makes at least one call: the project's rate bounds them across all workers.
    googleMaxPerSecond: config.google.maxRpsProject,
  });
  logger.info({ taskQueues: workers.map((w) => w.options.taskQueue), address: config.temporal.address }, 'worker running');
  const running = runWorkers(workers).finally(async () => {
    await Promise.allSettled([connection.close(), clientConnection.close(), clients.advoware.close(), clients.espocrm.close()]);
  });
  return { workers, running, logger };
}

const TEMPORAL_START_WAIT_MS = 120_000;

if (require.main === module) {
  startWorker()
    .then(({ running, logger }) =>
      running.then(
        () => logger.info('worker stopped'),
        (err: unknown) => {
          logger.error({ err }, 'worker failed');
          process.exitCode = 1;
        },
      ),
    )
    .catch((err: unknown) => {
      console.error('worker: failed to start:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
