import { z } from 'zod';

/** One line of a doctor check: `mismatch` lines make the doctor exit 1; `info` lines only inform. */
export interface Finding {
  level: 'ok' | 'info' | 'warn' | 'mismatch';
  message: string;
}

type AnySchema = z.ZodType;
type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Strips optional/nullable wrappers to reach the schema that describes present values. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema as AnySchema & { unwrap?: () => AnySchema; def: { type: string } };
  while (current.def.type === 'optional' || current.def.type === 'nullable') current = current.unwrap!() as typeof current;
  return current;
}

const isObject = (schema: AnySchema): schema is ObjectSchema => (schema as { def: { type: string } }).def.type === 'object';
const typeOfValue = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Compares sample records with a product schema field by field: required fields that are
 * missing and values of the wrong type are mismatches; fields the schema does not know (extra)
 * and optional fields no sample carried are listed for information — a tenant's extra field may
 * be the name the product should be configured to read. Nested arrays of records are compared too.
 */
export interface CompareOptions {
  /** Field names the product reads outside the schema (configured names): not "extra". */
  alsoKnown?: readonly string[];
  /** false when the product reads values tolerantly itself (then its own reader judges them). */
  checkTypes?: boolean;
}

export function compareShape(label: string, schema: ObjectSchema, samples: readonly unknown[], options: CompareOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const records = samples.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
  if (records.length < samples.length) findings.push({ level: 'mismatch', message: `${label}: ${samples.length - records.length} of ${samples.length} answers are not JSON objects` });
  if (!records.length) return findings;

  const shape = schema.shape as Record<string, AnySchema>;
  const known = new Set([...Object.keys(shape), ...(options.alsoKnown ?? [])]);
  for (const [field, fieldSchema] of Object.entries(shape)) {
    const missingIn = records.filter((r) => !(field in r)).length;
    if (!missingIn) continue;
    const required = !fieldSchema.safeParse(undefined).success;
    if (required) findings.push({ level: 'mismatch', message: `${label}: missing required field "${field}" (in ${missingIn} of ${records.length})` });
    else if (missingIn === records.length) findings.push({ level: 'info', message: `${label}: optional field "${field}" absent in every sample` });
  }

  const extras = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      if (known.has(key)) continue;
      const types = extras.get(key) ?? new Set<string>();
      extras.set(key, types.add(typeOfValue(value)));
    }
  }
  for (const [key, types] of [...extras].sort(([a], [b]) => a.localeCompare(b))) {
    findings.push({ level: 'info', message: `${label}: extra field "${key}" (${[...types].join('|')}) not read by the product` });
  }

  // Wrong types: one line per field path, however many records share it.
  const typeIssues = new Map<string, { message: string; count: number }>();
  for (const record of options.checkTypes === false ? [] : records) {
    for (const [field, fieldSchema] of Object.entries(shape)) {
      if (!(field in record)) continue;
      const inner = unwrap(fieldSchema);
      if (inner.def.type === 'array' && isObject(unwrap((inner as z.ZodArray<AnySchema>).element))) continue; // compared below
      const parsed = fieldSchema.safeParse(record[field]);
      if (parsed.success) continue;
      const entry = typeIssues.get(field) ?? { message: `${parsed.error.issues[0]?.message ?? 'invalid'} (got ${typeOfValue(record[field])})`, count: 0 };
      entry.count += 1;
      typeIssues.set(field, entry);
    }
  }
  for (const [field, { message, count }] of typeIssues) {
    findings.push({ level: 'mismatch', message: `${label}: field "${field}" has a different type: ${message} (in ${count} of ${records.length})` });
  }

  for (const [field, fieldSchema] of Object.entries(shape)) {
    const inner = unwrap(fieldSchema);
    if (inner.def.type !== 'array') continue;
    const element = unwrap((inner as z.ZodArray<AnySchema>).element);
    if (!isObject(element)) continue;
    const items: unknown[] = [];
    for (const record of records) {
      const value = record[field];
      if (value === undefined || value === null) continue;
      if (!Array.isArray(value)) {
        findings.push({ level: 'mismatch', message: `${label}: field "${field}" should be a list, got ${typeOfValue(value)}` });
        continue;
      }
      items.push(...(value as unknown[]));
    }
    findings.push(...compareShape(`${label}.${field}[]`, element, items));
  }
  return findings;
}
