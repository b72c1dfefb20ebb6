import type { EspoCrmClient } from '../../clients/espocrm';
import type { Finding } from './shape';

export interface FieldDefs {
  [field: string]: { type?: string; options?: unknown; typeList?: unknown } | undefined;
}

/** `entityDefs` of `GET Metadata`, or why it could not be read (then checks fall back to a record's attributes). */
export type EntityDefs = { defs: Record<string, { fields?: FieldDefs; links?: Record<string, { type?: string; entity?: string } | undefined> } | undefined>; problem?: undefined } | { defs?: undefined; problem: string };

export async function readEntityDefs(client: EspoCrmClient): Promise<EntityDefs> {
  try {
    const metadata = await client.metadata();
    const defs = metadata.entityDefs;
    return typeof defs === 'object' && defs !== null ? { defs: defs as NonNullable<EntityDefs['defs']> } : { problem: 'GET Metadata has no entityDefs' };
  } catch (err) {
    return { problem: `GET Metadata failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * `mustList`: the field must carry that list (syncStatus is an enum, phone types a typeList).
 * Otherwise a free-text field is fine and only an enum's options are checked.
 */
export function enumCheck(entity: string, field: string, def: FieldDefs[string], key: 'options' | 'typeList', written: readonly string[], mustList: boolean): Finding[] {
  if (!def) return []; // reported as a missing field already
  const list = Array.isArray(def[key]) ? (def[key] as unknown[]).map(String) : undefined;
  if (!list) {
    if (!mustList && def.type !== 'enum') return [{ level: 'ok', message: `${field} is ${def.type ?? 'untyped'}: any value the product writes fits` }];
    return [{ level: 'mismatch', message: `${entity}.${field} has no ${key} (type ${def.type ?? 'unknown'}); the product writes ${written.join(', ')}` }];
  }
  const absent = written.filter((v) => !list.includes(v));
  return absent.length
    ? [{ level: 'mismatch', message: `${entity}.${field} ${key} lacks ${absent.map((v) => `"${v}"`).join(', ')} (has ${list.join(', ')})` }]
    : [{ level: 'ok', message: `${field} ${key} has every value the product writes (${written.join(', ')})` }];
}
