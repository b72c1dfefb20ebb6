import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Gauge } from 'prom-client';
import { counter, histogram, metricsRegistry } from '../api/metrics';

/** Which sync an activity's result belongs to; activities not listed are not counted as passes. */
const SYNC_OF_ACTIVITY: Record<string, string> = {
  syncPass: 'beteiligte',
  recordFailure: 'beteiligte',
  recordEspoDelete: 'beteiligte',
  syncEmployeeAndWait: 'calendar',
  signalDueRecords: 'sweep',
};

/**
 * Product metrics of a worker process (prom-client, served on WORKER_OPS_PORT). The Temporal
 * SDK's own runtime metrics are exported separately by the SDK (WORKER_SDK_METRICS_PORT).
 */
export function createWorkerMetrics() {
  const registry = metricsRegistry();
  const health = { check: (): boolean => true };
  return {
    registry,
    /** Set by the process once its workers exist; read on every scrape. */
    health,
    healthy: new Gauge({
      name: 'advoware_bridge_worker_healthy',
      help: '1 while every task-queue worker of this process is running',
      registers: [registry],
      collect() {
        this.set(health.check() ? 1 : 0);
      },
    }),
    passOutcomes: counter(
      registry,
      'advoware_bridge_pass_outcomes_total',
      'Finished sync passes by sync (beteiligte, calendar, sweep) and outcome (clean, no_change, conflict, failed, permanently_failed, ok, error, …)',
      ['sync', 'outcome'],
    ),
    activityFailures: counter(registry, 'advoware_bridge_activity_failures_total', 'Activity attempts that threw, by activity type and error name', ['activity', 'error']),
    activityDuration: histogram(registry, 'advoware_bridge_activity_duration_seconds', 'Activity attempt run time by activity type', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], [
      'activity',
    ]),
    calendarPassDuration: histogram(registry, 'advoware_bridge_calendar_pass_duration_seconds', 'One employee calendar pass, from start to its outcome', [
      0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800,
    ]),
    queueWait: histogram(
      registry,
      'advoware_bridge_activity_queue_wait_seconds',
      'Time from scheduling an activity attempt to its start, by task queue; on the -advoware and -google queues this is mostly the rate-limit wait',
      [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      ['task_queue'],
    ),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** The outcome an activity result reports: `outcome`, `status`, a bare string, or `ok`. */
export function outcomeOf(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    if (typeof record.outcome === 'string') return record.outcome;
    if (typeof record.status === 'string') return record.status;
  }
  return 'ok';
}

/** Activity interceptor that feeds the product metrics without touching the activities. */
export function metricsInterceptor(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType, taskQueue, currentAttemptScheduledTimestampMs } = ctx.info;
        const started = Date.now();
        metrics.queueWait.observe({ task_queue: taskQueue }, Math.max(0, started - currentAttemptScheduledTimestampMs) / 1000);
        const sync = SYNC_OF_ACTIVITY[activityType];
        try {
          const result = await next(input);
          const seconds = (Date.now() - started) / 1000;
          metrics.activityDuration.observe({ activity: activityType }, seconds);
          if (sync) metrics.passOutcomes.inc({ sync, outcome: outcomeOf(result) });
          if (activityType === 'syncEmployeeAndWait') metrics.calendarPassDuration.observe(seconds);
          return result;
        } catch (err) {
          metrics.activityDuration.observe({ activity: activityType }, (Date.now() - started) / 1000);
          metrics.activityFailures.inc({ activity: activityType, error: err instanceof Error ? err.name : 'unknown' });
          if (sync === 'sweep') metrics.passOutcomes.inc({ sync, outcome: 'error' });
          throw err;
        }
      },
    },
  });
}
