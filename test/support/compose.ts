import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml as `docker compose config` sees it, without a Docker engine: variables
 * interpolated, YAML merge keys resolved. The compose test checks the file with it; the
 * benchmarks start their worker process with the worker service's memory settings from it, so
 * what is measured is what the compose file deploys.
 */
const root = join(__dirname, '..', '..');
export const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `$$` as Compose resolves them, with `vars` set. */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === '$$') return '$';
    const value = vars[name as string];
    if (op?.endsWith('?')) {
      if (value === undefined || (op === ':?' && value === '')) throw new Error(`required variable ${name}: ${arg}`);
      return value;
    }
    if (op?.endsWith('-')) return value === undefined || (op === ':-' && value === '') ? (arg ?? '') : value;
    return value ?? '';
  });
}

export type ComposeService = Record<string, unknown> & {
  image?: string;
  command?: string[];
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  mem_limit?: string | number;
  logging?: { driver?: string; options?: Record<string, string> };
  secrets?: string[];
  env_file?: { path: string }[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  entrypoint?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
};

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

/** Values for the variables the file requires (`${VAR:?}`); everything else takes its default. */
export const placeholderVars = { POSTGRES_PASSWORD: 'compose-test-password', BRIDGE_DOMAIN: 'bridge.kanzlei.example', CODEC_UI_TOKEN: 'compose-test-codec-ui-token-0123' };

export function loadCompose(vars: Record<string, string> = placeholderVars): ComposeFile {
  // `merge: true`: Compose resolves YAML merge keys (`<<: *hardening`).
  return parse(interpolate(composeText, vars), { merge: true }) as ComposeFile;
}

/** The worker service's memory settings (V8 heap flags, malloc arenas, workflow cache), as deployed. */
export const WORKER_MEMORY_VARIABLES = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'WORKER_MAX_CACHED_WORKFLOWS'] as const;

export function composeWorkerMemoryEnv(compose: ComposeFile = loadCompose()): Record<string, string> {
  const environment = compose.services.worker?.environment ?? {};
  const env: Record<string, string> = {};
  for (const name of WORKER_MEMORY_VARIABLES) if (environment[name] !== undefined) env[name] = String(environment[name]);
  return env;
}
