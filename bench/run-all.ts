import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem, type as osType, platform, arch } from 'node:os';
import { join } from 'node:path';
import { QUICK } from './support/harness';
import { formatSettings, formatTable, round, type BenchReport } from './support/report';

/**
 * `npm run bench`: runs every benchmark in its own process (own Temporal dev server, clean RSS
 * figure), one after another so they do not compete for the CPU, then prints one table and
 * writes bench/results/latest.json. Figures only; exit 1 only if a benchmark crashed.
 * `BENCH_ONLY=calendar,initial-sync` runs a subset.
 */
const BENCHES = ['calls-per-pass', 'initial-sync', 'webhook-latency', 'webhook-batch', 'sweep-scale', 'calendar', 'calendar-history', 'codec-overhead'];

function runOne(name: string, resultFile: string, env: Record<string, string>): Promise<number | null> {
  const tsxCli = require.resolve('tsx/cli');
  const child = spawn(process.execPath, [tsxCli, join(__dirname, `${name}.ts`)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, BENCH_RESULT_FILE: resultFile, ...env },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

/**
 * Worker processes run the way the Docker image runs them: compiled JS (`npm run build` → dist/)
 * with a pre-built workflow bundle. BENCH_WORKER_DIST=<dir> reuses a build; =tsx runs TypeScript.
 */
function compiledWorker(): Record<string, string> {
  if (process.env.BENCH_WORKER_DIST) return process.env.BENCH_WORKER_DIST === 'tsx' ? { BENCH_WORKER_DIST: '' } : {};
  const root = join(__dirname, '..');
  console.log('[bench] npm run build (worker processes run compiled JS, as in the Docker image)…');
  const built = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  return { BENCH_WORKER_DIST: join(root, 'dist') };
}

function machine() {
  const cpuList = cpus();
  return {
    node: process.version,
    os: `${osType()} ${release()} (${platform()}/${arch()})`,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    totalMemoryGiB: round(totalmem() / 1024 ** 3, 1),
    freeMemoryGiBAtStart: round(freemem() / 1024 ** 3, 1),
    date: new Date().toISOString(),
  };
}

async function main(): Promise<number> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const selected = only.length ? BENCHES.filter((b) => only.includes(b)) : BENCHES;
  const info = machine();
  console.log(`[bench] ${selected.join(', ')}${QUICK ? ' (BENCH_QUICK)' : ''} on ${info.cpus} × ${info.cpuModel}, ${info.totalMemoryGiB} GiB, Node ${info.node}`);
  const workerEnv = compiledWorker();
  const dir = mkdtempSync(join(tmpdir(), 'advoware-bench-'));
  const reports: BenchReport[] = [];
  const started = Date.now();
  try {
    for (const name of selected) {
      const file = join(dir, `${name}.json`);
      const code = await runOne(name, file, workerEnv);
      if (existsSync(file)) reports.push(JSON.parse(readFileSync(file, 'utf8')) as BenchReport);
      else reports.push({ name, title: name, settings: {}, figures: [], rssPeakMiB: NaN, durationSeconds: NaN, error: `exited with code ${code} before writing a result` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const totalSeconds = round((Date.now() - started) / 1000, 0);
  console.log(`\n[bench] all results (${totalSeconds} s in total)\n`);
  console.log(formatTable(reports));
  console.log(`\nsettings:\n${formatSettings(reports)}`);
  console.log(`\nmachine: ${info.cpus} × ${info.cpuModel}, ${info.totalMemoryGiB} GiB RAM, ${info.os}, Node ${info.node}, ${info.date}`);

  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const out = join(resultsDir, 'latest.json');
  writeFileSync(out, `${JSON.stringify({ machine: info, quick: QUICK, totalSeconds, benches: reports }, null, 2)}\n`);
  console.log(`wrote ${out}`);
  return reports.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
