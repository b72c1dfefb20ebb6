import { isPlainObject, type ExtendedProperties } from './types';

const MAX_KEY_LENGTH = 44;
const MAX_VALUE_LENGTH = 1024;

/** Google silently drops keys longer than 44 characters and truncates values beyond 1024. */
function sanitiseMap(map: unknown): Record<string, string> | undefined {
  if (!isPlainObject(map)) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (key.length > MAX_KEY_LENGTH || value === null || value === undefined) continue;
    result[key] = String(value).slice(0, MAX_VALUE_LENGTH);
  }
  return result;
}

export function sanitiseExtendedProperties(value: unknown): ExtendedProperties | undefined {
  if (!isPlainObject(value)) return undefined;
  const result: ExtendedProperties = {};
  const privateMap = sanitiseMap(value.private);
  const sharedMap = sanitiseMap(value.shared);
  if (privateMap) result.private = privateMap;
  if (sharedMap) result.shared = sharedMap;
  return result;
}

/** Reads repeated `key=value` filter parameters; the value may itself contain '='. */
export function parsePropertyFilters(raw: string[]): [string, string][] {
  return raw.map((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
  });
}

/**
 * The extended-properties guide says repeated constraints of one kind are OR'ed (the events.list
 * reference says "match all"); we follow the guide. Private and shared constraints are AND'ed.
 */
export function matchesPropertyFilters(props: ExtendedProperties | undefined, privateFilters: [string, string][], sharedFilters: [string, string][]): boolean {
  const anyMatch = (map: Record<string, string> | undefined, filters: [string, string][]) =>
    filters.length === 0 || filters.some(([key, value]) => map?.[key] === value);
  return anyMatch(props?.private, privateFilters) && anyMatch(props?.shared, sharedFilters);
}
