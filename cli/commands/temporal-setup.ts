import type { Command } from 'commander';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { withTemporal, type CliOutput } from '../context';

/** Registers the custom search attributes on a production cluster (the dev server script does it itself). */
export function registerTemporalSetup(program: Command, out: () => CliOutput): void {
  program
    .command('temporal')
    .description('Temporal cluster administration')
    .command('setup')
    .description('register the search attributes SyncKind, EspoId, BetNr, Kuerzel, SyncOutcome (idempotent)')
    .action(async () => {
      const added = await withTemporal(async ({ connection, namespace }) => {
        const existing = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
        if (missing.length) {
          await connection.operatorService.addSearchAttributes({
            namespace,
            searchAttributes: Object.fromEntries(missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
          });
        }
        return missing.map((key) => key.name);
      });
      out().print(added.length ? `registered: ${added.join(', ')}` : 'all search attributes already registered', { added });
    });
}
