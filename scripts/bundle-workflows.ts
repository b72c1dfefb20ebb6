import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { bundleProductWorkflows } from '../worker/bundle';

/** Default output, relative to the repository root (the Dockerfile points WORKER_WORKFLOW_BUNDLE at it). */
export const DEFAULT_BUNDLE_PATH = 'dist/workflow-bundle.js';

/**
 * `npm run build:workflows [out]`: bundles workflows/ once (webpack) into one file, so a worker
 * started with WORKER_WORKFLOW_BUNDLE=<file> skips bundling at start — faster start, and the
 * worker process never loads webpack (about 150 MiB less RSS).
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(__dirname, '..', DEFAULT_BUNDLE_PATH));
  const { code } = await bundleProductWorkflows();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`wrote ${out} (${Math.round(code.length / 1024)} KiB)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
