import type { AdvowareClient } from '../clients/advoware';
import { cAdresseSchema, EspoCrmNotFoundError, espoRecordSchema, type EspoCrmClient } from '../clients/espocrm';
import {
  parseAdressenBase,
  planAdressen,
  serialiseAdressenBase,
  type AdressenBase,
  type AdressenPlan,
  type AdresseTask,
  type AdvowareAdresse,
  type EspoAdresse,
} from '../domain/adressen';
import { toEspoTimestamp } from '../domain/beteiligte/backoff';

/** The writes an address plan needs; the activity binds them to the clients, the property test to in-memory systems. */
export interface AdressenPorts {
  createAdvoware(body: Record<string, unknown>): Promise<{ id: number }>;
  updateAdvoware(advoId: number, body: Record<string, unknown>): Promise<unknown>;
  createEspo(data: Record<string, unknown>): Promise<{ id: string }>;
  updateEspo(espoId: string, patch: Record<string, unknown>): Promise<unknown>;
  createTask(task: AdresseTask): Promise<unknown>;
}

export interface AdressenApplied {
  base: AdressenBase;
  writes: { advoware: number; espocrm: number };
  tasks: number;
}

/**
 * Applies a plan: Advoware first (creates carry the EspoCRM id in `bemerkung`, so a retry after
 * a lost answer matches instead of posting twice), then EspoCRM, then Tasks. Returns the base
 * to store; the caller stores it last, so a failure before that repeats the pass, not loses it.
 */
export async function applyAdressenPlan(ports: AdressenPorts, plan: AdressenPlan, now: string): Promise<AdressenApplied> {
  const writes = { advoware: 0, espocrm: 0 };
  const base: AdressenBase = { v: 1, links: { ...plan.nextBase.links } };
  for (const create of plan.advowareCreates) {
    const created = await ports.createAdvoware(create.body);
    writes.advoware += 1;
    await ports.updateEspo(create.espoId, { advowareAdresseId: created.id, syncStatus: 'clean', syncErrorMessage: null, advowareLastSync: now });
    writes.espocrm += 1;
    base.links[create.espoId] = { advoId: created.id, values: create.values };
  }
  for (const update of plan.advowareUpdates) {
    await ports.updateAdvoware(update.advoId, update.body);
    writes.advoware += 1;
  }
  for (const update of plan.espoUpdates) {
    await ports.updateEspo(update.espoId, update.patch);
    writes.espocrm += 1;
  }
  for (const create of plan.espoCreates) {
    const created = await ports.createEspo(create.data);
    writes.espocrm += 1;
    base.links[created.id] = { advoId: create.advoId, values: create.values };
  }
  for (const task of plan.tasks) {
    await ports.createTask(task);
    writes.espocrm += 1;
  }
  return { base, writes, tasks: plan.tasks.length };
}

export interface AdressenStepDeps {
  espocrm: EspoCrmClient;
  advoware: AdvowareClient;
  /** `CAdressen` unless configured otherwise. */
  entity: string;
  /** The party entity and the address's link attribute to it. */
  parentEntity: string;
  linkField: string;
  now?: () => number;
}

export interface AdressenStepResult {
  writes: { advoware: number; espocrm: number };
  conflicts: number;
  tasks: number;
  /** false when EspoCRM has no address entity (404): the party sync goes on without addresses. */
  enabled: boolean;
}

/**
 * The address part of a Beteiligte pass (after master data and Kommunikation, same workflow,
 * same lock). Advoware's addresses come embedded in the Beteiligte GET the pass already made;
 * EspoCRM's are one list call. Three-way against `adressenSyncBase` on the party.
 */
export function createAdressenStep(deps: AdressenStepDeps) {
  const now = deps.now ?? Date.now;
  const { espocrm, advoware } = deps;

  async function listEspo(partyId: string): Promise<EspoAdresse[] | null> {
    const out: EspoAdresse[] = [];
    try {
      for await (const record of espocrm.listAll(deps.entity, { where: [{ type: 'equals', attribute: deps.linkField, value: partyId }], orderBy: 'id' }, cAdresseSchema)) out.push(record);
    } catch (err) {
      if (err instanceof EspoCrmNotFoundError) return null;
      throw err;
    }
    return out;
  }

  return async function syncAdressen(input: { partyId: string; storedBase: unknown; betNr: number; advoware: unknown }): Promise<AdressenStepResult> {
    const off: AdressenStepResult = { writes: { advoware: 0, espocrm: 0 }, conflicts: 0, tasks: 0, enabled: false };
    // A GET without an `adressen` array says nothing about addresses; reading it as "none" would raise false Tasks.
    if (!Array.isArray(input.advoware)) return off;
    const advowareAdressen = input.advoware as AdvowareAdresse[];
    const espo = await listEspo(input.partyId);
    if (espo === null) return off;
    const stamp = toEspoTimestamp(now());
    const plan = planAdressen({ espo, advoware: advowareAdressen, base: parseAdressenBase(input.storedBase), betNr: input.betNr, now: stamp });
    const ports: AdressenPorts = {
      createAdvoware: (body) => advoware.createAdresse(input.betNr, body),
      updateAdvoware: (advoId, body) => advoware.updateAdresse(input.betNr, advoId, body),
      createEspo: (data) => espocrm.create(deps.entity, { ...data, [deps.linkField]: input.partyId }, { skipDuplicateCheck: true, schema: espoRecordSchema }),
      updateEspo: (espoId, patch) => espocrm.update(deps.entity, espoId, patch),
      createTask: (task) =>
        espocrm.createTask({
          name: task.title,
          description: `${task.message}\n\n[${task.type}]`,
          status: 'Not Started',
          priority: 'Normal',
          ...(task.espoId ? { parentType: deps.entity, parentId: task.espoId } : { parentType: deps.parentEntity, parentId: input.partyId }),
        }),
    };
    const applied = await applyAdressenPlan(ports, plan, stamp);
    const serialised = serialiseAdressenBase(applied.base);
    if (serialised !== serialiseAdressenBase(parseAdressenBase(input.storedBase))) {
      // Only the sync writes this field, so no version check is needed (and the party was just written).
      await espocrm.update(deps.parentEntity, input.partyId, { adressenSyncBase: serialised });
      applied.writes.espocrm += 1;
    }
    return { writes: applied.writes, conflicts: plan.conflicts, tasks: applied.tasks, enabled: true };
  };
}
