import type { StartSimsOptions } from '../../sim/start-all';
import { startProductStack, type ProductStack } from './product-stack';
import { temporalAddress, workflowBundle } from './temporal';

/** The product stack on the test run's shared dev server; `workers.taskQueue` kept for existing tests. */
export type Stack = ProductStack & { workers: { taskQueue: string } };

export async function startStack(options: { env?: Record<string, string>; sims?: StartSimsOptions; skipOwn?: boolean } = {}): Promise<Stack> {
  const stack = await startProductStack({ temporalAddress: temporalAddress(), workflowBundle: await workflowBundle(), skipOwn: false, ...options });
  return { ...stack, workers: { taskQueue: stack.taskQueue } };
}
