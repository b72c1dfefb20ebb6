import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../scripts/temporal/dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

let server: DevServer | undefined;

/** One real `temporal server start-dev` (headless, free port) per test run, shared by all suites. */
export async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  server = await startDevServer({ log: (line) => console.error(`[temporal] ${line}`) });
  console.error(`[temporal] dev server ready at ${server.address} in ${Date.now() - started} ms`);
  process.env.TEMPORAL_ADDRESS = server.address;
  project.provide('temporalAddress', server.address);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
