import Fastify, { type FastifyInstance } from 'fastify';
import { RequestCounter } from './counter';
import { FaultInjector, type FaultRule } from './faults';

/** Paths under this prefix control the simulator and are neither counted nor faulted. */
export const ADMIN_PREFIX = '/__admin';

export interface SimHarness {
  app: FastifyInstance;
  faults: FaultInjector;
  counter: RequestCounter;
}

/**
 * A Fastify app with request accounting, fault injection and the admin API
 * (`GET /__admin/counts`, `POST /__admin/counts/reset`, `GET|POST|DELETE /__admin/faults`).
 * Each simulator adds its own routes (and its own `/__admin/...` controls) on top.
 */
export function createSimHarness(name: string): SimHarness {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  const faults = new FaultInjector();
  const counter = new RequestCounter();

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path.startsWith(ADMIN_PREFIX)) return;
    counter.record(request.method, path);
    const decision = faults.decide(request.method, path);
    if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.drop) {
      request.raw.socket.destroy();
      return reply.hijack();
    }
    if (decision.status !== undefined) {
      if (decision.headers) reply.headers(decision.headers);
      return reply.code(decision.status).send(decision.body ?? { error: `${name} simulator: injected fault`, status: decision.status });
    }
  });

  app.get(`${ADMIN_PREFIX}/counts`, async () => ({ counts: counter.snapshot(), faultsInjected: faults.injected }));
  app.post(`${ADMIN_PREFIX}/counts/reset`, async () => {
    counter.reset();
    return { ok: true };
  });
  app.get(`${ADMIN_PREFIX}/faults`, async () => ({ faults: faults.list() }));
  app.post<{ Body: FaultRule }>(`${ADMIN_PREFIX}/faults`, async (request) => ({ id: faults.add(request.body ?? {}) }));
  app.delete(`${ADMIN_PREFIX}/faults`, async () => {
    faults.clear();
    return { ok: true };
  });

  return { app, faults, counter };
}

/** Listens on 127.0.0.1 (port 0 = free port) and returns the base URL without trailing slash. */
export async function listen(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ host: '127.0.0.1', port });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://127.0.0.1:${actual}`;
}
