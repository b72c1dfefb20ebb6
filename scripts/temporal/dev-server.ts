import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitForTemporal } from '../../worker/wait-for-temporal';
import { searchAttributeCliArgs } from '../../workflows/search-attributes';
import { ensureTemporalBinary } from './binary';
import { freePort } from './free-port';

export interface DevServerOptions {
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Serve the Web UI on this port; headless when omitted. */
  uiPort?: number;
  /** SQLite file for persistence across restarts; in-memory when omitted. */
  dbFilename?: string;
  namespace?: string;
  /** Codec server the Web UI calls to show encrypted payloads decoded (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The Web UI flags: the UI on `uiPort` (with the codec endpoint when given), headless without a port. */
export function uiArgs(options: Pick<DevServerOptions, 'uiPort' | 'uiCodecEndpoint'>): string[] {
  if (!options.uiPort) return ['--headless'];
  return ['--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1', ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : [])];
}

/** Starts `temporal server start-dev` with every search attribute of the design registered. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? console.error;
  const binary = await ensureTemporalBinary(log);
  const port = options.port ?? (await freePort());
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--http-port', String(await freePort()),
    '--metrics-port', String(await freePort()),
    '--namespace', options.namespace ?? 'default',
    '--log-level', 'error',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.workerVersioningWorkflowAPIs=true',
    ...searchAttributeCliArgs(),
  ];
  args.push(...uiArgs(options));
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${port}`;
  const ready = waitForTemporal({ address });
  const outcome = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const)]);
  if (outcome === 'exited') throw new Error(`temporal server start-dev exited early:\n${stderr}`);

  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const DEV_USAGE = `Usage: npm run temporal:dev [-- --port N] [--ui-port N] [--db FILE]
Starts a Temporal dev server (with the Web UI and every search attribute registered) and keeps it
running until Ctrl-C. Defaults: gRPC 7233, Web UI 8233, in-memory state.`;

/** `npm run temporal:dev`: a standalone dev server for running the worker and API by hand. */
async function runStandalone(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(DEV_USAGE);
    return;
  }
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const port = Number(option('--port') ?? 7233);
  const uiPort = Number(option('--ui-port') ?? 8233);
  if (!Number.isInteger(port) || !Number.isInteger(uiPort) || port <= 0 || uiPort <= 0) {
    console.error(`--port and --ui-port take a port number.\n${DEV_USAGE}`);
    process.exit(2);
  }
  const server = await startDevServer({ port, uiPort, dbFilename: option('--db') });
  console.log(`Temporal dev server at ${server.address}; Web UI ${server.uiUrl}. Ctrl-C stops it.`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  runStandalone(process.argv.slice(2)).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
