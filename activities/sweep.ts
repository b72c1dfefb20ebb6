import { activityInfo, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { EspoCrmClient, WhereItem } from '../clients/espocrm';
import { SWEEP_RULED_STATUSES, toEspoTimestamp } from '../domain/beteiligte';
import { beteiligteSync } from '../workflows/beteiligte-sync';
import { beteiligteStartOptions, syncRequestedSignal } from '../workflows/messages';

export interface SweepDeps {
  espocrm: EspoCrmClient;
  temporal: Client;
  taskQueue: string;
  entity: string;
  staleAfterMs: number;
  debounceMs: number;
  now?: () => number;
}

export interface SweepResult {
  examined: number;
  signalled: number;
  resetPermanentlyFailed: number;
}

/**
 * Records that need a pass: new, dirty, failed and due, clean/conflict but not synced for a while,
 * and any status the product does not write (the old system's lock status `syncing`, unknown values).
 */
export function dueRecordsWhere(now: number, staleAfterMs: number): WhereItem[] {
  const nowTs = toEspoTimestamp(now);
  const staleTs = toEspoTimestamp(now - staleAfterMs);
  return [
    {
      type: 'or',
      value: [
        { type: 'in', attribute: 'syncStatus', value: ['pending_sync', 'dirty'] },
        { type: 'isNull', attribute: 'syncStatus' },
        { type: 'notIn', attribute: 'syncStatus', value: [...SWEEP_RULED_STATUSES] },
        { type: 'and', value: [{ type: 'equals', attribute: 'syncStatus', value: 'failed' }, { type: 'lessThanOrEquals', attribute: 'syncNextRetry', value: nowTs }] },
        { type: 'and', value: [{ type: 'equals', attribute: 'syncStatus', value: 'failed' }, { type: 'isNull', attribute: 'syncNextRetry' }] },
        { type: 'and', value: [{ type: 'in', attribute: 'syncStatus', value: ['clean', 'conflict'] }, { type: 'before', attribute: 'advowareLastSync', value: staleTs }] },
        { type: 'and', value: [{ type: 'in', attribute: 'syncStatus', value: ['clean', 'conflict'] }, { type: 'isNull', attribute: 'advowareLastSync' }] },
      ],
    },
  ];
}

/** The safety net behind webhooks: runs on the `beteiligte-sweep` Schedule. */
export const createSweepActivities = (deps: SweepDeps) => {
  const now = deps.now ?? Date.now;

  return {
    /** Puts expired `permanently_failed` records back into normal retry. */
    async resetExpiredPermanentFailures(): Promise<number> {
      let reset = 0;
      const where: WhereItem[] = [
        { type: 'equals', attribute: 'syncStatus', value: 'permanently_failed' },
        { type: 'lessThanOrEquals', attribute: 'syncAutoResetAt', value: toEspoTimestamp(now()) },
      ];
      for await (const record of deps.espocrm.listAll<{ id: string }>(deps.entity, { where, select: ['id'], orderBy: 'id' })) {
        await deps.espocrm.update(deps.entity, record.id, { syncStatus: 'failed', syncRetryCount: 0, syncNextRetry: null, syncAutoResetAt: null });
        reset += 1;
        heartbeat({ phase: 'reset', reset });
      }
      return reset;
    },

    /** Pages the due records and signal-with-starts each record's workflow; heartbeats progress. */
    async signalDueRecords(): Promise<Omit<SweepResult, 'resetPermanentlyFailed'>> {
      const startedAt = now();
      const resumeFrom = (activityInfo().heartbeatDetails as { lastId?: string } | undefined)?.lastId;
      let examined = 0;
      let signalled = 0;
      const where = dueRecordsWhere(startedAt, deps.staleAfterMs);
      if (resumeFrom) where.push({ type: 'greaterThan', attribute: 'id', value: resumeFrom });
      for await (const record of deps.espocrm.listAll<{ id: string }>(deps.entity, { where, select: ['id'], orderBy: 'id', order: 'asc' })) {
        examined += 1;
        await deps.temporal.workflow.signalWithStart(beteiligteSync, {
          ...beteiligteStartOptions(record.id, deps.taskQueue, deps.debounceMs),
          signal: syncRequestedSignal,
          signalArgs: [{ action: 'sweep', source: 'sweep' }],
        });
        signalled += 1;
        heartbeat({ lastId: record.id, signalled });
      }
      return { examined, signalled };
    },
  };
};
