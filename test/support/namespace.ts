import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { waitFor } from './wait';

/**
 * Registers a namespace with the product's search attributes on the dev server and waits until
 * it accepts visibility queries. Test files share one dev server; workflow ids such as
 * `calendar:RO` or `beteiligte:<seeded id>` are unique per namespace, so each file gets its own
 * and two files can never signal, update or count each other's workflows.
 */
export async function registerTestNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') })
      .catch((err: { code?: number }) => {
        if (err.code !== 6 /* ALREADY_EXISTS */) throw err;
      });
    await waitFor(`namespace ${namespace} known`, () => connection.workflowService.describeNamespace({ namespace }).then(() => true, () => undefined), 30_000, 100);
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
    // A query naming a custom attribute fails until the new attributes reach the frontend's cache.
    const query = ALL_SEARCH_ATTRIBUTES.map((key) => `${key.name} = 'x'`).join(' AND ');
    await waitFor(`search attributes of ${namespace} usable`, () => connection.workflowService.listWorkflowExecutions({ namespace, query, pageSize: 1 }).then(() => true, () => undefined), 30_000, 100);
  } finally {
    await connection.close();
  }
}
