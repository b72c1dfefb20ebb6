import { randomUUID } from 'node:crypto';
import { beforeAll, inject } from 'vitest';
import { registerTestNamespace } from '../support/namespace';

/**
 * Integration test files share one dev server but not a namespace: workflow ids (`calendar:RO`,
 * `beteiligte:<seeded id>`, schedule ids) repeat across files, and two files running at once
 * would otherwise signal, update or count each other's workflows. Everything a test starts
 * (clients, workers, spawned CLI/API/worker processes via testEnv) reads TEMPORAL_NAMESPACE.
 */
const namespace = `test-${randomUUID().slice(0, 8)}`;
// Set before the test file is imported: some files build their env at module level.
process.env.TEMPORAL_NAMESPACE = namespace;
beforeAll(() => registerTestNamespace(inject('temporalAddress'), namespace));
