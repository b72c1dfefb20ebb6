import type { Client } from '@temporalio/client';
import type { AdvowareClient } from '../clients/advoware';
import type { z } from 'zod';
import { cBankverbindungSchema, EspoCrmNotFoundError, espoPartyLinkSchema, espoRecordSchema, type EspoCrmClient } from '../clients/espocrm';
import { bankDeleteTask, checkIban, normaliseIban, planBankPass, type KnownBankverbindung } from '../domain/bankverbindungen';
import { errorMessageOf, toEspoTimestamp } from '../domain/beteiligte/backoff';
import type { BankDeleteResult, BankOutcome, BankverbindungStatus } from '../workflows/bankverbindung-messages';
import type { ShadowSummary } from '../domain/shadow';
import { bankverbindungWorkflowId } from '../workflows/bankverbindung-messages';
import { requestBeteiligteSync } from '../clients/temporal/start-beteiligte';

export interface BankverbindungActivityDeps {
  espocrm: EspoCrmClient;
  advoware: AdvowareClient;
  /** `CBankverbindungen` unless configured otherwise. */
  entity: string;
  /** The party entity (`CBeteiligte`) and the bank account's link attribute to it. */
  parentEntity: string;
  linkField: string;
  /** To wake the party's workflow when it is not linked yet, and to find a deleted account's last link. */
  temporal?: Client;
  taskQueue?: string;
  debounceMs?: number;
  now?: () => number;
}

export interface BankPassResult {
  outcome: BankOutcome;
  message: string | null;
  known: KnownBankverbindung | null;
  writes: { advoware: number; espocrm: number };
  /** Shadow mode: what a live pass would have ended with, and the writes it would have made. */
  plannedOutcome?: BankOutcome;
  shadow?: ShadowSummary;
}

/**
 * One pass for one bank account: read it, its party's betNr and the party's Advoware accounts,
 * let domain/bankverbindungen decide, apply. Re-reads everything on retry, so a retry after a
 * POST whose id could not be written back links the account instead of posting it twice.
 */
export const createBankverbindungActivities = (deps: BankverbindungActivityDeps) => {
  const now = deps.now ?? Date.now;
  const { espocrm, advoware, entity } = deps;

  async function readOrNull<T>(type: string, id: string, schema: z.ZodType<T>): Promise<T | null> {
    try {
      return await espocrm.get(type, id, schema);
    } catch (err) {
      if (err instanceof EspoCrmNotFoundError) return null;
      throw err;
    }
  }

  const task = (espoId: string, t: { title: string; message: string }) =>
    espocrm.createTask({ name: t.title, description: t.message, parentType: entity, parentId: espoId, status: 'Not Started', priority: 'Normal' });

  /** The `known` of the newest completed run: a delete webhook arrives long after the create run ended. */
  async function knownFromHistory(espoId: string): Promise<KnownBankverbindung | null> {
    if (!deps.temporal) return null;
    try {
      const workflowId = bankverbindungWorkflowId(espoId);
      let newest: { runId: string; closeTime: number } | null = null;
      for await (const run of deps.temporal.workflow.list({ query: `WorkflowId = '${workflowId}' AND ExecutionStatus = 'Completed'` })) {
        const closeTime = run.closeTime?.getTime() ?? 0;
        if (!newest || closeTime > newest.closeTime) newest = { runId: run.runId, closeTime };
      }
      if (!newest) return null;
      const result = (await deps.temporal.workflow.getHandle(workflowId, newest.runId).result()) as BankverbindungStatus;
      return result.known ?? null;
    } catch {
      // Visibility is a convenience here: without it the Task says the link was unknown.
      return null;
    }
  }

  return {
    async bankPass(espoId: string): Promise<BankPassResult> {
      const writes = { advoware: 0, espocrm: 0 };
      const bank = await readOrNull(entity, espoId, cBankverbindungSchema);
      if (!bank) return { outcome: 'not_found', message: null, known: null, writes };
      if (!checkIban(bank.iban).ok) {
        // Nothing to ask Advoware before the IBAN is valid: the plan only records the reason.
        const plan = planBankPass({ espo: bank, betNr: 0, advoware: [], now: now() });
        if (plan.kind === 'invalid') {
          if (plan.espoPatch) {
            await espocrm.update(entity, espoId, plan.espoPatch);
            writes.espocrm += 1;
          }
          return { outcome: 'failed', message: plan.reason, known: null, writes };
        }
      }
      const parentId = bank[deps.linkField];
      if (typeof parentId !== 'string' || parentId === '') {
        const message = 'Die Bankverbindung ist mit keinem Beteiligten verknüpft.';
        if (bank.syncStatus !== 'failed' || bank.syncErrorMessage !== message) {
          await espocrm.update(entity, espoId, { syncStatus: 'failed', syncErrorMessage: message });
          writes.espocrm += 1;
        }
        return { outcome: 'failed', message, known: null, writes };
      }
      const party = await readOrNull(deps.parentEntity, parentId, espoPartyLinkSchema);
      const betNr = party?.betnr ?? null;
      if (betNr === null) {
        // The party's own workflow links it; ask it to run now rather than wait for the sweep.
        if (party && deps.temporal && deps.taskQueue) {
          await requestBeteiligteSync({ client: deps.temporal, taskQueue: deps.taskQueue, debounceMs: deps.debounceMs ?? 2000 }, parentId, {
            request: { action: 'sweep', source: 'sweep' },
          });
        }
        return { outcome: 'waiting_for_party', message: `Beteiligter ${parentId} ist noch nicht mit Advoware verknüpft`, known: null, writes };
      }

      const accounts = await advoware.listBankverbindungen(betNr);
      const plan = planBankPass({ espo: bank, betNr, advoware: accounts, now: now() });
      const knownFor = (kontoId: number): KnownBankverbindung => ({ partyEspoId: parentId, betNr, kontoId, iban: bank.iban ? normaliseIban(bank.iban) : null, name: bank.name ?? null });
      const clean = { syncStatus: 'clean', syncErrorMessage: null, advowareLastSync: toEspoTimestamp(now()) };

      switch (plan.kind) {
        case 'invalid':
          if (plan.espoPatch) {
            await espocrm.update(entity, espoId, plan.espoPatch);
            writes.espocrm += 1;
          }
          return { outcome: 'failed', message: plan.reason, known: null, writes };
        case 'create': {
          const created = await advoware.createBankverbindung(betNr, plan.body);
          writes.advoware += 1;
          await espocrm.update(entity, espoId, { advowareKontoId: created.id, ...clean });
          writes.espocrm += 1;
          return { outcome: 'clean', message: null, known: knownFor(created.id), writes };
        }
        case 'link':
          await espocrm.update(entity, espoId, { ...plan.espoPatch, ...clean });
          writes.espocrm += 1;
          return { outcome: 'clean', message: null, known: knownFor(plan.kontoId), writes };
        case 'agree':
          if (plan.espoPatch) {
            await espocrm.update(entity, espoId, plan.espoPatch);
            writes.espocrm += 1;
          }
          return { outcome: plan.espoPatch && !plan.refreshOnly ? 'clean' : 'no_change', message: null, known: knownFor(plan.kontoId), writes };
        case 'differs':
        case 'missing': {
          // Task first: if the status write fails, the retry sees the old status and repeats the Task rather than losing it.
          if (plan.task) {
            await task(espoId, plan.task);
            writes.espocrm += 1;
          }
          if (plan.espoPatch) {
            await espocrm.update(entity, espoId, plan.espoPatch);
            writes.espocrm += 1;
          }
          return { outcome: 'unclean', message: String(plan.espoPatch?.syncErrorMessage ?? bank.syncErrorMessage ?? ''), known: knownFor(plan.kontoId), writes };
        }
      }
    },

    /** Writes `failed` and the reason so EspoCRM shows it; the workflow owns the retry timing. */
    async recordBankFailure(espoId: string, message: string): Promise<'failed'> {
      const bank = await readOrNull(entity, espoId, cBankverbindungSchema);
      if (bank) await espocrm.update(entity, espoId, { syncStatus: 'failed', syncErrorMessage: errorMessageOf(message) });
      return 'failed';
    },

    /** EspoCRM deleted the account: Advoware cannot delete by API, so a human gets an exact Task. */
    async recordBankDelete(espoId: string, known: KnownBankverbindung | null): Promise<BankDeleteResult> {
      if (await readOrNull(entity, espoId, espoRecordSchema)) return 'no_change';
      const link = known ?? (await knownFromHistory(espoId));
      const t = bankDeleteTask(espoId, link);
      const parent = link?.partyEspoId ? { parentType: deps.parentEntity, parentId: link.partyEspoId } : {};
      await espocrm.createTask({ name: t.title, description: t.message, status: 'Not Started', priority: 'Normal', ...parent });
      return 'deleted_in_espocrm';
    },
  };
};
