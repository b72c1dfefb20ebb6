import { proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { createAdresseRoutingActivities } from '../activities/adressen-webhook';
import { adresseEventStatusQuery, type AdresseEventInput, type AdresseEventStatus } from './adresse-messages';
import { syncRequestedSignal } from './messages';
import { EspoId, SyncKind, SyncOutcome } from './search-attributes';

const { routeAdresseToParty } = proxyActivities<ReturnType<typeof createAdresseRoutingActivities>>({
  startToCloseTimeout: '1 minute',
  // EspoCRM or Temporal briefly down: keep trying for a while (the webhook was already answered).
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * `adresse:{espoId}`: a `CAdressen` create/update/delete webhook. Waits out a burst of events for
 * the same address, then lets an activity find the address's party (through the address record,
 * or for a deleted address through the party whose address base names it) and request a pass of
 * the party's workflow, which syncs the addresses under the party's lock. Writes nothing itself.
 */
export async function adresseEvent(input: AdresseEventInput): Promise<AdresseEventStatus> {
  const status: AdresseEventStatus = { espoId: input.espoId, phase: 'debouncing', signalsReceived: 0, lastOutcome: null, parties: [] };
  // Started by signal-with-start: the first request is in; a signal meanwhile asks for another round.
  let pending = true;
  let signalSeq = 0;
  setHandler(syncRequestedSignal, () => {
    status.signalsReceived += 1;
    signalSeq += 1;
    pending = true;
  });
  setHandler(adresseEventStatusQuery, () => status);
  upsertSearchAttributes([
    { key: SyncKind, value: 'adresse' },
    { key: EspoId, value: input.espoId },
  ]);

  while (pending) {
    status.phase = 'debouncing';
    let seenSeq: number;
    do {
      seenSeq = signalSeq;
      if (input.debounceMs > 0) await sleep(input.debounceMs);
    } while (signalSeq !== seenSeq);
    pending = false;
    status.phase = 'routing';
    const routed = await routeAdresseToParty(input.espoId);
    status.lastOutcome = routed.outcome;
    status.parties = routed.parties;
    upsertSearchAttributes([{ key: SyncOutcome, value: routed.outcome }]);
  }
  status.phase = 'done';
  return status;
}
