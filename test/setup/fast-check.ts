import fc from 'fast-check';

/**
 * Property tests run with a fixed seed so CI is reproducible; explore other inputs with
 * FC_SEED=<n> npm test (a failure prints its seed and path for a permanent regression test).
 */
fc.configureGlobal({ seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261128 });
