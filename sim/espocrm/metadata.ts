import { entityDefs, PHONE_TYPES } from './entity-defs';

/**
 * `GET api/v1/Metadata` as EspoCRM's front end reads it, reduced to what clients inspect:
 * `entityDefs.{Entity}.fields.{field}` with `type`, `options` (enums) and `typeList` (phone).
 */
export function metadataView(removed: ReadonlyMap<string, ReadonlySet<string>>): { entityDefs: Record<string, { fields: Record<string, Record<string, unknown>> }> } {
  const view: Record<string, { fields: Record<string, Record<string, unknown>> }> = {};
  for (const [entity, def] of Object.entries(entityDefs())) {
    const fields: Record<string, Record<string, unknown>> = {};
    for (const [name, field] of Object.entries(def.fields)) {
      if (removed.get(entity)?.has(name)) continue;
      fields[name] = {
        type: field.type,
        ...(field.required ? { required: true } : {}),
        ...(field.options ? { options: [...field.options] } : {}),
        ...(field.type === 'phone' ? { typeList: [...PHONE_TYPES] } : {}),
      };
    }
    view[entity] = { fields };
  }
  return { entityDefs: view };
}
