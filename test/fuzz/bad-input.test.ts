import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type ApiApp } from '../../api/app';
import { createTemporalAccess, type TemporalAccess } from '../../api/temporal';
import { createAdvowareClient, type AdvowareClient } from '../../clients/advoware';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { DEFAULT_ADVOWARE_CREDENTIALS, startAdvowareSim, type AdvowareSim } from '../../sim/advoware';
import { advowareSimEnv, testEnv } from '../support/env';
import { temporalAddress, uniqueTaskQueue } from '../support/temporal';
import { rawWireRequests, sendRaw } from './raw-wire';
import { FUZZ_API_KEY, FUZZ_BODY_LIMIT, FUZZ_CODEC_UI_TOKEN, FUZZ_UI_ORIGIN, FUZZ_WEBHOOK_ID, FUZZ_WEBHOOK_SECRET, generateCases, type FuzzCase } from './cases';

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240607);

interface Outcome {
  fuzz: FuzzCase;
  status: number;
  body: unknown;
  upstreamCalls: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hasReason(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { error?: unknown; message?: unknown };
  return (typeof b.error === 'string' && b.error !== '') || (typeof b.message === 'string' && b.message !== '');
}

/** The response came from Advoware through the proxy (mirrored status), not from our own validation. */
function wasForwarded(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'upstreamStatus' in body;
}

describe('bad input against every route (webhooks, proxy, codec, API-key routes, operations)', () => {
  let sim: AdvowareSim;
  let app: ApiApp;
  let temporal: TemporalAccess;
  let advoware: AdvowareClient;
  let taskQueue: string;
  const outcomes: Outcome[] = [];
  const runTag = randomUUID().slice(0, 8);

  beforeAll(async () => {
    sim = await startAdvowareSim({ port: 0 });
    taskQueue = uniqueTaskQueue('fuzz');
    const config = loadConfig(
      testEnv({
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
        ...advowareSimEnv(sim, DEFAULT_ADVOWARE_CREDENTIALS),
        API_KEYS: FUZZ_API_KEY,
        ESPOCRM_WEBHOOK_SECRETS: `${FUZZ_WEBHOOK_ID}=${FUZZ_WEBHOOK_SECRET}`,
        API_BODY_LIMIT_BYTES: String(FUZZ_BODY_LIMIT),
        API_RATE_LIMIT_PER_MINUTE: '100000',
        API_AUTH_FAILURES_PER_MINUTE: '100000',
        CODEC_UI_TOKEN: FUZZ_CODEC_UI_TOKEN,
        TEMPORAL_UI_ORIGIN: FUZZ_UI_ORIGIN,
        // Batches of 3 ids (a third of the valid ones) take the large-batch path: one intake run.
        WEBHOOK_INTAKE_BATCH_MIN: '3',
      }),
    );
    temporal = createTemporalAccess(config.temporal);
    advoware = createAdvowareClient(config.advoware);
    app = await buildApp({ config, logger: createLogger({ level: 'silent', name: 'fuzz' }), temporal, advoware });
    await app.ready();

    for (const fuzz of generateCases(SEED, CASES, runTag)) {
      const before = sim.counter.sum({ path: sim.apiPath });
      let status: number;
      let text: string;
      try {
        const res = await app.inject({ method: fuzz.method, url: fuzz.url, headers: fuzz.headers, payload: fuzz.body });
        status = res.statusCode;
        text = res.body;
      } catch (err) {
        // The HTTP layer itself refused to build the request (e.g. CR/LF in a header value): nothing reached a route.
        status = -1;
        text = JSON.stringify({ error: 'client refused', message: String(err) });
      }
      outcomes.push({ fuzz, status, body: parseJson(text), upstreamCalls: sim.counter.sum({ path: sim.apiPath }) - before });
    }

    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    for (const raw of rawWireRequests(runTag)) {
      const before = sim.counter.sum({ path: sim.apiPath });
      const res = await sendRaw(port, raw.text);
      const target = raw.name.startsWith('proxy') ? 'proxy' : 'webhook';
      outcomes.push({
        fuzz: { kind: `raw-wire: ${raw.name}`, target, method: 'POST', url: '(raw)', headers: {}, acceptable: false },
        status: res.status,
        body: parseJson(res.body),
        upstreamCalls: sim.counter.sum({ path: sim.apiPath }) - before,
      });
    }
  }, 600_000);

  afterAll(async () => {
    const running = temporal?.client.workflow.list({ query: `TaskQueue="${taskQueue}" AND ExecutionStatus="Running"` });
    if (running) for await (const wf of running) await temporal.client.workflow.getHandle(wf.workflowId).terminate('fuzz test cleanup').catch(() => undefined);
    await app?.close();
    await temporal?.close();
    await advoware?.close();
    await sim?.close();
  });

  it('never answers 5xx and the API stays alive', async () => {
    const fiveXX = outcomes.filter((o) => o.status >= 500);
    expect(fiveXX.map((o) => `${o.fuzz.kind} ${o.fuzz.method} ${o.fuzz.url} → ${o.status}`)).toEqual([]);
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('rejects every malformed request with a 4xx and a JSON error/message', () => {
    const rejected = outcomes.filter((o) => !o.fuzz.acceptable && o.status !== -1);
    expect(rejected.length).toBeGreaterThan(CASES / 2);
    const wrong = rejected.filter((o) => o.status < 400 || o.status >= 500 || !hasReason(o.body));
    expect(wrong.map((o) => `${o.fuzz.kind} ${o.fuzz.method} ${o.fuzz.url} → ${o.status} ${JSON.stringify(o.body)?.slice(0, 120)}`)).toEqual([]);
  });

  it('accepts the well-formed, correctly signed webhooks (the fuzzer is not just testing a closed door)', () => {
    const valid = outcomes.filter((o) => o.fuzz.kind === 'valid-signed');
    expect(valid.length).toBeGreaterThan(5);
    expect(valid.filter((o) => o.status !== 200).map((o) => `${o.fuzz.url} → ${o.status} ${JSON.stringify(o.body)}`)).toEqual([]);
    const codec = outcomes.filter((o) => o.fuzz.kind === 'codec-valid');
    expect(codec.length).toBeGreaterThan(5);
    expect(codec.filter((o) => o.status !== 200).map((o) => `${o.fuzz.url} → ${o.status} ${JSON.stringify(o.body)?.slice(0, 120)}`)).toEqual([]);
    const forwarded = outcomes.filter((o) => o.fuzz.kind === 'proxy-valid');
    expect(forwarded.length).toBeGreaterThan(5);
    expect(forwarded.every((o) => o.upstreamCalls >= 1)).toBe(true);
  });

  it('forwards nothing upstream for a proxy request it rejected', () => {
    const rejectedProxy = outcomes.filter((o) => o.fuzz.target === 'proxy' && !wasForwarded(o.body) && o.status >= 400);
    expect(rejectedProxy.length).toBeGreaterThan(50);
    expect(rejectedProxy.filter((o) => o.upstreamCalls !== 0).map((o) => `${o.fuzz.kind} ${o.fuzz.method} ${o.fuzz.url} → ${o.status}`)).toEqual([]);
    // Only well-formed endpoints ever reach Advoware.
    expect(outcomes.filter((o) => wasForwarded(o.body) && !o.fuzz.acceptable).map((o) => `${o.fuzz.kind} ${o.fuzz.url}`)).toEqual([]);
  });

  it('starts workflows only for accepted webhooks, never for rejected input', async () => {
    // A small batch starts its records' workflows; a large one one intake run (no worker runs here to hand its ids over).
    const accepted = outcomes.filter((o) => o.status === 200 && o.fuzz.target === 'webhook');
    const intakeOf = (o: Outcome) => (o.body as { intake?: string }).intake;
    const expectedWorkflowIds = new Set(accepted.flatMap((o) => (intakeOf(o) ? [intakeOf(o) as string] : (o.fuzz.workflowIds ?? []))));
    expect(expectedWorkflowIds.size).toBeGreaterThan(0);
    expect([...expectedWorkflowIds].filter((id) => id.startsWith('webhook-intake:')).length).toBeGreaterThan(0);
    expect([...expectedWorkflowIds].some((id) => id.startsWith('bankverbindung:'))).toBe(true);
    expect([...expectedWorkflowIds].some((id) => id.startsWith('adresse:'))).toBe(true);
    const listed = async () => {
      const ids: string[] = [];
      for await (const wf of temporal.client.workflow.list({ query: `TaskQueue="${taskQueue}"` })) ids.push(wf.workflowId);
      return ids;
    };
    // Visibility is eventually consistent: wait until every accepted workflow is listed.
    let ids = await listed();
    for (let i = 0; i < 50 && ids.length < expectedWorkflowIds.size; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ids = await listed();
    }
    const forRejected = ids.filter((id) => !expectedWorkflowIds.has(id));
    expect(new Set(ids)).toEqual(expectedWorkflowIds);
    expect(forRejected).toEqual([]);

    const count = (pred: (o: Outcome) => boolean) => outcomes.filter(pred).length;
    const kinds = new Map<string, number>();
    for (const o of outcomes) kinds.set(o.fuzz.kind, (kinds.get(o.fuzz.kind) ?? 0) + 1);
    console.log(`bad-input fuzz (seed ${SEED}) kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; refused by the HTTP client ${count((o) => o.status === -1)}`);
    const routes = new Map<string, number>();
    for (const o of outcomes) routes.set(o.fuzz.target, (routes.get(o.fuzz.target) ?? 0) + 1);
    console.log(`bad-input fuzz by target: ${[...routes].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(
      `cases ${outcomes.length}, 2xx ${count((o) => o.status >= 200 && o.status < 300)}, 4xx ${count((o) => o.status >= 400 && o.status < 500)}, 5xx ${count((o) => o.status >= 500)}, workflows started for rejected input ${forRejected.length}`,
    );
  });
});
