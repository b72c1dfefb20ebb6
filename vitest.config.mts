import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Temporal worker's native module and webpack bundling do not belong in worker threads.
    pool: 'forks',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '.data/**', 'test/chaos/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
