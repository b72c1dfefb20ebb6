import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions, temporalDataConverter, warnAboutPayloadEncryption } from '../clients/temporal/connection';
import { loadConfigOrExit, redactedEnv, secretValues } from '../config';
import { buildOpsApp } from '../api/ops';
import { createLogger } from '../config/logger';
import { buildActivities, createExternalClients } from './activities';
import { createWorkerMetrics, metricsInterceptor } from './metrics';
import { applySchedules } from './schedules';
import { routeSdkLogs } from './sdk-logs';
import { waitForTemporal } from './wait-for-temporal';
import { createWorkers, runWorkers } from './workers';

/**
 * Worker process: registers every workflow and activity. SIGINT/SIGTERM stop polling and let
 * running activities finish for `WORKER_SHUTDOWN_GRACE`; then they are cancelled, which aborts
 * their HTTP calls (clients/activity-signal.ts). `/health` and `/metrics` on WORKER_OPS_PORT,
 * the SDK's runtime metrics on WORKER_SDK_METRICS_PORT.
 */
export async function startWorker(processName = 'worker') {
  const { config, env } = loadConfigOrExit(processName);
  const logger = createLogger({ level: config.logLevel, name: processName, secrets: secretValues(env) });
  logger.info({ env: redactedEnv(env) }, 'starting worker');
  const sdkMetricsPort = config.worker.sdkMetricsPort;
  routeSdkLogs(logger, config.logLevel, sdkMetricsPort > 0 ? { prometheusBindAddress: `${config.worker.opsHost}:${sdkMetricsPort}` } : {});
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
  const metrics = createWorkerMetrics();
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
    // A pre-built bundle (npm run build:workflows) keeps webpack out of the worker process.
    ...(config.worker.workflowBundlePath ? { workflowBundle: { codePath: config.worker.workflowBundlePath } } : {}),
    advowareMaxPerSecond: config.advoware.maxActivitiesPerSecond,
    // Every Google-queue activity makes at least one call: the project's rate bounds them across all workers.
    googleMaxPerSecond: config.google.maxRpsProject,
    shutdownGraceMs: config.worker.shutdownGraceMs,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    activityInterceptors: [metricsInterceptor(metrics)],
  });
  const workerStates = () => Object.fromEntries(workers.map((w) => [w.options.taskQueue, w.getState()]));
  metrics.health.check = () => Object.values(workerStates()).every((state) => state === 'RUNNING');
  const ops = await buildOpsApp({
    logger: logger.child({ component: 'ops' }),
    registry: metrics.registry,
    // Healthy while every worker polls; a failed or stopped worker makes the container unhealthy.
    health: () => ({ ok: metrics.health.check(), workers: workerStates() }),
  });
  const opsAddress = await ops.listen({ port: config.worker.opsPort, host: config.worker.opsHost });
  logger.info({ taskQueues: workers.map((w) => w.options.taskQueue), address: config.temporal.address, ops: opsAddress }, 'worker running');
  const running = runWorkers(workers).finally(async () => {
    await Promise.allSettled([ops.close(), connection.close(), clientConnection.close(), clients.advoware.close(), clients.espocrm.close()]);
  });
  return { workers, running, logger, ops };
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
