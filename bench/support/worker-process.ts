import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleProductWorkflows } from '../../worker/bundle';
import { composeWorkerMemoryEnv } from '../../test/support/compose';
import { REPO_ROOT, spawnNode, type ManagedProcess } from '../../test/support/processes';
import { sleep } from './harness';
import type { BenchStack } from './stack';

/** A `worker/main.ts` process of its own, so its RSS is the worker's alone. */
export interface WorkerProcess {
  process: ManagedProcess;
  pid: number;
  /** RSS now, from /proc (Linux); NaN elsewhere. */
  rssMiB(): number;
}

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * BENCH_WORKER_NODE_ARGS: extra `node` flags for the worker processes, space-separated — for
 * flags NODE_OPTIONS refuses, such as `--cpu-prof --cpu-prof-dir=/tmp/prof` (a profile per thread,
 * written when the worker stops) or `--trace-deopt`.
 */
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');

/**
 * BENCH_WORKER_DIST=<dir>: run the compiled worker (`node <dir>/worker/main.js`, what the Docker
 * image runs after `npm run build`) instead of TypeScript through tsx (tsx's loader costs memory).
 */
const COMPILED_DIR = process.env.BENCH_WORKER_DIST || undefined;
const nodeFlags = WORKER_NODE_ARGS.map((arg) => `${arg} `).join('');
export const WORKER_ENTRY = COMPILED_DIR ? `node ${nodeFlags}${COMPILED_DIR}/worker/main.js (compiled)` : `node ${nodeFlags}--import tsx worker/main.ts`;

function spawnWorker(env: Record<string, string>): ManagedProcess {
  if (COMPILED_DIR) return spawnNode([join(COMPILED_DIR, 'worker', 'main.js')], env, WORKER_NODE_ARGS);
  return spawnNode([join(REPO_ROOT, 'worker', 'main.ts')], env, [...WORKER_NODE_ARGS, '--import', 'tsx']);
}

let bundlePath: Promise<string> | undefined;

/** What `npm run build:workflows` writes, built once per bench process (webpack runs here, not in the worker). */
function prebuiltBundle(): Promise<string> {
  bundlePath ??= (async () => {
    const { code } = await bundleProductWorkflows({ quiet: true });
    const file = join(mkdtempSync(join(tmpdir(), 'bench-bundle-')), 'workflow-bundle.js');
    writeFileSync(file, code);
    return file;
  })();
  return bundlePath;
}

/**
 * The worker's memory settings: those docker-compose.yml gives its worker service (V8 heap
 * flags in NODE_OPTIONS, MALLOC_ARENA_MAX, WORKER_MAX_CACHED_WORKFLOWS), so the bench measures
 * the deployed worker. BENCH_WORKER_MEMORY=node-defaults starts it without them (for comparison);
 * BENCH_WORKER_NODE_OPTIONS / MALLOC_ARENA_MAX replace single values.
 */
function workerMemoryEnv(): Record<string, string> {
  const env = process.env.BENCH_WORKER_MEMORY === 'node-defaults' ? {} : composeWorkerMemoryEnv();
  if (process.env.BENCH_WORKER_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_WORKER_NODE_OPTIONS;
  if (process.env.MALLOC_ARENA_MAX) env.MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX;
  return env;
}

/** Read once: every worker process of a bench run gets the same settings. */
const WORKER_MEMORY_ENV = workerMemoryEnv();
export const WORKER_MEMORY = Object.entries(WORKER_MEMORY_ENV).map(([k, v]) => `${k}=${v}`).join(' ') || 'Node defaults';

/** BENCH_WORKER_BUNDLE=runtime: the worker bundles workflows itself at start (no WORKER_WORKFLOW_BUNDLE). */
export const WORKER_BUNDLE_MODE = process.env.BENCH_WORKER_BUNDLE === 'runtime' ? 'runtime (webpack in the worker)' : 'prebuilt (WORKER_WORKFLOW_BUNDLE)';

/**
 * Starts `count` worker processes against the stack's Temporal server, task queues and
 * simulators (the same env the stack was configured from; no Schedules) and waits until each
 * polls. The workers load a pre-built workflow bundle (WORKER_WORKFLOW_BUNDLE) unless
 * BENCH_WORKER_BUNDLE=runtime.
 */
export async function startWorkerProcesses(stack: BenchStack, count: number, env: Record<string, string> = {}): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  const bundle: Record<string, string> = process.env.BENCH_WORKER_BUNDLE === 'runtime' ? {} : { WORKER_WORKFLOW_BUNDLE: await prebuiltBundle() };
  for (let i = 0; i < count; i += 1) {
    const childEnv = { ...stack.env, WORKER_APPLY_SCHEDULES: 'false', LOG_LEVEL: 'info', ...bundle, ...WORKER_MEMORY_ENV, ...env };
    const child = spawnWorker(childEnv);
    const pid = child.child.pid as number;
    workers.push({ process: child, pid, rssMiB: () => rssOf(pid) });
  }
  const deadline = Date.now() + 180_000;
  for (const worker of workers) {
    while (!worker.process.output().includes('worker running')) {
      if (worker.process.child.exitCode !== null) throw new Error(`worker process exited: ${worker.process.output().slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`worker process not ready after 180 s: ${worker.process.output().slice(-2000)}`);
      await sleep(100);
    }
  }
  return workers;
}

export async function stopWorkerProcesses(workers: WorkerProcess[]): Promise<void> {
  // BENCH_WORKER_LOG=1: print the tail of each worker's log (warnings, failed activities).
  if (process.env.BENCH_WORKER_LOG === '1') for (const w of workers) console.log(`--- worker ${w.pid} ---\n${w.process.output().slice(-8000)}`);
  await Promise.all(workers.map((w) => w.process.stop()));
}

/** Samples the summed RSS of the given processes every `intervalMs`; peak in MiB. */
export function sampleRss(workers: WorkerProcess[], intervalMs = 100): { peakMiB(): number; currentMiB(): number; stop(): number } {
  const current = () => workers.reduce((sum, w) => sum + w.rssMiB(), 0);
  let peak = current();
  const timer = setInterval(() => {
    peak = Math.max(peak, current());
  }, intervalMs);
  timer.unref();
  return {
    peakMiB: () => Math.round(Math.max(peak, current())),
    currentMiB: () => Math.round(current()),
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, current()));
    },
  };
}
