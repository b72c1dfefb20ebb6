/**
 * EspoCRM `where` items and their PHP/jQuery bracket encoding
 * (`where[0][type]=equals&where[0][attribute]=status&where[0][value]=New`).
 */
export type WhereScalar = string | number | boolean;

export type WhereItem =
  | { type: 'equals' | 'notEquals'; attribute: string; value: WhereScalar }
  | { type: 'in' | 'notIn'; attribute: string; value: WhereScalar[] }
  | { type: 'isNull' | 'isNotNull' | 'isTrue' | 'isFalse' | 'past' | 'future' | 'today'; attribute: string }
  | {
      type: 'greaterThan' | 'greaterThanOrEquals' | 'lessThan' | 'lessThanOrEquals' | 'before' | 'after';
      attribute: string;
      value: WhereScalar;
    }
  | { type: 'between'; attribute: string; value: [WhereScalar, WhereScalar] }
  | { type: 'contains' | 'notContains' | 'startsWith' | 'endsWith' | 'like' | 'notLike'; attribute: string; value: string }
  | { type: 'and' | 'or'; value: WhereItem[] };

type GroupItem = Extract<WhereItem, { type: 'and' | 'or' }>;

function isGroup(item: WhereItem): item is GroupItem {
  return item.type === 'and' || item.type === 'or';
}

function scalar(value: WhereScalar): string {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
}

function encodeItem(prefix: string, item: WhereItem, out: [string, string][]): void {
  out.push([`${prefix}[type]`, item.type]);
  if ('attribute' in item) out.push([`${prefix}[attribute]`, item.attribute]);
  if (isGroup(item)) {
    item.value.forEach((child, i) => encodeItem(`${prefix}[value][${i}]`, child, out));
    return;
  }
  if (!('value' in item)) return;
  const value: WhereScalar | WhereScalar[] = item.value;
  if (Array.isArray(value)) {
    value.forEach((v) => out.push([`${prefix}[value][]`, scalar(v)]));
  } else {
    out.push([`${prefix}[value]`, scalar(value)]);
  }
}

/** Query entries for `where` (use with URLSearchParams; it percent-encodes the brackets). */
export function encodeWhere(items: WhereItem[], name = 'where'): [string, string][] {
  const out: [string, string][] = [];
  items.forEach((item, i) => encodeItem(`${name}[${i}]`, item, out));
  return out;
}
