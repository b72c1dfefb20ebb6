import { toEspoTimestamp } from '../beteiligte/backoff';
import { parseTimestamp } from '../beteiligte/normalise';
import { LAST_SYNC_REFRESH_MS } from '../beteiligte/sync-fields';
import { checkIban, normaliseIban } from './iban';
import { BANK_FIELDS, type AdvowareBankverbindung, type AdvowareBankverbindungWrite, type BankField, type EspoBankverbindung, type KnownBankverbindung } from './types';

export interface BankTask {
  title: string;
  message: string;
}

export interface BankDifference {
  field: BankField;
  espo: string | null;
  advoware: string | null;
}

/**
 * One pass's decision for one bank account (EspoCRM → Advoware only). Advoware offers POST and
 * GET for Bankverbindungen, no PUT and no DELETE: anything but a create becomes a Task for a
 * human plus `unclean`, and the next pass that sees both sides agree sets `clean`.
 */
export type BankPlan =
  | { kind: 'invalid'; reason: string; espoPatch: Record<string, unknown> | null }
  | { kind: 'create'; body: AdvowareBankverbindungWrite }
  | { kind: 'link'; kontoId: number; espoPatch: Record<string, unknown> }
  /** `refreshOnly`: the patch only moves `advowareLastSync` (a re-check that found agreement). */
  | { kind: 'agree'; kontoId: number; espoPatch: Record<string, unknown> | null; refreshOnly?: boolean }
  | { kind: 'differs'; kontoId: number; differences: BankDifference[]; espoPatch: Record<string, unknown> | null; task: BankTask | null }
  | { kind: 'missing'; kontoId: number; espoPatch: Record<string, unknown> | null; task: BankTask | null };

const LABELS: Record<BankField, string> = { iban: 'IBAN', bic: 'BIC', kontoinhaber: 'Kontoinhaber', bankname: 'Bank' };

/** Compared the way a human reads them: blanks and case of IBAN/BIC do not count, empty = none. */
export function comparableBankValue(field: BankField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === '') return null;
  return field === 'iban' || field === 'bic' ? normaliseIban(text) : text;
}

export function kontoIdOf(espo: EspoBankverbindung): number | null {
  const raw = espo.advowareKontoId;
  if (raw === null || raw === undefined || raw === '') return null;
  const id = Number(raw);
  return Number.isInteger(id) ? id : null;
}

export function advowareBankBody(espo: EspoBankverbindung): AdvowareBankverbindungWrite {
  const value = (field: BankField) => comparableBankValue(field, espo[field]);
  return { iban: value('iban'), bic: value('bic'), kontoinhaber: value('kontoinhaber'), bankname: value('bankname') };
}

export function bankDifferences(espo: EspoBankverbindung, advo: AdvowareBankverbindung): BankDifference[] {
  return BANK_FIELDS.map((field) => ({ field, espo: comparableBankValue(field, espo[field]), advoware: comparableBankValue(field, advo[field]) })).filter(
    (d) => d.espo !== d.advoware,
  );
}

const shown = (value: string | null) => (value === null ? '(leer)' : `„${value}“`);

/** Only the fields that change; null when EspoCRM already shows this state (a no-change pass writes nothing). */
function patchIfChanged(espo: EspoBankverbindung, patch: Record<string, unknown>): Record<string, unknown> | null {
  const changed = Object.entries(patch).filter(([key, value]) => (espo[key] ?? null) !== value);
  return changed.length === 0 ? null : Object.fromEntries(changed);
}

export function planBankPass(input: { espo: EspoBankverbindung; betNr: number; advoware: AdvowareBankverbindung[]; now: number }): BankPlan {
  const { espo, betNr, advoware, now } = input;
  const iban = checkIban(espo.iban ?? null);
  if (!iban.ok) {
    const message = `Bankverbindung nicht an Advoware übertragen: ${iban.reason}.`;
    return { kind: 'invalid', reason: iban.reason, espoPatch: patchIfChanged(espo, { syncStatus: 'failed', syncErrorMessage: message }) };
  }
  const lastSync = toEspoTimestamp(now);
  const kontoId = kontoIdOf(espo);

  if (kontoId === null) {
    // A previous attempt may have created it before it could write the id back: same IBAN = same account.
    const existing = advoware.filter((a) => comparableBankValue('iban', a.iban) === iban.iban);
    if (existing.length === 1) return { kind: 'link', kontoId: existing[0].id, espoPatch: { advowareKontoId: existing[0].id } };
    return { kind: 'create', body: advowareBankBody(espo) };
  }

  const advo = advoware.find((a) => a.id === kontoId);
  if (!advo) {
    const message = `Die verknüpfte Bankverbindung ${kontoId} fehlt in Advoware (Beteiligter ${betNr}).`;
    const espoPatch = patchIfChanged(espo, { syncStatus: 'unclean', syncErrorMessage: message });
    const task = espoPatch
      ? {
          title: `Bankverbindung fehlt in Advoware: ${espo.name ?? iban.iban}`,
          message: `${message} Bitte in Advoware beim Beteiligten ${betNr} anlegen: ${describeAccount(espo)}; danach die Advoware-Konto-Id im EspoCRM-Datensatz ${espo.id} eintragen oder das Feld leeren, damit der Sync sie neu anlegt.`,
        }
      : null;
    return { kind: 'missing', kontoId, espoPatch, task };
  }

  const differences = bankDifferences(espo, advo);
  if (differences.length === 0) {
    const settled = espo.syncStatus === 'clean' && (espo.syncErrorMessage ?? null) === null;
    if (!settled) return { kind: 'agree', kontoId, espoPatch: { syncStatus: 'clean', syncErrorMessage: null, advowareLastSync: lastSync } };
    // As for the parties: agreement writes nothing unless advowareLastSync is older than an hour.
    // Moving it then tells the sweep this clean account was re-checked (it re-checks clean ones
    // only once BETEILIGTE_STALE_AFTER has passed); the webhook echo of that write is ignored.
    const checkedAt = parseTimestamp(espo.advowareLastSync ?? null);
    const fresh = checkedAt !== null && now >= checkedAt && now - checkedAt < LAST_SYNC_REFRESH_MS;
    return fresh ? { kind: 'agree', kontoId, espoPatch: null } : { kind: 'agree', kontoId, espoPatch: { advowareLastSync: lastSync }, refreshOnly: true };
  }
  const lines = differences.map((d) => `${LABELS[d.field]}: in Advoware ${shown(d.advoware)} → ändern auf ${shown(d.espo)}`);
  const message = `Advoware bietet für Bankverbindungen keine Änderung per API. Bitte in Advoware (Beteiligter ${betNr}, Konto ${kontoId}) von Hand ändern:\n${lines.join('\n')}`;
  // The same open differences produce no second Task: the stored message is the dedupe key.
  const espoPatch = patchIfChanged(espo, { syncStatus: 'unclean', syncErrorMessage: message });
  const task = espoPatch ? { title: `Bankverbindung in Advoware ändern: ${espo.name ?? iban.iban}`, message } : null;
  return { kind: 'differs', kontoId, differences, espoPatch, task };
}

function describeAccount(espo: EspoBankverbindung): string {
  return BANK_FIELDS.map((f) => `${LABELS[f]} ${shown(comparableBankValue(f, espo[f]))}`).join(', ');
}

/** The Task for a deleted EspoCRM account: Advoware cannot delete by API. */
export function bankDeleteTask(espoId: string, known: KnownBankverbindung | null): BankTask {
  if (!known) {
    return {
      title: 'Bankverbindung in EspoCRM gelöscht',
      message: `Die Bankverbindung ${espoId} wurde in EspoCRM gelöscht. Sie war dem Sync nicht als mit Advoware verknüpft bekannt; bitte in Advoware prüfen, ob sie dort gelöscht werden muss.`,
    };
  }
  return {
    title: `Bankverbindung in Advoware löschen: ${known.name ?? known.iban ?? known.kontoId}`,
    message: `Die Bankverbindung ${known.name ? `„${known.name}“ ` : ''}(EspoCRM ${espoId}) wurde in EspoCRM gelöscht. Advoware bietet kein Löschen per API: bitte beim Beteiligten ${known.betNr} das Konto ${known.kontoId}${known.iban ? ` (IBAN ${known.iban})` : ''} von Hand löschen.`,
  };
}

