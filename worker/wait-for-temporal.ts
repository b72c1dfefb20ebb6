import { Connection, type ConnectionOptions } from '@temporalio/client';

/**
 * Polls the frontend until it answers, so a process started alongside (or during a restart of)
 * Temporal waits instead of crashing. `onWait` is called about every 10 s while waiting.
 */
export async function waitForTemporal(options: ConnectionOptions & { address: string }, timeoutMs = 60_000, onWait?: (elapsedMs: number, error: unknown) => void): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  let lastReport = started;
  while (Date.now() - started < timeoutMs) {
    try {
      const connection = await Connection.connect({ ...options, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      if (onWait && Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        onWait(lastReport - started, err);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal at ${options.address} did not become reachable within ${timeoutMs} ms: ${String(lastError)}`);
}
