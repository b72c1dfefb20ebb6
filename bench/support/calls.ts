import type { RequestCounter } from '../../sim/shared/counter';

export type CallCounts = Record<string, number>;

/** Turns "GET /api/v1/advonet/Beteiligte/1234" into "GET /api/v1/advonet/Beteiligte/{n}" so per-record paths add up. */
export function normalisePath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      const previous = segments[i - 1];
      if (previous === 'calendars' && segment !== 'primary') return '{calendarId}';
      if (previous === 'events' && !['import', 'quickAdd', 'watch', 'instances'].includes(segment)) return '{eventId}';
      if (/^-?\d+$/.test(segment)) return '{n}';
      if (/^[0-9a-f]{17}$/.test(segment)) return '{id}';
      return segment;
    })
    .join('/');
}

/** Counter snapshot grouped by method + normalised path, e.g. { "GET /api/v1/CBeteiligte/{id}": 1 }. */
export function callCounts(counter: RequestCounter): CallCounts {
  const out: CallCounts = {};
  for (const [key, n] of Object.entries(counter.snapshot())) {
    const space = key.indexOf(' ');
    const normalised = `${key.slice(0, space)} ${normalisePath(key.slice(space + 1))}`;
    out[normalised] = (out[normalised] ?? 0) + n;
  }
  return out;
}

export function total(counts: CallCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const SYSTEMS: [RegExp, string][] = [
  [/^\/connector\/api\/v1\/advonet\//, 'Advoware'],
  [/^\/calendar\/v3\//, 'Google'],
  [/^\/api\/v1\//, 'EspoCRM'],
];

/** "GET /connector/api/v1/advonet/Beteiligte/{n}" → "Advoware GET Beteiligte/{n}". */
export function shortCall(key: string): string {
  const space = key.indexOf(' ');
  const method = key.slice(0, space);
  const path = key.slice(space + 1);
  for (const [prefix, system] of SYSTEMS) if (prefix.test(path)) return `${system} ${method} ${path.replace(prefix, '')}`;
  return key;
}

/** "EspoCRM GET CBeteiligte/{id}, Advoware GET Beteiligte/{n} ×2" — compact, for a table cell. */
export function describeCalls(counts: CallCounts): string {
  return Object.entries(counts)
    .map(([key, n]) => `${shortCall(key)}${n !== 1 ? ` ×${n}` : ''}`)
    .join(', ');
}
