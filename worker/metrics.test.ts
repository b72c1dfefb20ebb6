import { describe, expect, it } from 'vitest';
import { createWorkerMetrics, metricsInterceptor, outcomeOf } from './metrics';

type Factory = ReturnType<typeof metricsInterceptor>;
const ctx = (activityType: string, taskQueue = 'q-advoware', waitedMs = 1500) =>
  ({ info: { activityType, taskQueue, currentAttemptScheduledTimestampMs: Date.now() - waitedMs } }) as unknown as Parameters<Factory>[0];

async function run(factory: Factory, activityType: string, next: () => Promise<unknown>) {
  const execute = factory(ctx(activityType)).inbound?.execute;
  if (!execute) throw new Error('no inbound interceptor');
  return execute({ args: [], headers: {} } as never, next as never);
}

describe('worker product metrics (activity interceptor)', () => {
  it('counts pass outcomes by sync, calendar pass durations, queue waits and failures', async () => {
    const metrics = createWorkerMetrics();
    const factory = metricsInterceptor(metrics);
    await run(factory, 'syncPass', async () => ({ outcome: 'conflict', betNr: 1 }));
    await run(factory, 'recordFailure', async () => ({ status: 'permanently_failed', retryCount: 5 }));
    await run(factory, 'syncEmployeeAndWait', async () => ({ kuerzel: 'SB', outcome: 'clean' }));
    await run(factory, 'signalDueRecords', async () => ({ signalled: 3 }));
    await expect(run(factory, 'signalDueRecords', async () => Promise.reject(Object.assign(new Error('x'), { name: 'EspoCrmUpstreamError' })))).rejects.toThrow('x');
    await run(factory, 'echo', async () => ({ message: 'hi' }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('advoware_bridge_pass_outcomes_total{sync="beteiligte",outcome="conflict"} 1');
    expect(text).toContain('advoware_bridge_pass_outcomes_total{sync="beteiligte",outcome="permanently_failed"} 1');
    expect(text).toContain('advoware_bridge_pass_outcomes_total{sync="calendar",outcome="clean"} 1');
    expect(text).toContain('advoware_bridge_pass_outcomes_total{sync="sweep",outcome="ok"} 1');
    expect(text).toContain('advoware_bridge_pass_outcomes_total{sync="sweep",outcome="error"} 1');
    expect(text).not.toMatch(/pass_outcomes_total\{sync="[^"]*",outcome="[^"]*"\} \d+\n[^\n]*echo/);
    expect(text).toContain('advoware_bridge_activity_failures_total{activity="signalDueRecords",error="EspoCrmUpstreamError"} 1');
    expect(text).toContain('advoware_bridge_calendar_pass_duration_seconds_count 1');
    expect(text).toMatch(/advoware_bridge_activity_queue_wait_seconds_bucket\{le="1",task_queue="q-advoware"\} 0/);
    expect(text).toMatch(/advoware_bridge_activity_queue_wait_seconds_bucket\{le="2.5",task_queue="q-advoware"\} 6/);
    expect(text).toContain('advoware_bridge_worker_healthy 1');
    metrics.health.check = () => false;
    expect(await metrics.registry.metrics()).toContain('advoware_bridge_worker_healthy 0');
  });

  it('reads the outcome from outcome, status or a bare string', () => {
    expect(outcomeOf({ outcome: 'clean' })).toBe('clean');
    expect(outcomeOf({ status: 'failed' })).toBe('failed');
    expect(outcomeOf('deleted_in_espocrm')).toBe('deleted_in_espocrm');
    expect(outcomeOf(3)).toBe('ok');
  });
});
