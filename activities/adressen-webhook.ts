import type { Client } from '@temporalio/client';
import { EspoCrmNotFoundError, espoRecordSchema, type EspoCrmClient } from '../clients/espocrm';
import { requestBeteiligteSync } from '../clients/temporal/start-beteiligte';
import type { AdresseRouteOutcome } from '../workflows/adresse-messages';

export interface AdresseRoutingDeps {
  espocrm: EspoCrmClient;
  temporal: Client;
  taskQueue: string;
  debounceMs: number;
  /** `CAdressen` unless configured otherwise. */
  entity: string;
  /** The party entity (`CBeteiligte`) and the address's link attribute to it. */
  parentEntity: string;
  linkField: string;
}

/**
 * Routes a `CAdressen` webhook to the party that owns the address: addresses are synced inside
 * the party's pass (one lock per party), so an address change is a request for that pass.
 */
export const createAdresseRoutingActivities = (deps: AdresseRoutingDeps) => ({
  /**
   * The party from the address record (1 EspoCRM read). A deleted address has no record: then
   * the party whose `adressenSyncBase` names the address id (1 EspoCRM list), so its pass raises
   * the delete Task. An address linked to no party (yet) routes nowhere.
   */
  async routeAdresseToParty(espoId: string): Promise<{ outcome: AdresseRouteOutcome; parties: string[] }> {
    let parties: string[];
    try {
      const address = await deps.espocrm.get(deps.entity, espoId, espoRecordSchema);
      const party = address[deps.linkField];
      parties = typeof party === 'string' && party !== '' ? [party] : [];
    } catch (err) {
      if (!(err instanceof EspoCrmNotFoundError)) throw err;
      // The base is JSON keyed by EspoCRM address id (domain/adressen/base.ts): `"<id>":` names it.
      const page = await deps.espocrm.list(
        deps.parentEntity,
        { where: [{ type: 'contains', attribute: 'adressenSyncBase', value: `"${espoId}":` }], select: ['id'], maxSize: 10 },
        espoRecordSchema,
      );
      parties = page.list.map((p) => p.id);
    }
    for (const party of parties) {
      await requestBeteiligteSync({ client: deps.temporal, taskQueue: deps.taskQueue, debounceMs: deps.debounceMs }, party, { request: { action: 'update', source: 'webhook' } });
    }
    return { outcome: parties.length > 0 ? 'routed' : 'no_party', parties };
  },
});
