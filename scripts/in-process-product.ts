import { startApi } from '../api/main';
import { startWorker } from '../worker/main';
import { shutdownWorkers } from '../worker/workers';

/**
 * Worker and API in this process, configured from `env` on top of the process environment (the
 * product reads its settings from there), as the demo and the Web UI check run them. Operations
 * listeners take free ports so a second instance never clashes with a running stack.
 */
export async function startInProcessProduct(name: string, env: Record<string, string>) {
  Object.assign(process.env, {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    API_OPS_PORT: '0',
    WORKER_OPS_PORT: '0',
    WORKER_SDK_METRICS_PORT: '0',
    ...env,
  });
  const worker = await startWorker(`${name}-worker`);
  const api = await startApi(`${name}-api`);
  return {
    worker,
    api,
    async close() {
      await api.close();
      shutdownWorkers(worker.workers);
      await worker.running.catch(() => undefined);
    },
  };
}
