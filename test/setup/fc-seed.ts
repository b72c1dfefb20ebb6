/**
 * A fixed seed for the property tests, so CI runs the same inputs every time;
 * explore other inputs with `FC_SEED=<n>`. A failure prints its seed and path: turn the
 * counterexample into a unit test before fixing it.
 */
export const DEFAULT_FC_SEED = 20261128;

export function fcSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FC_SEED?.trim();
  if (!raw) return DEFAULT_FC_SEED;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed;
}

/**
 * Runs of a property test: `full` in `npm test` and CI, a fraction of it where FC_RUNS_FACTOR
 * says so (`npm run test:unit` sets 0.25 for a fast edit loop; the fixed seed keeps those runs
 * a subset-sized, reproducible sample). Never fewer than 20.
 */
export function propertyRuns(full: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FC_RUNS_FACTOR?.trim();
  if (!raw) return full;
  const factor = Number(raw);
  if (!Number.isFinite(factor) || factor <= 0 || factor > 1) throw new Error(`FC_RUNS_FACTOR must be a number in (0, 1], got ${JSON.stringify(raw)}`);
  return Math.max(20, Math.round(full * factor));
}
