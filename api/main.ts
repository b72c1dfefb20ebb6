import { createAdvowareClient } from '../clients/advoware';
import { warnAboutPayloadEncryption } from '../clients/temporal/connection';
import { loadConfigOrExit, redactedEnv, secretValues } from '../config';
import { createLogger } from '../config/logger';
import { buildApp } from './app';
import { createApiMetrics } from './metrics';
import { buildOpsApp, type OpenApiDocument } from './ops';
import { startupWarnings } from './startup-warnings';
import { createTemporalAccess } from './temporal';

/** API process: listens, and closes Fastify then the Temporal connection on SIGINT/SIGTERM. */
export async function startApi(processName = 'api') {
  const { config, env } = loadConfigOrExit(processName);
  const logger = createLogger({ level: config.logLevel, name: processName, secrets: secretValues(env) });
  logger.info({ env: redactedEnv(env) }, 'starting api');
  for (const warning of startupWarnings(config)) logger.warn({ startupWarning: true }, warning);
  warnAboutPayloadEncryption(config.temporal, logger);
  const temporal = createTemporalAccess(config.temporal);
  const advoware = createAdvowareClient(config.advoware, { logger: logger.child({ component: 'advoware' }) });
  const metrics = createApiMetrics();
  const app = await buildApp({ config, logger, temporal, advoware, metrics });
  // Bounded timeouts: EspoCRM gives up after 10 s, so never hold a webhook longer than that.
  app.server.requestTimeout = 30_000;
  app.server.headersTimeout = 10_000;
  await app.ready();
  const ops = await buildOpsApp({ logger: logger.child({ component: 'ops' }), registry: metrics.registry, openapi: app.swagger() as OpenApiDocument });
  await app.listen({ port: config.api.port, host: config.api.host });
  const opsAddress = await ops.listen({ port: config.api.opsPort, host: config.api.opsHost });
  logger.info({ ops: opsAddress }, 'operations endpoints (/metrics, /docs) listening');
  const close = async () => {
    await app.close();
    await ops.close();
    await temporal.close();
    await advoware.close();
  };
  return { app, ops, close, logger };
}

if (require.main === module) {
  startApi()
    .then(({ close, logger }) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down api');
        close().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    })
    .catch((err: unknown) => {
      console.error('api: failed to start:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
