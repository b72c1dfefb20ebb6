import { activityInfo, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { espoRecordSchema, type EspoCrmClient, type WhereItem } from '../clients/espocrm';
import { SWEEP_RULED_STATUSES, toEspoTimestamp } from '../domain/beteiligte';
import { requestBeteiligteSync } from '../clients/temporal/start-beteiligte';
import { forEachLimited } from '../domain/concurrency';

export interface SweepDeps {
  espocrm: EspoCrmClient;
  temporal: Client;
  taskQueue: string;
  entity: string;
  staleAfterMs: number;
  debounceMs: number;
  /** Workflow starts/signals in flight at once. */
  startConcurrency: number;
  /** Ids per EspoCRM page (EspoCRM caps it at 200). */
  pageSize: number;
  now?: () => number;
}

/** Heartbeat of signalDueRecords: the last id of the last page fully handed over, and counts. */
interface SweepProgress {
  cursor?: string;
  examined: number;
  signalled: number;
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
      for await (const record of deps.espocrm.listAll(deps.entity, { where, select: ['id'], orderBy: 'id' }, espoRecordSchema)) {
        await deps.espocrm.update(deps.entity, record.id, { syncStatus: 'failed', syncRetryCount: 0, syncNextRetry: null, syncAutoResetAt: null });
        reset += 1;
        heartbeat({ phase: 'reset', reset });
      }
      return reset;
    },

    /**
     * Streams the due records page by page (keyset on id, so records that turn clean while we
     * page cannot shift later pages) and hands each page's ids to their workflows,
     * `startConcurrency` at a time. Holds one page of ids, never all; heartbeats the cursor
     * after each finished page, so a retry resumes after the last page fully handed over.
     */
    async signalDueRecords(): Promise<Omit<SweepResult, 'resetPermanentlyFailed'>> {
      const startedAt = now();
      const progress: SweepProgress = { examined: 0, signalled: 0, ...(activityInfo().heartbeatDetails as Partial<SweepProgress> | undefined) };
      const starter = { client: deps.temporal, taskQueue: deps.taskQueue, debounceMs: deps.debounceMs };
      const request = { request: { action: 'sweep', source: 'sweep' } } as const;
      for (;;) {
        const where = dueRecordsWhere(startedAt, deps.staleAfterMs);
        if (progress.cursor) where.push({ type: 'greaterThan', attribute: 'id', value: progress.cursor });
        const page = await deps.espocrm.list(deps.entity, { where, select: ['id'], orderBy: 'id', order: 'asc', offset: 0, maxSize: deps.pageSize }, espoRecordSchema);
        await forEachLimited(page.list, deps.startConcurrency, async (record) => {
          await requestBeteiligteSync(starter, record.id, request);
          progress.signalled += 1;
          // Alive while a page is handed over (a slow Temporal can take longer than the heartbeat
          // timeout per page); the cursor still names the last page handed over completely.
          heartbeat(progress);
        });
        progress.examined += page.list.length;
        if (page.list.length > 0) progress.cursor = page.list[page.list.length - 1].id;
        heartbeat(progress);
        if (page.list.length < deps.pageSize) return { examined: progress.examined, signalled: progress.signalled };
      }
    },
  };
};
