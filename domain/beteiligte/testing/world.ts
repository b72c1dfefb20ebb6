import { toEspoTimestamp } from '../backoff';
import { kommunikationHash } from '../kommunikation/hash';
import { planBeteiligtePass, type BeteiligtePassPlan } from '../pass';
import { needsEspoWrite, syncFieldsAfterSuccess, type SyncFields } from '../sync-fields';
import type { AdvowareBeteiligter, AdvowareKommunikation, EspoBeteiligte } from '../types';

/**
 * In-memory model of both systems for tests: applying a plan behaves like the real APIs
 * (Advoware assigns ids and new rowIds on every write, ignores kommKz on PUT and sometimes
 * reports kommKz 0 on read; EspoCRM replaces the e-mail/phone lists it is given).
 */
export interface World {
  espo: EspoBeteiligte;
  advo: AdvowareBeteiligter;
  clock: number;
  nextKommId: number;
  rowCounter: number;
}

export interface PassRun {
  plan: BeteiligtePassPlan;
  syncFields: SyncFields;
  espoWrites: number;
  advowareWrites: number;
}

const clone = <T>(value: T): T => structuredClone(value);

export function newRowId(world: World): string {
  world.rowCounter += 1;
  return `ROW${String(world.rowCounter).padStart(37, '0')}`;
}

export function touchAdvoware(world: World): void {
  world.advo.rowId = newRowId(world);
  world.advo.geaendertAm = new Date(world.clock).toISOString().slice(0, 19);
}

export function touchEspo(world: World): void {
  world.espo.modifiedAt = toEspoTimestamp(world.clock);
  world.espo.versionNumber = (world.espo.versionNumber ?? 0) + 1;
}

/** Advoware's GET, including its kommKz-0 quirk (deterministic per entry id). */
export function readAdvoware(world: World): AdvowareBeteiligter {
  const copy = clone(world.advo);
  copy.kommunikation = (copy.kommunikation ?? []).map((entry) => (entry.id % 4 === 0 ? { ...entry, kommKz: 0 } : entry));
  return copy;
}

export function applyPlan(world: World, plan: BeteiligtePassPlan): { advowareWrites: number; espoWrites: number } {
  const advowareWrites = applyAdvowareWrites(world, plan);
  let espoWrites = 0;
  if (needsEspoWrite(world.espo, plan.espoDataPatch)) {
    world.espo = { ...world.espo, ...clone(plan.espoDataPatch) };
    touchEspo(world);
    espoWrites++;
  }
  return { advowareWrites, espoWrites };
}

/** The Advoware half of a plan, as applied before a crash that loses the EspoCRM write. */
export function applyAdvowareWrites(world: World, plan: BeteiligtePassPlan): number {
  let advowareWrites = 0;
  const kommunikation: AdvowareKommunikation[] = world.advo.kommunikation ?? [];
  if (plan.advowareUpdate) {
    for (const forbidden of ['kommunikation', 'adressen', 'rowId', 'geaendertAm']) {
      if (forbidden in plan.advowareUpdate) throw new Error(`PUT body contains ${forbidden}`);
    }
    world.advo = { ...(plan.advowareUpdate as AdvowareBeteiligter), betNr: world.advo.betNr, rowId: world.advo.rowId, kommunikation };
    touchAdvoware(world);
    advowareWrites++;
  }
  for (const create of plan.kommunikation.advowareCreates) {
    kommunikation.push({ id: world.nextKommId++, betNr: world.advo.betNr, rowId: newRowId(world), kommArt: create.kommKz, ...create });
    touchAdvoware(world);
    advowareWrites++;
  }
  for (const update of plan.kommunikation.advowareUpdates) {
    const entry = kommunikation.find((e) => e.id === update.id);
    if (!entry) throw new Error(`PUT for unknown Kommunikation ${update.id}`);
    Object.assign(entry, { tlf: update.tlf, bemerkung: update.bemerkung, online: update.online, rowId: newRowId(world) });
    touchAdvoware(world);
    advowareWrites++;
  }
  world.advo.kommunikation = kommunikation;
  return advowareWrites;
}

/** A pass that dies after its Advoware writes (EspoCRM data and sync fields are never written). */
export function runPassCrashingBeforeEspo(world: World): void {
  applyAdvowareWrites(world, planBeteiligtePass({ espo: clone(world.espo), advo: readAdvoware(world) }));
}

/** One pass as the activity runs it: plan, apply, then write the sync fields if they differ. */
export function runPass(world: World): PassRun {
  const plan = planBeteiligtePass({ espo: clone(world.espo), advo: readAdvoware(world) });
  const writes = applyPlan(world, plan);
  const after = readAdvoware(world);
  const syncFields = syncFieldsAfterSuccess({
    espo: world.espo,
    outcome: plan.outcome,
    advowareRowId: after.rowId,
    kommunikationHash: kommunikationHash(after.kommunikation ?? []),
    nextBase: plan.nextBase,
    now: world.clock,
  });
  if (needsEspoWrite(world.espo, syncFields)) {
    world.espo = { ...world.espo, ...syncFields };
    touchEspo(world);
    writes.espoWrites++;
  }
  return { plan, syncFields, ...writes };
}
