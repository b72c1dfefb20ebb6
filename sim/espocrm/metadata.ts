import { entityDefs, PHONE_TYPES } from './entity-defs';

/**
 * `GET api/v1/Metadata` as EspoCRM's front end reads it, reduced to what clients inspect:
 * `entityDefs.{Entity}.fields.{field}` with `type`, `options` (enums) and `typeList` (phone),
 * and `entityDefs.{Entity}.links.{link}` with `type` and `entity` for belongs-to links (whose
 * field of type `link` is listed too). A removed link name drops the link and its field.
 */
type MetadataEntity = { fields: Record<string, Record<string, unknown>>; links?: Record<string, Record<string, unknown>> };

export function metadataView(removed: ReadonlyMap<string, ReadonlySet<string>>): { entityDefs: Record<string, MetadataEntity> } {
  const view: Record<string, MetadataEntity> = {};
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
    const links: Record<string, Record<string, unknown>> = {};
    for (const [name, link] of Object.entries(def.links ?? {})) {
      if (removed.get(entity)?.has(name)) continue;
      links[name] = { ...link };
      fields[name] = { type: 'link' };
    }
    view[entity] = { fields, ...(def.links ? { links } : {}) };
  }
  return { entityDefs: view };
}
