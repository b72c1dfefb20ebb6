import { defineConfig } from 'vitest/config';
import { forkExecArgv } from './vitest.config.mjs';

/**
 * `npm run test:chaos`: the chaos suite only. No global setup — the suite starts, stops and
 * restarts its own Temporal dev server (persisted to a SQLite file) and its own worker process.
 * CHAOS_SIZE=small for the bounded CI run.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: forkExecArgv,
    include: ['test/chaos/**/*.test.ts'],
    testTimeout: 40 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
