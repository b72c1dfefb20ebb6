import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../config/logger';

/** Activity-only queues have no workflows by design; the SDK's notice about that is not a warning here. */
export function isExpectedSdkNotice(message: string): boolean {
  return message.startsWith('No workflows registered');
}

const SDK_LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };

/**
 * Sends the Temporal SDK's own logs through our structured logger (once per process) and, with
 * `prometheusBindAddress`, lets the SDK serve its runtime metrics (pollers, task latencies,
 * schedule-to-start, slots) for Prometheus at that address.
 */
export function routeSdkLogs(logger: Logger, level: string, options: { prometheusBindAddress?: string } = {}): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  try {
    Runtime.install({
      ...(options.prometheusBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.prometheusBindAddress } } } } : {}),
      logger: new DefaultLogger(SDK_LEVELS[level] ?? 'INFO', (entry) => {
        const method = isExpectedSdkNotice(entry.message) ? 'debug' : entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
        sdk[method](entry.meta ?? {}, entry.message);
      }),
    });
  } catch {
    // Already installed (api + worker in one process): keep the first.
  }
}

