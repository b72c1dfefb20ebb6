import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The newest CLI release whose go.mod has no replace directive, so `go install` works offline via the module proxy. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export const CACHE_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'advoware-bridge');
export const CACHED_BINARY = join(CACHE_DIR, 'bin', 'temporal');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Finds an existing binary: $TEMPORAL_CLI, then PATH, then our cache. */
export function findTemporalBinary(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI points to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  return onPath('temporal') ?? (existsSync(CACHED_BINARY) ? CACHED_BINARY : undefined);
}

const INSTALL_HELP = [
  'No Temporal CLI binary found and Go is not installed, so it cannot be built.',
  'Do one of:',
  `  - install Go 1.22+ (https://go.dev/doc/install), then run: npm run temporal:ensure`,
  `  - or build it elsewhere: GOBIN=${join(CACHE_DIR, 'bin')} go install ${TEMPORAL_CLI_MODULE}`,
  '  - or point TEMPORAL_CLI at an existing `temporal` binary (v1.5.x).',
].join('\n');

/** Builds the CLI into the cache with `go install`, streaming Go's progress lines. */
/** Go on PATH, or the default install location (often missing from non-login shells' PATH). */
function findGo(): string | undefined {
  const fallback = process.env.GO_BINARY ?? '/usr/local/go/bin/go';
  return onPath('go') ?? (existsSync(fallback) ? fallback : undefined);
}

async function buildTemporalBinary(log: (line: string) => void): Promise<string> {
  const go = findGo();
  if (!go) throw new Error(INSTALL_HELP);
  mkdirSync(join(CACHE_DIR, 'bin'), { recursive: true });
  log(`Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${CACHE_DIR}/bin — the first build takes several minutes.`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: join(CACHE_DIR, 'bin'), GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let tail = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n').filter(Boolean)) {
        lines += 1;
        // go prints one line per downloaded/compiled package; show a heartbeat, not thousands of lines.
        if (lines % 100 === 0) log(`  … ${lines} packages processed (${Math.round((Date.now() - started) / 1000)} s): ${line.trim()}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install failed (exit ${code}):\n${tail}`))));
  });
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${CACHED_BINARY}`);
  return CACHED_BINARY;
}

/** Resolves the binary in the order docs/ARCHITECTURE.md gives, building it once if needed. */
export async function ensureTemporalBinary(log: (line: string) => void = console.error): Promise<string> {
  return findTemporalBinary() ?? buildTemporalBinary(log);
}

export function temporalVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

if (require.main === module) {
  ensureTemporalBinary()
    .then((binary) => console.log(`${binary}\n${temporalVersion(binary)}`))
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
