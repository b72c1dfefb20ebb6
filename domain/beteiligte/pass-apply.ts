import { kommunikationHash } from './kommunikation/hash';
import type { AdvowareKommCreate, AdvowareKommUpdate } from './kommunikation/plan';
import { rejectedKommunikation, type KommWrite, type RejectedKomm } from './kommunikation/verify';
import { advowareFieldsToWrite, type MasterField } from './mapping';
import { planBeteiligtePass, type BeteiligtePassPlan, type SyncNotification } from './pass';
import { needsEspoWrite, syncFieldsAfterSuccess, type PassOutcome, type SyncFields } from './sync-fields';
import { advowareWireName, baseWithRejected, rejectedFields, rejectedNotice, type RejectedField } from './verify-write';
import type { AdvowareBeteiligter, AdvowareKommunikation, EspoBeteiligte } from './types';

/**
 * The two systems as one pass over one linked party sees them. The activity backs it with the
 * HTTP clients (activities/beteiligte.ts), the property tests with an in-memory model
 * (test/support/beteiligte-world.ts): both run the same sequence, `applyBeteiligtePass`.
 */
export interface BeteiligtePassPort {
  /** Advoware PUT of the whole party; resolves to Advoware's answer. */
  updateParty(body: Record<string, unknown>): Promise<AdvowareBeteiligter>;
  createKommunikation(body: AdvowareKommCreate): Promise<unknown>;
  updateKommunikation(id: number, body: Omit<AdvowareKommUpdate, 'id'>): Promise<unknown>;
  /** Advoware GET of the party. */
  readParty(): Promise<AdvowareBeteiligter>;
  /** One EspoCRM PUT of the record the pass read (guarded by its versionNumber). */
  writeEspo(fields: Record<string, unknown>): Promise<void>;
  /** A Task for people, attached to the record. */
  notify(notice: SyncNotification): Promise<void>;
}

export interface PassWrites {
  advoware: number;
  espocrm: number;
}

export interface PassFinish {
  /** The one EspoCRM write of the pass (data patch and sync fields), or null: nothing differs. */
  espoWrite: Record<string, unknown> | null;
  syncFields: SyncFields;
  notices: SyncNotification[];
  /** The plan's outcome, `conflict` when Advoware refused a field. */
  outcome: PassOutcome;
  rejected: RejectedField[];
  /** Kommunikation fields Advoware did not keep (reported and remembered like `rejected`). */
  kommRejected: RejectedKomm[];
}

/**
 * Pure end of a pass, once Advoware is written: which fields Advoware refused (verify after
 * write: reported as conflict + Task and remembered in the base, so the next pass neither
 * reverts EspoCRM nor re-sends them), the sync fields, whether EspoCRM needs a write at all
 * (no write = no webhook ping-pong) and the Tasks to leave.
 */
export function finishBeteiligtePass(input: {
  espo: EspoBeteiligte;
  plan: BeteiligtePassPlan;
  betNr: number;
  /** Master fields the Advoware PUT carried (empty without a PUT). */
  sent: readonly MasterField[];
  /** Advoware after the writes (rowId and Kommunikation to remember). */
  after: AdvowareBeteiligter;
  /** Advoware as it answered or was re-read, holding every sent field. */
  verifyFrom: AdvowareBeteiligter;
  /** The Kommunikation writes with their answers; checked against the answers and `after` (re-read when any was written). */
  kommWrites?: readonly KommWrite[];
  /** The party as read before the writes (kommKz of updated entries). */
  advo?: AdvowareBeteiligter;
  now: number;
}): PassFinish {
  const { espo, plan, betNr, after } = input;
  const kommWrites = input.kommWrites ?? [];
  const rejected = rejectedFields(plan.master.merged, input.sent, input.verifyFrom);
  const kommRejected = kommWrites.length > 0 ? rejectedKommunikation(kommWrites, input.advo ?? after, after.kommunikation ?? []) : [];
  const refused = rejected.length + kommRejected.length > 0;
  const outcome: PassOutcome = refused ? 'conflict' : plan.outcome;
  const syncFields = syncFieldsAfterSuccess({
    espo,
    outcome,
    advowareRowId: after.rowId,
    kommunikationHash: kommunikationHash(after.kommunikation ?? []),
    nextBase: baseWithRejected(plan.nextBase, rejected, kommRejected, writtenEntryIds(kommWrites)),
    now: input.now,
  });
  const fields = { ...plan.espoDataPatch, ...syncFields };
  const notices = refused ? [...plan.notifications, rejectedNotice(betNr, rejected, kommRejected)] : plan.notifications;
  return { espoWrite: needsEspoWrite(espo, fields) ? fields : null, syncFields, notices, outcome, rejected, kommRejected };
}

/** Ids of the entries this pass wrote: their earlier refusals are replaced by this pass's check. */
function writtenEntryIds(writes: readonly KommWrite[]): number[] {
  return writes.flatMap((w) => (w.kind === 'update' ? [w.sent.id] : w.answer ? [w.answer.id] : []));
}

/** A write's answer when it is a Kommunikation record (the port promises nothing more). */
function kommAnswer(answer: unknown): AdvowareKommunikation | null {
  const a = answer as Partial<AdvowareKommunikation> | null | undefined;
  return a && typeof a === 'object' && typeof a.id === 'number' && typeof a.kommKz === 'number' && (typeof a.tlf === 'string' || a.tlf === null) ? (a as AdvowareKommunikation) : null;
}

/** What a pass over a linked party reports: `no_change` when nothing at all was written. */
export function passResultOutcome(writes: PassWrites, outcome: PassOutcome): PassOutcome {
  return writes.advoware + writes.espocrm === 0 ? 'no_change' : outcome === 'conflict' ? 'conflict' : 'clean';
}

export interface AppliedPass {
  plan: BeteiligtePassPlan;
  finish: PassFinish;
  writes: PassWrites;
}

/**
 * One pass over a linked party: plan, write Advoware (party, then Kommunikation), read back only
 * when needed, finish (pure), then one EspoCRM write and the Tasks. Each attempt starts from what
 * it reads, so a retry after a partial failure converges instead of repeating writes.
 */
export async function applyBeteiligtePass(
  port: BeteiligtePassPort,
  input: {
    espo: EspoBeteiligte;
    advo: AdvowareBeteiligter;
    betNr: number;
    now: () => number;
    /** Writes this pass made before (linking the record): the count goes on from there. */
    writes?: PassWrites;
  },
): Promise<AppliedPass> {
  const { espo, advo, betNr } = input;
  const writes = { ...(input.writes ?? { advoware: 0, espocrm: 0 }) };
  const plan = planBeteiligtePass({ espo, advo });
  let written: AdvowareBeteiligter | undefined;
  if (plan.advowareUpdate) {
    written = await port.updateParty(plan.advowareUpdate);
    writes.advoware += 1;
  }
  // Each Kommunikation answer is kept for the check after the writes (verify-after-write).
  const kommWrites: KommWrite[] = [];
  for (const create of plan.kommunikation.advowareCreates) {
    kommWrites.push({ kind: 'create', sent: create, answer: kommAnswer(await port.createKommunikation(create)) });
    writes.advoware += 1;
  }
  for (const update of plan.kommunikation.advowareUpdates) {
    const { id, ...body } = update;
    kommWrites.push({ kind: 'update', sent: update, answer: kommAnswer(await port.updateKommunikation(id, body)) });
    writes.advoware += 1;
  }
  // Advoware assigns new rowIds on every write. When only the party was written and its PUT
  // answer embeds the Kommunikation list, that answer is current; otherwise re-read once (the
  // re-read also fills in what a Kommunikation answer lacks).
  const after =
    writes.advoware === 0
      ? advo
      : kommWrites.length === 0 && written && Array.isArray(written.kommunikation)
        ? written
        : await port.readParty();
  // Verify from an answer that holds every field sent; re-read when it does not.
  const sent = plan.advowareUpdate ? advowareFieldsToWrite(advo, plan.master.merged) : [];
  const answered = (party: AdvowareBeteiligter) => sent.every((field) => advowareWireName(field) in party);
  const verifyFrom = sent.length === 0 ? after : answered(after) ? after : await port.readParty();
  const finish = finishBeteiligtePass({ espo, plan, betNr, sent, after, verifyFrom, kommWrites, advo, now: input.now() });
  if (finish.espoWrite) {
    await port.writeEspo(finish.espoWrite);
    writes.espocrm += 1;
  }
  for (const notice of finish.notices) {
    await port.notify(notice);
    writes.espocrm += 1;
  }
  return { plan, finish, writes };
}
