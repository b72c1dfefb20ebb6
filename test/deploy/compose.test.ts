import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../config';
import { createApiMetrics } from '../../api/metrics';
import { createWorkerMetrics } from '../../worker/metrics';
import { testEnv } from '../support/env';
import { composeText, composeWorkerMemoryEnv, interpolate, loadCompose, placeholderVars } from '../support/compose';

/**
 * CI check of docker-compose.yml without a Docker engine: the file is interpolated the way
 * `docker compose config` does it, validated against the Compose Specification JSON schema
 * (shipped in the `dclint` npm package, devDependency; nothing is downloaded at run time), and
 * held to this project's hardening rules service by service.
 */
const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const compose = loadCompose(placeholderVars);
const services = Object.entries(compose.services);

function composeSchema(): object {
  const pkg = require.resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(join(dirname(pkg), 'schemas', 'compose.schema.json'), 'utf8')) as Record<string, unknown>;
  // It names the draft-07 meta-schema by an https URL Ajv does not know; the content is draft-07.
  delete schema.$schema;
  return schema;
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(composeSchema());
    const ok = validate(compose);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    console.log(`compose validation: ${services.length} services, ${Object.keys(compose.secrets).length} secrets, ${Object.keys(compose.volumes).length} volumes — schema ${ok ? 'valid' : `INVALID (${errors.length} errors)`}`);
    expect(errors).toEqual([]);
  });

  it('the schema check can fail (a misspelt key is rejected)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(composeSchema());
    const broken = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    broken.services.api.cap_drops = ['ALL'];
    expect(validate(broken)).toBe(false);
  });

  it('refuses to start without POSTGRES_PASSWORD and BRIDGE_DOMAIN, and has no password default', () => {
    expect(() => interpolate(composeText, { ...placeholderVars, POSTGRES_PASSWORD: undefined } as never)).toThrow(/POSTGRES_PASSWORD/);
    expect(() => interpolate(composeText, { ...placeholderVars, BRIDGE_DOMAIN: undefined } as never)).toThrow(/BRIDGE_DOMAIN/);
    expect(() => interpolate(composeText, { ...placeholderVars, POSTGRES_PASSWORD: '' })).toThrow(/POSTGRES_PASSWORD/);
    expect(composeText).not.toMatch(/POSTGRES_PASSWORD:-/);
  });

  it.each(services)('%s: read-only, no capabilities, no privilege escalation, memory limit, rotated logs', (name, service) => {
    // The Web UI renders its config file at start; it is the one documented exception.
    if (name !== 'temporal-ui') expect(service.read_only).toBe(true);
    expect(service.cap_drop).toEqual(['ALL']);
    expect(service.security_opt).toContain('no-new-privileges:true');
    expect(service.mem_limit).toMatch(/^\d+[mg]$/);
    expect(service.logging?.driver).toBe('json-file');
    expect(service.logging?.options).toMatchObject({ 'max-size': expect.any(String), 'max-file': expect.any(String) });
  });

  it('runs Temporal on temporalio/server 1.30.x with admin-tools of the same version; no auto-setup image', () => {
    const images = services.map(([, s]) => s.image ?? '');
    expect(images.some((i) => i.includes('auto-setup'))).toBe(false);
    const server = compose.services.temporal.image as string;
    expect(server).toMatch(/^temporalio\/server:1\.30\.\d+$/);
    const version = server.split(':')[1];
    for (const job of ['temporal-schema', 'temporal-namespace', 'temporal-admin-tools']) expect(compose.services[job].image).toBe(`temporalio/admin-tools:${version}`);
  });

  it('orders start-up: schema job → server (healthy) → namespace job → search attributes → worker/api → proxy', () => {
    const after = (name: string) => compose.services[name].depends_on ?? {};
    expect(after('temporal-schema')).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(after('temporal')).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
    expect(after('temporal-namespace')).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(after('temporal-setup')).toEqual({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
    expect(after('worker')).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    expect(after('api')).toEqual({ 'temporal-setup': { condition: 'service_completed_successfully' } });
    expect(after('proxy')).toEqual({ api: { condition: 'service_healthy' } });
    // The server image has no temporal CLI: its healthcheck must not need one.
    expect(compose.services.temporal.healthcheck?.test).toEqual(['CMD', 'nc', '-z', '127.0.0.1', '7233']);
    const schema = read('docker/temporal/scripts/schema.sh');
    for (const step of ['setup-schema -v 0.0', 'update-schema -d "$SCHEMA/$dir/versioned"', 'temporal_visibility:visibility', 'temporal:temporal']) expect(schema).toContain(step);
    expect(read('docker/temporal/scripts/namespace.sh')).toContain('temporal operator namespace create');
  });

  it('gives each service only its own secrets', () => {
    const holders = (secret: string) => services.filter(([, s]) => s.secrets?.includes(secret)).map(([n]) => n).sort();
    expect(holders('postgres_password')).toEqual(['postgresql', 'temporal-schema']);
    expect(holders('google_service_account')).toEqual(['worker']);
    expect(holders('tls_certificate')).toEqual(['proxy']);
    expect(holders('tls_private_key')).toEqual(['proxy']);
    expect(holders('grafana_admin_password')).toEqual(['grafana']);
    const envFiles = (file: string) => services.filter(([, s]) => s.env_file?.some((f) => f.path.endsWith(file))).map(([n]) => n);
    expect(envFiles('/worker.env')).toEqual(['worker']);
    expect(envFiles('/api.env')).toEqual(['api']);
    expect(envFiles('/payload-keys.env').sort()).toEqual(['api', 'temporal-setup', 'worker']);
    // The database password reaches the server through its one variable and no app container.
    const withDbPassword = services.filter(([, s]) => Object.values(s.environment ?? {}).includes(placeholderVars.POSTGRES_PASSWORD)).map(([n]) => n);
    expect(withDbPassword).toEqual(['temporal']);
    const withUiToken = services.filter(([, s]) => JSON.stringify(s.environment ?? {}).includes(placeholderVars.CODEC_UI_TOKEN)).map(([n]) => n).sort();
    expect(withUiToken).toEqual(['api', 'temporal-ui']);
  });

  it('publishes only the TLS proxy to the network; everything else binds to 127.0.0.1 or nothing', () => {
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) {
        if (name === 'proxy') expect(port).toBe('443:8443');
        else expect(port, `${name} ${port}`).toMatch(/^127\.0\.0\.1:/);
      }
    }
    expect(compose.services.postgresql.ports).toBeUndefined();
  });

  it('the reverse proxy routes only the webhook and proxy paths', () => {
    const caddy = read('docker/caddy/Caddyfile');
    const matchers = [...caddy.matchAll(/^\s*@(\w+) path (.+)$/gm)].map((m) => ({ name: m[1], paths: m[2].trim().split(/\s+/) }));
    expect(matchers).toEqual([{ name: 'allowed', paths: ['/vmh/webhook/*', '/advoware/proxy'] }]);
    expect(caddy).toMatch(/handle @allowed \{\s*reverse_proxy api:3000/);
    expect(caddy).toMatch(/handle \{\s*respond 404\s*\}/);
    expect(compose.services.api.environment?.API_TRUST_PROXY).toBe('172.30.0.0/24');
  });

  it('runs the worker with the memory profile the benchmarks measure: flags Node accepts, a workflow cache, room under mem_limit', () => {
    const memory = composeWorkerMemoryEnv(compose);
    expect(Object.keys(memory).sort()).toEqual(['MALLOC_ARENA_MAX', 'NODE_OPTIONS', 'WORKER_MAX_CACHED_WORKFLOWS']);
    // A flag Node refuses in NODE_OPTIONS stops every node process of the container, healthcheck included.
    const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'], {
      env: { ...process.env, NODE_OPTIONS: memory.NODE_OPTIONS },
      encoding: 'utf8',
    });
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
    const heapLimitMiB = Number(probe.stdout) / 2 ** 20;
    const memLimitMiB = Number.parseInt(String(compose.services.worker.mem_limit), 10) * (String(compose.services.worker.mem_limit).endsWith('g') ? 1024 : 1);
    // Two isolates (main and workflow thread) may each reach the limit, plus native memory.
    expect(heapLimitMiB).toBeGreaterThan(128);
    expect(2 * heapLimitMiB + 256).toBeLessThanOrEqual(memLimitMiB);
    // The SDK would size the cache from this small heap (10 runs): the product sets it, and config accepts it.
    expect(parseEnv(testEnv({ WORKER_MAX_CACHED_WORKFLOWS: memory.WORKER_MAX_CACHED_WORKFLOWS })).WORKER_MAX_CACHED_WORKFLOWS).toBeGreaterThanOrEqual(100);
    // Operators change them through .env without editing the file.
    const raised = composeWorkerMemoryEnv(loadCompose({ ...placeholderVars, WORKER_NODE_OPTIONS: '--max-old-space-size=512', WORKER_MAX_CACHED_WORKFLOWS: '1000' }));
    expect(raised).toMatchObject({ NODE_OPTIONS: '--max-old-space-size=512', WORKER_MAX_CACHED_WORKFLOWS: '1000' });
  });

  it('scrapes the ports the processes actually listen on by default', () => {
    const defaults = parseEnv(testEnv({ API_OPS_PORT: undefined, WORKER_OPS_PORT: undefined, WORKER_SDK_METRICS_PORT: undefined }));
    const prometheus = read('docker/prometheus/prometheus.yml');
    expect(prometheus).toContain(`api:${defaults.API_OPS_PORT}`);
    expect(prometheus).toContain(`port: ${defaults.WORKER_OPS_PORT}`);
    expect(prometheus).toContain(`port: ${defaults.WORKER_SDK_METRICS_PORT}`);
    expect(compose.services.worker.healthcheck?.test?.join(' ')).toContain(`127.0.0.1:${defaults.WORKER_OPS_PORT}/health`);
  });

  it('alert rules and the dashboard use only metrics the code exports', () => {
    // The names the processes really register (not a search of the source, which any helper hides).
    const exported = new Set([createApiMetrics().registry, createWorkerMetrics().registry].flatMap((r) => r.getMetricsAsArray().map((m) => m.name)));
    const known = (metric: string) => metric === 'up' || exported.has(metric) || exported.has(metric.replace(/_(bucket|count|sum)$/, ''));
    const alerts = parse(read('docker/prometheus/alerts.yml')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['BeteiligtePermanentlyFailed', 'NoSuccessfulSweep', 'NoSuccessfulCalendarRun', 'WorkerDown']));
    const dashboard = JSON.parse(read('docker/grafana/dashboards/advoware-bridge.json')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = [...rules.map((r) => r.expr), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))];
    const metricsUsed = new Set(exprs.flatMap((e) => [...e.matchAll(/\b([a-z_]+)(?=\{|\[|\))/g)].map((m) => m[1])).filter((m) => /_(total|seconds|bucket|healthy)$|^up$/.test(m)));
    expect([...metricsUsed].filter((m) => !known(m))).toEqual([]);
    expect(metricsUsed.size).toBeGreaterThan(5);
  });
});
