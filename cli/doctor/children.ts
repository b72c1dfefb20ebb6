import { EspoCrmNotFoundError, type EspoCrmClient } from '../../clients/espocrm';
import { ADRESSE_FIELDS } from '../../domain/adressen';
import { BANK_FIELDS } from '../../domain/bankverbindungen';
import { ADRESSEN_SYNC_FIELDS, BANK_SYNC_FIELDS } from '../commands/espocrm';
import type { CheckResult } from './advoware';
import { enumCheck, type EntityDefs } from './espocrm-metadata';
import type { Finding } from './shape';

/** The `syncStatus` values the bank-account and address syncs write. */
export const WRITTEN_CHILD_STATUSES = ['clean', 'unclean', 'failed'] as const;

export interface ChildEntitiesOptions {
  /** The party entity (`CBeteiligte`) both children must link to. */
  parentEntity: string;
  /** ESPOCRM_PARTY_LINK_FIELD: the `…Id` attribute of the belongs-to link (`beteiligteId`). */
  linkField: string;
  bankverbindungenEntity: string;
  adressenEntity: string;
}

interface Child {
  entity: string;
  env: string;
  what: string;
  /** What the product does when the entity is missing, so the operator can judge the mismatch. */
  withoutIt: string;
  fields: readonly string[];
}

/** Every attribute the sync reads or writes on the two child entities (besides the party link). */
export function childEntities(options: ChildEntitiesOptions): Child[] {
  return [
    {
      entity: options.bankverbindungenEntity,
      env: 'ESPOCRM_BANKVERBINDUNGEN_ENTITY',
      what: 'bank accounts',
      withoutIt: 'every bank-account pass fails',
      fields: ['name', ...BANK_FIELDS, ...BANK_SYNC_FIELDS],
    },
    {
      entity: options.adressenEntity,
      env: 'ESPOCRM_ADRESSEN_ENTITY',
      what: 'addresses',
      withoutIt: 'the party passes skip the address step',
      fields: ['name', ...ADRESSE_FIELDS, ...ADRESSEN_SYNC_FIELDS],
    },
  ];
}

/**
 * Read-only checks of `CBankverbindungen` and `CAdressen` (configured names): the entity exists,
 * carries every field the sync uses, its `syncStatus` offers the values the sync writes, and it
 * links to the party entity through ESPOCRM_PARTY_LINK_FIELD. From metadata when readable, else
 * from one record's attributes (then the link target and the options cannot be checked).
 */
export async function checkChildEntities(client: EspoCrmClient, defs: EntityDefs, options: ChildEntitiesOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const child of childEntities(options)) {
    const name = `EspoCRM ${child.entity} (${child.what})`;
    results.push({ name, findings: defs.defs ? fromMetadata(defs.defs, child, options) : await fromRecord(client, child, options, defs.problem) });
  }
  return results;
}

function fromMetadata(defs: NonNullable<EntityDefs['defs']>, child: Child, options: ChildEntitiesOptions): Finding[] {
  const def = defs[child.entity];
  if (!def?.fields) return [missingEntity(child)];
  const fields = def.fields;
  const findings = fieldFindings(child, (f) => Boolean(fields[f]));
  findings.push(...enumCheck(child.entity, 'syncStatus', fields.syncStatus, 'options', WRITTEN_CHILD_STATUSES, true));

  // EspoCRM lists a belongs-to link as `links.{name}` (+ a `link` field); `{name}Id` is its attribute.
  const linkName = options.linkField.replace(/Id$/, '');
  const link = def.links?.[linkName];
  const setting = `ESPOCRM_PARTY_LINK_FIELD=${options.linkField}`;
  if (link) {
    findings.push(
      link.entity === options.parentEntity
        ? { level: 'ok', message: `${child.entity}.${linkName} links to ${options.parentEntity} (${setting})` }
        : { level: 'mismatch', message: `${child.entity}.${linkName} links to ${link.entity ?? 'nothing'}, not to ${options.parentEntity} (${setting})` },
    );
  } else if (fields[options.linkField]) {
    findings.push({ level: 'warn', message: `${child.entity}.${options.linkField} is a plain field, not a link to ${options.parentEntity}: the sync works, but EspoCRM shows no relation` });
  } else {
    findings.push({ level: 'mismatch', message: `${child.entity} has no link "${linkName}" to ${options.parentEntity} (${setting}); create a many-to-one link in the Entity Manager` });
  }
  return findings;
}

async function fromRecord(client: EspoCrmClient, child: Child, options: ChildEntitiesOptions, problem: string): Promise<Finding[]> {
  const findings: Finding[] = [{ level: 'warn', message: `${problem}; the link target and syncStatus options of ${child.entity} cannot be checked` }];
  let sample: Record<string, unknown> | undefined;
  try {
    sample = (await client.list(child.entity, { maxSize: 1 })).list[0];
  } catch (err) {
    if (err instanceof EspoCrmNotFoundError) return [...findings, missingEntity(child)];
    throw err;
  }
  if (!sample) return [...findings, { level: 'warn', message: `no ${child.entity} record to read attributes from` }];
  const present = (f: string) => f in sample;
  findings.push(...fieldFindings(child, present));
  if (!present(options.linkField)) findings.push({ level: 'mismatch', message: `${child.entity} has no attribute "${options.linkField}" (ESPOCRM_PARTY_LINK_FIELD) linking it to ${options.parentEntity}` });
  return findings;
}

function fieldFindings(child: Child, has: (field: string) => boolean): Finding[] {
  const missing = child.fields.filter((f) => !has(f));
  if (!missing.length) return [{ level: 'ok', message: `all ${child.fields.length} fields the ${child.what} sync uses present on ${child.entity}` }];
  return missing.map((f) => ({ level: 'mismatch' as const, message: `${child.entity} has no field "${f}" (the ${child.what} sync uses it; see docs/SYNC_RULES.md)` }));
}

function missingEntity(child: Child): Finding {
  return { level: 'mismatch', message: `EspoCRM has no entity ${child.entity} (${child.env}): ${child.withoutIt}; create it (docs/SYNC_RULES.md) or set ${child.env}` };
}
