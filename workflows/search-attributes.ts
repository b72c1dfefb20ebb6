import { defineSearchAttributeKey } from '@temporalio/common';

/** Custom search attributes; operators find any record's or employee's runs in the Web UI by these. */
export const SyncKind = defineSearchAttributeKey('SyncKind', 'KEYWORD');
export const EspoId = defineSearchAttributeKey('EspoId', 'KEYWORD');
export const BetNr = defineSearchAttributeKey('BetNr', 'KEYWORD');
export const Kuerzel = defineSearchAttributeKey('Kuerzel', 'KEYWORD');
export const SyncOutcome = defineSearchAttributeKey('SyncOutcome', 'KEYWORD');

export const ALL_SEARCH_ATTRIBUTES = [SyncKind, EspoId, BetNr, Kuerzel, SyncOutcome];

/** `--search-attribute Name=Keyword` arguments for `temporal server start-dev` / `operator`. */
export function searchAttributeCliArgs(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]);
}
