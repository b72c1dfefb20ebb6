import { startProductStack, type ProductStack, type ProductStackOptions } from '../../test/support/product-stack';

export type BenchStack = ProductStack;
export type BenchStackOptions = Omit<ProductStackOptions, 'taskQueue'>;

/** The product in one process on a Temporal server the bench started itself (production skipOwn default). */
export function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  return startProductStack({ ...options, taskQueue: `bench-${Math.random().toString(36).slice(2, 10)}`, env: { LOG_LEVEL: 'silent', ...options.env } });
}
