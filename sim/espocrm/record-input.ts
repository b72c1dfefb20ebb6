import { resolveEmailField, resolvePhoneField, type EmailEntry, type PhoneEntry } from './contact-data';
import { DERIVED_ATTRIBUTES, SYSTEM_ATTRIBUTES, type EntityDef, type FieldDef } from './entity-defs';
import { validationFailure } from './http-error';
import type { EspoRecord } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;

function coerce(entityType: string, field: string, def: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const invalid = () => validationFailure(entityType, field, 'valid');
  switch (def.type) {
    case 'int': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid();
      return n;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw invalid();
      return value;
    case 'date':
      if (value === '') return null;
      if (typeof value !== 'string' || !DATE.test(value)) throw invalid();
      return value;
    case 'datetime':
      if (value === '') return null;
      if (typeof value !== 'string' || !DATETIME.test(value)) throw invalid();
      return value.length === 16 ? `${value}:00` : value;
    case 'enum':
      if (typeof value !== 'string' || !def.options?.includes(value)) throw invalid();
      return value;
    default:
      if (typeof value !== 'string') throw invalid();
      return value;
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Turns request input into the record's next attribute values, as EspoCRM's record service does:
 * system attributes dropped, unknown attributes dropped for strict entities, values validated,
 * e-mail/phone lists kept consistent with their primary value, defaults applied on create.
 */
export function applyInput(entityType: string, def: EntityDef, current: EspoRecord | undefined, input: Record<string, unknown>): EspoRecord {
  const next: EspoRecord = { ...(current ?? {}) };
  const contactKeys = new Set<string>();

  for (const [field, fieldDef] of Object.entries(def.fields)) {
    const ctx = { entityType, field };
    if (fieldDef.type === 'email' || fieldDef.type === 'phone') {
      contactKeys.add(field).add(`${field}Data`);
      const stored = current?.[`${field}Data`];
      const resolved =
        fieldDef.type === 'email'
          ? resolveEmailField(input, (stored as EmailEntry[] | undefined) ?? [], ctx)
          : resolvePhoneField(input, (stored as PhoneEntry[] | undefined) ?? [], ctx);
      if (resolved) {
        next[field] = resolved.primary;
        next[`${field}Data`] = resolved.data;
      }
      continue;
    }
    if (field in input) next[field] = coerce(entityType, field, fieldDef, input[field]);
  }

  for (const [attribute, value] of Object.entries(input)) {
    if (SYSTEM_ATTRIBUTES.has(attribute) || DERIVED_ATTRIBUTES.has(attribute) || contactKeys.has(attribute)) continue;
    if (attribute in def.fields) continue;
    if (!def.strict) next[attribute] = value;
  }

  if (!current) {
    for (const [field, fieldDef] of Object.entries(def.fields)) {
      if (fieldDef.type === 'email' || fieldDef.type === 'phone') {
        next[field] ??= null;
        next[`${field}Data`] ??= [];
      } else if (next[field] === undefined) {
        next[field] = fieldDef.default ?? null;
      }
    }
  }

  // Required fields are checked on create, and on update only when the request touches them.
  for (const [field, fieldDef] of Object.entries(def.fields)) {
    if (!fieldDef.required) continue;
    if ((!current || field in input) && isEmpty(next[field])) throw validationFailure(entityType, field, 'required');
  }
  return next;
}
