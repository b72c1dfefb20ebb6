import { startApi } from '../api/main';
import { startWorker } from '../worker/main';

/**
 * `npm start`: API and worker in one process for small installs. The SDK drains the workers on
 * SIGINT/SIGTERM; we close Fastify on the same signals and exit once both are down.
 */
async function main() {
  const worker = await startWorker('advoware-bridge');
  const api = await startApi('advoware-bridge');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    api.logger.info({ signal }, 'shutting down api and worker');
    await api.close();
    await worker.running.catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await worker.running;
}

main().catch((err: unknown) => {
  console.error('advoware-bridge: failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
