import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EspoCrmClient, WhereItem } from '../clients/espocrm';
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
}

/**
 * Bank accounts that need a pass: never synced, not linked, `failed` (retry) or `unclean` (a
 * Task is open; the pass sets `clean` once a human made Advoware agree).
 */
export function dueBankverbindungenWhere(): WhereItem[] {
  return [
    {
      type: 'or',
      value: [
        { type: 'in', attribute: 'syncStatus', value: ['unclean', 'failed'] },
        { type: 'isNull', attribute: 'syncStatus' },
        { type: 'isNull', attribute: 'advowareKontoId' },
      ],
    },
  ];
}

/** Part of the `beteiligte-sweep` Schedule: pages the due bank accounts (keyset by id) and wakes each one's workflow. */
export const createBankSweepActivities = (deps: BankSweepDeps) => ({
  async signalDueBankverbindungen(): Promise<{ examined: number; signalled: number }> {
    let cursor: string | undefined;
    let examined = 0;
    let signalled = 0;
    for (;;) {
      const where = dueBankverbindungenWhere();
      if (cursor) where.push({ type: 'greaterThan', attribute: 'id', value: cursor });
      const page = await deps.espocrm.list<{ id: string }>(deps.entity, { where, select: ['id'], orderBy: 'id', order: 'asc', offset: 0, maxSize: deps.pageSize });
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
