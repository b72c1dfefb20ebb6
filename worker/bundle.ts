import { extname, join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../clients/temporal/connection';

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };

/**
 * The one way to pre-bundle the workflows: with the product's failure converter inside the
 * bundle, or workflows read encrypted failure messages as "Encoded failure".
 */
export function bundleProductWorkflows(options: { quiet?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: join(__dirname, '..', 'workflows', `index${extname(__filename)}`),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...(options.quiet ? { logger: quietLogger } : {}),
  });
}
