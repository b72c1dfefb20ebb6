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
