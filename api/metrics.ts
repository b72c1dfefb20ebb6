import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus registry for the API process; one per app so tests stay isolated. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhookIds: new Counter({
      name: 'webhook_ids_total',
      help: 'Record ids received from EspoCRM webhooks, by action and result',
      labelNames: ['action', 'result'] as const,
      registers: [registry],
    }),
    proxyRequests: new Counter({
      name: 'advoware_proxy_requests_total',
      help: 'Advoware proxy requests by method and upstream status',
      labelNames: ['method', 'status'] as const,
      registers: [registry],
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
