import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { espoRecordSchema, type EspoCrmClient, type WhereItem } from '../clients/espocrm';
import { toEspoTimestamp } from '../domain/beteiligte/backoff';
import { forEachLimited } from '../domain/concurrency';
import { bankverbindungSync } from '../workflows/bankverbindung-sync';
import { bankverbindungStartOptions } from '../workflows/bankverbindung-messages';
import { syncRequestedSignal } from '../workflows/messages';

export interface BankSweepDeps {
  espocrm: EspoCrmClient;
  temporal: Client;
  taskQueue: string;
  /** `CBankverbindungen` unless configured otherwise. */
  entity: string;
  debounceMs: number;
  startConcurrency: number;
  pageSize: number;
  /** BETEILIGTE_STALE_AFTER: a `clean` account is re-checked against Advoware once its `advowareLastSync` is older. */
  staleAfterMs: number;
  now?: () => number;
}

/**
 * Bank accounts that need a pass: never synced, not linked, `failed` (retry), `unclean` (a Task
 * is open; the pass sets `clean` once a human made Advoware agree), and `clean` ones not checked
 * for `staleAfterMs` — Advoware sends no webhook, so an account changed or removed there by hand
 * is only noticed by such a re-check (one Advoware GET per account and period; a re-check that
 * finds agreement moves `advowareLastSync`, so the next sweeps leave the account alone).
 */
export function dueBankverbindungenWhere(now: number, staleAfterMs: number): WhereItem[] {
  const staleTs = toEspoTimestamp(now - staleAfterMs);
  return [
    {
      type: 'or',
      value: [
        { type: 'in', attribute: 'syncStatus', value: ['unclean', 'failed'] },
        { type: 'isNull', attribute: 'syncStatus' },
        { type: 'isNull', attribute: 'advowareKontoId' },
        { type: 'and', value: [{ type: 'equals', attribute: 'syncStatus', value: 'clean' }, { type: 'before', attribute: 'advowareLastSync', value: staleTs }] },
        { type: 'and', value: [{ type: 'equals', attribute: 'syncStatus', value: 'clean' }, { type: 'isNull', attribute: 'advowareLastSync' }] },
      ],
    },
  ];
}

/** Part of the `beteiligte-sweep` Schedule: pages the due bank accounts (keyset by id) and wakes each one's workflow. */
export const createBankSweepActivities = (deps: BankSweepDeps) => ({
  async signalDueBankverbindungen(): Promise<{ examined: number; signalled: number }> {
    const startedAt = (deps.now ?? Date.now)();
    let cursor: string | undefined;
    let examined = 0;
    let signalled = 0;
    for (;;) {
      const where = dueBankverbindungenWhere(startedAt, deps.staleAfterMs);
      if (cursor) where.push({ type: 'greaterThan', attribute: 'id', value: cursor });
      const page = await deps.espocrm.list(deps.entity, { where, select: ['id'], orderBy: 'id', order: 'asc', offset: 0, maxSize: deps.pageSize }, espoRecordSchema);
      await forEachLimited(page.list, deps.startConcurrency, async (record) => {
        await deps.temporal.workflow.signalWithStart(bankverbindungSync, {
          ...bankverbindungStartOptions(record.id, deps.taskQueue, deps.debounceMs),
          signal: syncRequestedSignal,
          signalArgs: [{ action: 'sweep', source: 'sweep' }],
        });
        signalled += 1;
      });
      examined += page.list.length;
      if (page.list.length > 0) cursor = page.list[page.list.length - 1].id;
      heartbeat({ cursor, examined, signalled });
      if (page.list.length < deps.pageSize) return { examined, signalled };
    }
  },
});
