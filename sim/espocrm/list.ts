import { badRequest, SimHttpError } from './http-error';
import type { EspoRecord } from './types';
import { matchesWhere } from './where';

export const MAX_SIZE_LIMIT = 200;

export interface SearchParams {
  offset: number;
  maxSize: number;
  orderBy?: string;
  order: 'asc' | 'desc';
  select?: string[];
  where: unknown[];
}

function toInt(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Bad ${name}.`);
  return n;
}

function whereList(value: unknown): unknown[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  throw badRequest('Bad where.');
}

/** Reads list parameters from the parsed query (`searchParams=<JSON>` wins when present). */
export function readSearchParams(query: Record<string, unknown>): SearchParams {
  let source = query;
  if (typeof query.searchParams === 'string') {
    try {
      source = JSON.parse(query.searchParams) as Record<string, unknown>;
    } catch {
      throw badRequest('Bad searchParams.');
    }
  }
  const maxSize = toInt(source.maxSize, 'maxSize') ?? MAX_SIZE_LIMIT;
  if (maxSize > MAX_SIZE_LIMIT) {
    throw new SimHttpError(403, `Max size should not exceed ${MAX_SIZE_LIMIT}. Use offset and limit.`);
  }
  const selectRaw = source.select ?? source.attributeSelect;
  const select =
    typeof selectRaw === 'string' ? selectRaw.split(',').filter(Boolean) : Array.isArray(selectRaw) ? selectRaw.map(String) : undefined;
  const order = String(source.order ?? 'desc').toLowerCase();
  return {
    offset: toInt(source.offset, 'offset') ?? 0,
    maxSize,
    orderBy: typeof source.orderBy === 'string' && source.orderBy !== '' ? source.orderBy : undefined,
    order: order === 'asc' ? 'asc' : 'desc',
    select,
    where: whereList(source.where ?? source.whereGroup),
  };
}

/** MySQL order: NULL sorts first ascending. */
function compareValues(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface Listable {
  record: EspoRecord;
  /** Insertion sequence: the tie-breaker that keeps paging stable. */
  seq: number;
}

export interface ListResult {
  total: number;
  list: EspoRecord[];
}

/**
 * Filters, orders, pages and projects. Default order is `createdAt` desc (EspoCRM's default for
 * custom entities). With `noTotal`, total is -1 when more records follow and -2 when none do
 * (EspoCRM's Record\Collection::TOTAL_HAS_MORE / TOTAL_HAS_NO_MORE).
 */
export function runList(rows: Listable[], params: SearchParams, noTotal: boolean): ListResult {
  const orderBy = params.orderBy ?? 'createdAt';
  const direction = params.order === 'asc' ? 1 : -1;
  const matching = rows
    .filter((row) => matchesWhere(row.record, params.where))
    .sort((a, b) => direction * (compareValues(a.record[orderBy], b.record[orderBy]) || a.seq - b.seq));
  const page = matching.slice(params.offset, params.offset + params.maxSize);
  const list = page.map((row) => project(row.record, params.select));
  const total = noTotal ? (params.offset + page.length < matching.length ? -1 : -2) : matching.length;
  return { total, list };
}

function project(record: EspoRecord, select: string[] | undefined): EspoRecord {
  if (!select) return structuredClone(record);
  const out: EspoRecord = { id: record.id };
  for (const attribute of select) if (attribute in record) out[attribute] = structuredClone(record[attribute]);
  return out;
}
