import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry with the Node.js default metrics; one per process part (and per app, so tests stay isolated). */
export function metricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** A counter registered in `registry` (API and worker spell their metrics through these two). */
export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter<L>({ name, help, labelNames, registers: [registry] });
}

export function histogram<L extends string>(registry: Registry, name: string, help: string, buckets: number[], labelNames: readonly L[] = []): Histogram<L> {
  return new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
}

/** Prometheus registry for the API process; one per app so tests stay isolated. */
export function createApiMetrics() {
  const registry = metricsRegistry();
  return {
    registry,
    httpRequests: counter(registry, 'http_requests_total', 'HTTP requests by method, route and status', ['method', 'route', 'status']),
    httpDuration: histogram(registry, 'http_request_duration_seconds', 'HTTP request duration by method and route', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], [
      'method',
      'route',
    ]),
    webhookIds: counter(registry, 'webhook_ids_total', 'Record ids received from EspoCRM webhooks, by action and result', ['action', 'result']),
    webhookIntakeRuns: counter(registry, 'webhook_intake_runs_total', 'Large webhook batches answered after one intake run (WEBHOOK_INTAKE_BATCH_MIN ids or more), by entity and action', ['entity', 'action']),
    proxyRequests: counter(registry, 'advoware_proxy_requests_total', 'Advoware proxy requests by method and upstream status', ['method', 'status']),
    calendarWaits: new Gauge({ name: 'calendar_sync_waits', help: 'Callers of POST /advoware/calendar/sync with wait whose answer is still being waited for', registers: [registry] }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
