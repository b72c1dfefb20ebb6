import { ApplicationFailure } from '@temporalio/activity';
import { AdvowareNotFoundError, type AdvowareClient } from '../clients/advoware';
import { cBeteiligteSchema, EspoCrmConflictError, EspoCrmNotFoundError, type EspoCrmClient } from '../clients/espocrm';
import {
  advowareCreateBody,
  advowareSearchQuery,
  applyBeteiligtePass,
  failureFields,
  classifyLinkCandidates,
  deletedInAdvoware,
  deletedInEspoNotice,
  duplicateNotice,
  passResultOutcome,
  withPartyIdMarker,
  toEspoTimestamp,
  type BeteiligtePassPort,
  type AdvowareBeteiligter,
  type BaseSource,
  type EspoBeteiligte,
} from '../domain/beteiligte';
import type { ShadowSummary } from '../domain/shadow';
import type { SyncOutcomeValue } from '../workflows/messages';
import type { createAdressenStep } from './adressen';

/** Default of ADVOWARE_BETEILIGTE_ID_FIELD: a free-text field a tenant plausibly has (a guess, see docs/SYNC_RULES.md). */
export const DEFAULT_BETEILIGTE_ID_FIELD = 'bemerkung';

export interface BeteiligteActivityDeps {
  espocrm: EspoCrmClient;
  advoware: AdvowareClient;
  entity: string;
  /** Advoware Beteiligte field that carries `[ESPOCRM-ID:<id>]` (ADVOWARE_BETEILIGTE_ID_FIELD). */
  idField?: string;
  now?: () => number;
  /** Address sync (activities/adressen.ts), run last in the pass; absent = parties only. */
  adressen?: ReturnType<typeof createAdressenStep>;
}

export interface PassResult {
  outcome: SyncOutcomeValue;
  betNr: number | null;
  writes: { advoware: number; espocrm: number };
  conflicts: number;
  /** `derived_legacy` when the pass used a base derived from the old system's traces. */
  baseSource?: BaseSource;
  /** Shadow mode: what a live pass would have ended with, and the writes it would have made. */
  plannedOutcome?: SyncOutcomeValue;
  shadow?: ShadowSummary;
}

/**
 * What `recordEspoDelete` returns: the outcome (live), or in shadow mode the outcome `shadow`
 * with the Task it would have created, so `report shadow` lists it like any planned write.
 */
export type EspoDeleteResult = SyncOutcomeValue | { outcome: SyncOutcomeValue; plannedOutcome: SyncOutcomeValue; shadow: ShadowSummary };

/**
 * One sync pass per call: read both sides, let domain/ decide, apply. Each attempt re-reads the
 * current state, so a retry after a partial failure converges instead of repeating writes.
 */
export const createBeteiligteActivities = (deps: BeteiligteActivityDeps) => {
  const now = deps.now ?? Date.now;
  const { espocrm, advoware, entity } = deps;
  const idField = deps.idField ?? DEFAULT_BETEILIGTE_ID_FIELD;

  async function readEspo(espoId: string): Promise<EspoBeteiligte | null> {
    try {
      return await espocrm.get(entity, espoId, cBeteiligteSchema);
    } catch (err) {
      if (err instanceof EspoCrmNotFoundError) return null;
      throw err;
    }
  }

  async function notify(espoId: string, title: string, message: string): Promise<void> {
    await espocrm.createTask({ name: title, description: message, parentType: entity, parentId: espoId, status: 'Not Started', priority: 'Normal' });
  }

  /**
   * Links an unlinked record: the party an earlier attempt created (found by our EspoCRM-id marker,
   * never by name) or a new one carrying the marker. Same-name parties only yield a Task.
   */
  async function linkToAdvoware(espo: EspoBeteiligte): Promise<{ betNr: number; created: boolean; duplicates: AdvowareBeteiligter[] }> {
    const candidates = await advoware.searchBeteiligte(advowareSearchQuery(espo));
    const { own, probableDuplicates } = classifyLinkCandidates(espo, candidates, idField);
    if (own) return { betNr: own.betNr, created: false, duplicates: probableDuplicates };
    const body = { ...advowareCreateBody(espo), [idField]: withPartyIdMarker(null, espo.id) };
    const created = await advoware.createBeteiligte(body);
    return { betNr: created.betNr, created: true, duplicates: probableDuplicates };
  }

  async function writeEspo(espo: EspoBeteiligte, fields: Record<string, unknown>): Promise<void> {
    try {
      await espocrm.update(entity, espo.id, fields, { versionNumber: espo.versionNumber ?? undefined });
    } catch (err) {
      // Someone edited the record while we synced: retry the pass on fresh data.
      if (err instanceof EspoCrmConflictError) throw ApplicationFailure.retryable('EspoCRM record changed during the pass', 'ConcurrentEdit');
      throw err;
    }
  }

  /** The pass's view of both systems for one linked party (domain/beteiligte/pass-apply.ts). */
  const passPort = (espo: EspoBeteiligte, betNr: number): BeteiligtePassPort => ({
    updateParty: (body) => advoware.updateBeteiligte(betNr, body),
    createKommunikation: (body) => advoware.createKommunikation(betNr, body),
    updateKommunikation: (id, body) => advoware.updateKommunikation(betNr, id, body),
    readParty: () => advoware.getBeteiligte(betNr),
    writeEspo: (fields) => writeEspo(espo, fields),
    notify: (notice) => notify(espo.id, notice.title, notice.message),
  });

  return {
    async syncPass(espoId: string): Promise<PassResult> {
      const writes = { advoware: 0, espocrm: 0 };
      let espo = await readEspo(espoId);
      if (!espo) return { outcome: 'not_found', betNr: null, writes, conflicts: 0 };

      if (!espo.betnr) {
        const link = await linkToAdvoware(espo);
        if (link.created) writes.advoware += 1;
        await writeEspo(espo, { betnr: link.betNr });
        writes.espocrm += 1;
        if (link.duplicates.length > 0) {
          const notice = duplicateNotice(espo, link.betNr, link.duplicates);
          await notify(espoId, notice.title, notice.message);
          writes.espocrm += 1;
        }
        espo = (await readEspo(espoId)) ?? espo;
      }
      const betNr = espo.betnr as number;

      let advo: AdvowareBeteiligter;
      try {
        advo = await advoware.getBeteiligte(betNr);
      } catch (err) {
        if (!(err instanceof AdvowareNotFoundError)) throw err;
        if (espo.syncStatus !== 'deleted_in_advoware') {
          const gone = deletedInAdvoware(betNr);
          await writeEspo(espo, gone.fields);
          await notify(espoId, gone.notice.title, gone.notice.message);
          writes.espocrm += 2;
        }
        return { outcome: 'deleted_in_advoware', betNr, writes, conflicts: 0 };
      }

      // Plan, write Advoware, finish, write EspoCRM once: the same function the property tests run.
      const { plan, finish, writes: passWrites } = await applyBeteiligtePass(passPort(espo, betNr), { espo, advo, betNr, now, writes });
      Object.assign(writes, passWrites);
      // Addresses last: they ride on the GET already made (embedded `adressen`; the writes above
      // do not touch them), same lock.
      const adressen = deps.adressen
        ? await deps.adressen({ partyId: espoId, storedBase: (espo as { adressenSyncBase?: unknown }).adressenSyncBase, betNr, advoware: (advo as { adressen?: unknown }).adressen })
        : null;
      if (adressen) {
        writes.advoware += adressen.writes.advoware;
        writes.espocrm += adressen.writes.espocrm;
      }
      const outcome = passResultOutcome(writes, finish.outcome);
      return { outcome, betNr, writes, conflicts: plan.master.conflicts.length + (adressen?.conflicts ?? 0), baseSource: plan.baseSource };
    },

    /** Writes the backoff state so the CRM shows the truth; returns how long the workflow should wait. */
    async recordFailure(
      espoId: string,
      message: string,
      /** A forced resync restarts the schedule instead of continuing the stored count. */
      restartSchedule = false,
    ): Promise<{ status: 'failed' | 'permanently_failed'; retryCount: number; delayMs: number; nextRetryAt: string | null }> {
      const espo = await readEspo(espoId);
      const retryCount = restartSchedule ? 0 : (espo?.syncRetryCount ?? 0);
      const fields = failureFields({ retryCount, now: now(), error: message });
      if (espo) await espocrm.update(entity, espoId, fields);
      const nextRetryAt = fields.syncStatus === 'failed' ? fields.syncNextRetry ?? null : null;
      const delayMs = nextRetryAt ? Math.max(0, Date.parse(nextRetryAt.replace(' ', 'T') + 'Z') - now()) : 0;
      return { status: fields.syncStatus, retryCount: fields.syncRetryCount, delayMs, nextRetryAt };
    },

    /** EspoCRM deleted the record: never delete in Advoware (legal data); leave a task for a human. */
    async recordEspoDelete(espoId: string, knownBetNr: number | null = null): Promise<EspoDeleteResult> {
      // A delete webhook for a record that is still there (e.g. restored meanwhile) records nothing.
      if (await readEspo(espoId)) return 'no_change';
      const notice = deletedInEspoNotice(espoId, knownBetNr, toEspoTimestamp(now()));
      await espocrm.createTask({
        name: notice.title,
        description: notice.message,
        status: 'Not Started',
        priority: 'Normal',
      });
      return 'deleted_in_espocrm';
    },
  };
};
