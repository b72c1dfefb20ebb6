import { patched, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createBankSweepActivities } from '../activities/bankverbindungen-sweep';
import type { createSweepActivities, SweepResult } from '../activities/sweep';
import { SyncKind, SyncOutcome } from './search-attributes';

const { resetExpiredPermanentFailures, signalDueRecords, signalDueBankverbindungen } = proxyActivities<ReturnType<typeof createSweepActivities> & ReturnType<typeof createBankSweepActivities>>({
  startToCloseTimeout: '30 minutes',
  // Paging thousands of records takes a while; a missed heartbeat means the worker died.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 5 },
});

/** Schedule `beteiligte-sweep`: finds records the webhooks missed and hands each to its own workflow. */
export async function beteiligteSweep(): Promise<SweepResult & { bankverbindungen?: { examined: number; signalled: number } }> {
  upsertSearchAttributes([{ key: SyncKind, value: 'beteiligte-sweep' }]);
  const resetPermanentlyFailed = await resetExpiredPermanentFailures();
  const { examined, signalled } = await signalDueRecords();
  // Bank accounts joined the sweep later; runs recorded before replay without this step.
  const bankverbindungen = patched('bankverbindungen-sweep') ? await signalDueBankverbindungen() : undefined;
  upsertSearchAttributes([{ key: SyncOutcome, value: 'clean' }]);
  return { examined, signalled, resetPermanentlyFailed, ...(bankverbindungen ? { bankverbindungen } : {}) };
}
