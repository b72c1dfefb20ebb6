import { defineConfig } from 'vitest/config';

/**
 * Node flags for the test forks. From Node 22.18 and in 24, Node strips TypeScript itself and
 * loads a `.ts` file that is `require()`d by path — the Temporal SDK does that with the failure
 * converter (clients/temporal/failure-converter.ts) — as CommonJS, which fails on its `import`s
 * ("Cannot use import statement outside a module"). Without native stripping the file goes
 * through vitest's transform, as on Node 20. Production runs compiled JS and the dev commands run
 * through tsx, which handle it on every version. vitest.chaos.config.mts does the same.
 */
const nodeStripsTypes = Boolean((process.features as { typescript?: unknown }).typescript);
export const forkExecArgv: string[] = nodeStripsTypes ? ['--no-experimental-strip-types'] : [];

/**
 * Two projects: `unit` (tests beside the code: pure, no Temporal server, seconds) and
 * `integration` (test/: real Temporal dev server, simulators, processes). `npm test` runs both;
 * `npm run test:unit` only the first. A test beside the code must not need the dev server.
 */
export default defineConfig(({ mode }) => ({
  test: {
    // The Temporal worker's native module and webpack bundling do not belong in worker threads.
    pool: 'forks',
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure tests load no native module: threads start faster than forks on a 2-core machine.
          pool: 'threads',
          // `npm run test:unit` (--mode quick): property tests at a quarter of their runs for a fast
          // edit loop; `npm test` and CI run them at full strength.
          env: mode === 'quick' ? { FC_RUNS_FACTOR: process.env.FC_RUNS_FACTOR ?? '0.25' } : {},
          // The edit loop also shares loaded modules between test files (no per-file re-import:
          // most of its time on 2 cores); `npm test` keeps every file isolated.
          isolate: mode !== 'quick',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', 'dist/**', '.data/**', 'test/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/chaos/**'],
          globalSetup: ['test/global-setup.ts'],
          execArgv: forkExecArgv,
          // A namespace of its own per file on the shared dev server (workflow ids repeat across files).
          setupFiles: ['test/setup/fast-check.ts', 'test/setup/namespace.ts'],
        },
      },
    ],
  },
}));
