import { EspoCrmNotFoundError, type EspoCrmClient } from '../../clients/espocrm';
import type { TaskAssignee } from '../../clients/espocrm/task-routing';
import { MASTER_FIELD_MAP, normaliseAnrede, PREFERRED_KOMMKZ } from '../../domain/beteiligte';
import { SYNC_FIELDS } from '../commands/espocrm';
import type { CheckResult } from './advoware';
import type { Finding } from './shape';
import { checkChildEntities, type ChildEntitiesOptions } from './children';
import { enumCheck, readEntityDefs, type EntityDefs } from './espocrm-metadata';

/** Every `syncStatus` value the product writes (sync-fields.ts, backoff.ts, the deleted-in-Advoware path). */
export const WRITTEN_SYNC_STATUSES = ['clean', 'conflict', 'failed', 'permanently_failed', 'deleted_in_advoware'] as const;

/** Salutations the product writes: what normaliseAnrede makes of the Advoware spellings. */
export const WRITTEN_SALUTATIONS = ['herr', 'frau', 'divers', 'firma'].map((v) => normaliseAnrede(v) as string);

/** Phone types the product writes into `phoneNumberData[].type`. */
export const WRITTEN_PHONE_TYPES = Object.keys(PREFERRED_KOMMKZ).filter((t) => t !== 'email');

/** Every attribute the Beteiligte sync reads or writes: the mapped master data, the lists, the sync fields. */
export function mappedEspoFields(): string[] {
  const master = MASTER_FIELD_MAP.flatMap((m) => [m.espo.person, m.espo.company]);
  return [...new Set([...master, 'emailAddress', 'phoneNumber', ...SYNC_FIELDS])];
}

/** Read-only: the entities' field definitions (GET Metadata, read once), else one record's attributes. */
export async function checkEspoCrm(client: EspoCrmClient, entity: string, taskAssignee?: TaskAssignee, children?: ChildEntitiesOptions): Promise<CheckResult[]> {
  const defs = await readEntityDefs(client);
  const results = await checkEntity(client, entity, defs);
  if (children) results.push(...(await checkChildEntities(client, defs, children)));
  if (taskAssignee) results.push(await checkAssignee(client, taskAssignee));
  return results;
}

/** ESPOCRM_TASK_ASSIGNEE must name a user or team that exists, or Tasks go to nobody. */
async function checkAssignee(client: EspoCrmClient, assignee: TaskAssignee): Promise<CheckResult> {
  const entity = assignee.kind === 'team' ? 'Team' : 'User';
  const found = await client.get(entity, assignee.id).then(
    () => true,
    (err: unknown) => (err instanceof EspoCrmNotFoundError ? false : Promise.reject(err)),
  );
  return {
    name: 'EspoCRM Task assignee',
    findings: [found ? { level: 'ok', message: `ESPOCRM_TASK_ASSIGNEE: ${entity} ${assignee.id} exists` } : { level: 'mismatch', message: `ESPOCRM_TASK_ASSIGNEE names ${entity} ${assignee.id}, which does not exist` }],
  };
}

async function checkEntity(client: EspoCrmClient, entity: string, defs: EntityDefs): Promise<CheckResult[]> {
  const wanted = mappedEspoFields();
  const fields = defs.defs?.[entity]?.fields;
  const metadataProblem = defs.problem ?? `GET Metadata has no entityDefs.${entity}`;

  if (!fields) {
    // Without metadata only attribute presence can be checked, from a record (every attribute, null or not, is listed).
    const findings: Finding[] = [{ level: 'warn', message: `${metadataProblem}; enum values cannot be checked (give the API user read access to metadata)` }];
    const sample = (await client.list(entity, { maxSize: 1 })).list[0];
    if (!sample) findings.push({ level: 'warn', message: `no ${entity} record to read attributes from` });
    else for (const field of wanted.filter((f) => !(f in sample))) findings.push({ level: 'mismatch', message: `${entity} has no field "${field}"` });
    return [{ name: `EspoCRM ${entity} fields`, findings }];
  }

  const fieldFindings: Finding[] = [];
  const missing = wanted.filter((f) => !fields[f]);
  for (const field of missing) fieldFindings.push({ level: 'mismatch', message: `${entity} has no field "${field}" (the sync maps it; create it in the Entity Manager, see docs/SYNC_RULES.md)` });
  if (!missing.length) fieldFindings.push({ level: 'ok', message: `all ${wanted.length} mapped fields present on ${entity}` });

  const enumFindings: Finding[] = [
    ...enumCheck(entity, 'syncStatus', fields.syncStatus, 'options', WRITTEN_SYNC_STATUSES, true),
    ...enumCheck(entity, 'salutationName', fields.salutationName, 'options', WRITTEN_SALUTATIONS, false),
    ...enumCheck(entity, 'phoneNumber', fields.phoneNumber, 'typeList', WRITTEN_PHONE_TYPES, true),
  ];
  return [
    { name: `EspoCRM ${entity} fields`, findings: fieldFindings },
    { name: `EspoCRM ${entity} values the product writes`, findings: enumFindings },
  ];
}
