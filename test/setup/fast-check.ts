import fc from 'fast-check';
import { fcSeed } from './fc-seed';

/**
 * Property tests run with a fixed seed so CI is reproducible; explore other inputs with
 * FC_SEED=<n> npm test (a failure prints its seed and path for a permanent regression test).
 */
fc.configureGlobal({ seed: fcSeed() });
