import { espoDateTime } from './clock';
import { badRequest } from './http-error';
import type { EspoRecord } from './types';

/**
 * Evaluates EspoCRM `where` items against a record with SQL semantics: a NULL attribute
 * matches none of the comparisons (equals, notEquals, in, notIn, greaterThan, …), only isNull.
 */
export function matchesWhere(record: EspoRecord, items: unknown[]): boolean {
  return items.every((item) => matchesItem(record, item));
}

function isItem(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isItem(value)) return Object.values(value);
  if (value === undefined || value === null || value === '') return [];
  return [value];
}

/** Makes a query value comparable with the stored one (query values arrive as strings). */
function cast(stored: unknown, value: unknown): unknown {
  if (typeof stored === 'number') return typeof value === 'number' ? value : Number(value);
  if (typeof stored === 'boolean') return value === true || value === 'true' || value === '1' || value === 1;
  return value === null || value === undefined ? value : String(value);
}

function compare(stored: unknown, value: unknown): number {
  const other = cast(stored, value);
  if (typeof stored === 'number' && typeof other === 'number') return stored - other;
  const a = String(stored);
  const b = String(other);
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNull(value: unknown): boolean {
  return value === null || value === undefined;
}

function like(stored: unknown, pattern: string): boolean {
  if (isNull(stored)) return false;
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is').test(String(stored));
}

function matchesItem(record: EspoRecord, raw: unknown): boolean {
  if (!isItem(raw)) throw badRequest('Bad where item.');
  const type = raw.type;
  const value = raw.value;
  if (type === 'and') return asList(value).every((item) => matchesItem(record, item));
  if (type === 'or') return asList(value).some((item) => matchesItem(record, item));
  if (type === 'not') return !asList(value).every((item) => matchesItem(record, item));

  if (typeof raw.attribute !== 'string' || raw.attribute === '') throw badRequest('Bad where item. No attribute.');
  const stored = record[raw.attribute];
  const present = !isNull(stored);

  switch (type) {
    case 'equals':
      return present && compare(stored, value) === 0;
    case 'notEquals':
      return present && compare(stored, value) !== 0;
    case 'in':
      return present && asList(value).some((v) => compare(stored, v) === 0);
    case 'notIn':
      return present && asList(value).every((v) => compare(stored, v) !== 0);
    case 'isNull':
      return !present || stored === '';
    case 'isNotNull':
      return present && stored !== '';
    case 'isTrue':
      return stored === true;
    case 'isFalse':
      return stored === false;
    case 'greaterThan':
    case 'after':
      return present && compare(stored, value) > 0;
    case 'greaterThanOrEquals':
      return present && compare(stored, value) >= 0;
    case 'lessThan':
    case 'before':
      return present && compare(stored, value) < 0;
    case 'lessThanOrEquals':
      return present && compare(stored, value) <= 0;
    case 'between': {
      const [from, to] = asList(value);
      return present && compare(stored, from) >= 0 && compare(stored, to) <= 0;
    }
    case 'past':
      return present && String(stored) < espoDateTime();
    case 'future':
      return present && String(stored) > espoDateTime();
    case 'contains':
      return like(stored, `%${String(value)}%`);
    case 'notContains':
      return present && !like(stored, `%${String(value)}%`);
    case 'startsWith':
      return like(stored, `${String(value)}%`);
    case 'endsWith':
      return like(stored, `%${String(value)}`);
    case 'like':
      return like(stored, String(value));
    case 'notLike':
      return present && !like(stored, String(value));
    default:
      throw badRequest(`Unknown where type '${String(type)}'.`);
  }
}
