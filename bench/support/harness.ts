import { writeFileSync } from 'node:fs';
import { startDevServer, type DevServer } from '../../scripts/temporal/dev-server';
import { formatSettings, formatTable, round, type BenchReport, type Figure } from './report';

/** `BENCH_QUICK=1`: tiny sizes, used to smoke-test the benchmarks themselves. */
export const QUICK = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK ?? '');

/** A whole-number knob from the environment, with separate defaults for full and quick runs. */
export function knob(name: string, full: number, quick: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return QUICK ? quick : full;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export { waitFor } from '../../test/support/wait';

/** Nearest-rank percentile of an ascending-sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Samples process RSS every 100 ms; the worker runs in this process, so this is its peak too. */
export function startRssSampler(intervalMs = 100): { peakMiB(): number; stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  const peakMiB = () => round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024, 0);
  return {
    peakMiB,
    stop() {
      clearInterval(timer);
      return peakMiB();
    },
  };
}

export interface BenchContext {
  temporalAddress: string;
  /** The dev server's process id, for its CPU figures. */
  temporalPid?: number;
  log(line: string): void;
}

export interface BenchOutput {
  settings: BenchReport['settings'];
  figures: Figure[];
  details?: Record<string, unknown>;
}

/**
 * Runs one benchmark against its own Temporal dev server, prints its table and, when
 * BENCH_RESULT_FILE is set (bench/run-all.ts does), writes the report there as JSON.
 * Exit code 1 only when the bench crashed; figures never fail a run.
 */
export function runBench(name: string, title: string, body: (ctx: BenchContext) => Promise<BenchOutput>): void {
  const log = (line: string) => console.log(`[${name}] ${line}`);
  const started = Date.now();
  const rss = startRssSampler();
  let server: DevServer | undefined;
  const finish = async (): Promise<BenchReport> => {
    try {
      log(`${title}${QUICK ? ' (BENCH_QUICK)' : ''}`);
      server = await startDevServer({ log });
      const output = await body({ temporalAddress: server.address, temporalPid: server.process.pid, log });
      return { name, title, ...output, rssPeakMiB: rss.stop(), durationSeconds: round((Date.now() - started) / 1000, 0) };
    } catch (err) {
      const error = err instanceof Error ? err.stack ?? err.message : String(err);
      return { name, title, settings: {}, figures: [], rssPeakMiB: rss.stop(), durationSeconds: round((Date.now() - started) / 1000, 0), error };
    } finally {
      await server?.stop().catch(() => undefined);
    }
  };
  finish().then((report) => {
    if (report.error) console.error(`[${name}] crashed: ${report.error}`);
    console.log(`\n${formatTable([report])}\n${formatSettings([report])}\n`);
    if (process.env.BENCH_RESULT_FILE) writeFileSync(process.env.BENCH_RESULT_FILE, JSON.stringify(report, null, 2));
    // Lingering sockets (simulator keep-alive, SDK) must not keep a finished bench alive.
    process.exit(report.error ? 1 : 0);
  });
}
