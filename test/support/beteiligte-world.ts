import { toEspoTimestamp } from '../../domain/beteiligte/backoff';
import { applyBeteiligtePass, type AppliedPass, type BeteiligtePassPort } from '../../domain/beteiligte/pass-apply';
import type { BeteiligtePassPlan } from '../../domain/beteiligte/pass';
import type { SyncFields } from '../../domain/beteiligte/sync-fields';
import type { AdvowareBeteiligter, AdvowareKommunikation, EspoBeteiligte } from '../../domain/beteiligte/types';

/**
 * In-memory model of both systems for the Beteiligte property tests (pure, no Temporal): it backs
 * the pass port, so a test runs the very sequence the activity runs (applyBeteiligtePass). It
 * behaves like the real APIs: Advoware assigns ids and new rowIds on every write, ignores kommKz
 * on PUT and sometimes reports kommKz 0 on read; EspoCRM replaces the e-mail/phone lists it is given.
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

/** Thrown by the port of a pass that dies before its EspoCRM write. */
class CrashBeforeEspo extends Error {}

/** The pass port over the model; `crashBeforeEspo` makes the EspoCRM write fail (the Advoware writes stay). */
function worldPort(world: World, crashBeforeEspo = false): BeteiligtePassPort {
  const kommunikation = (): AdvowareKommunikation[] => (world.advo.kommunikation ??= []);
  return {
    updateParty: async (body) => {
      for (const forbidden of ['kommunikation', 'adressen', 'rowId', 'geaendertAm']) {
        if (forbidden in body) throw new Error(`PUT body contains ${forbidden}`);
      }
      world.advo = { ...(body as AdvowareBeteiligter), betNr: world.advo.betNr, rowId: world.advo.rowId, kommunikation: kommunikation() };
      touchAdvoware(world);
      return readAdvoware(world);
    },
    // Like Advoware, a Kommunikation write answers with the entry (the pass verifies against it).
    createKommunikation: async (create) => {
      const entry = { id: world.nextKommId++, betNr: world.advo.betNr, rowId: newRowId(world), kommArt: create.kommKz, ...create };
      kommunikation().push(entry);
      touchAdvoware(world);
      return clone(entry);
    },
    updateKommunikation: async (id, update) => {
      const entry = kommunikation().find((e) => e.id === id);
      if (!entry) throw new Error(`PUT for unknown Kommunikation ${id}`);
      Object.assign(entry, { tlf: update.tlf, bemerkung: update.bemerkung, online: update.online, rowId: newRowId(world) });
      touchAdvoware(world);
      return clone(entry);
    },
    readParty: async () => readAdvoware(world),
    writeEspo: async (fields) => {
      if (crashBeforeEspo) throw new CrashBeforeEspo('pass died before its EspoCRM write');
      world.espo = { ...world.espo, ...clone(fields) };
      touchEspo(world);
    },
    notify: async () => {
      if (crashBeforeEspo) throw new CrashBeforeEspo('pass died before its EspoCRM write');
    },
  };
}

function apply(world: World, crashBeforeEspo: boolean): Promise<AppliedPass> {
  return applyBeteiligtePass(worldPort(world, crashBeforeEspo), {
    espo: clone(world.espo),
    advo: readAdvoware(world),
    betNr: world.advo.betNr,
    now: () => world.clock,
  });
}

/** A pass that dies after its Advoware writes (EspoCRM data and sync fields are never written). */
export async function runPassCrashingBeforeEspo(world: World): Promise<void> {
  await apply(world, true).catch((err: unknown) => {
    if (!(err instanceof CrashBeforeEspo)) throw err;
  });
}

/** One pass exactly as the activity runs it (applyBeteiligtePass over the model). */
export async function runPass(world: World): Promise<PassRun> {
  const { plan, finish, writes } = await apply(world, false);
  return { plan, syncFields: finish.syncFields, espoWrites: writes.espocrm, advowareWrites: writes.advoware };
}
