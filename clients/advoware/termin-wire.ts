/**
 * Termine as Advoware sends them → the one shape the calendar logic reads, and back.
 *
 * The field names and flag types are a guess (docs/SIMULATORS.md, "How sure each behaviour is": the
 * old system read `dauertermin` as 0/1 for all-day, Advoware's ActiveSync interface sends
 * flags as 0/1), so the names are configuration and flags are read tolerantly. A row that
 * still cannot be read is rejected on its own — never the whole list — and reported with its
 * frNr so a pass can skip it and say so.
 */
import { terminSchema, type AdvowareTermin } from './schemas';

export interface TerminFieldNames {
  /** Any of these set means all-day (`ADVOWARE_TERMIN_ALLDAY_FIELDS`); writes go to the first. */
  allDay: readonly string[];
  /** Recurrence interval, unit and last day (`ADVOWARE_TERMIN_RECURRENCE_FIELDS`). */
  turnus: string;
  turnusArt: string;
  turnusBis: string;
}

export const DEFAULT_TERMIN_FIELDS: TerminFieldNames = { allDay: ['ganztaegig', 'dauertermin'], turnus: 'turnus', turnusArt: 'turnusArt', turnusBis: 'turnusBis' };

export interface RejectedTermin {
  /** null when the row has no readable frNr either. */
  frNr: number | null;
  reason: string;
}

export interface TerminList {
  termine: AdvowareTermin[];
  rejected: RejectedTermin[];
}

const TRUE_WORDS = new Set(['true', '1', 'ja', 'j', 'yes', 'y', 'wahr', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'nein', 'n', 'no', 'falsch', '']);
const UNREADABLE = Symbol('unreadable');

/** `true/false`, `0/1` or such strings → boolean; absent → null; anything else is unreadable. */
export function readFlag(value: unknown): boolean | null | typeof UNREADABLE {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return word === '' ? null : false;
  }
  return UNREADABLE;
}

/** Whole numbers, also as strings (`"2"`); absent or empty → null. */
function readWhole(value: unknown): number | null | typeof UNREADABLE {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : UNREADABLE;
}

function describe(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 40) ?? String(value);
}

/** One wire row → a Termin in the canonical field names, or why it cannot be read. */
export function terminFromWire(raw: unknown, names: TerminFieldNames = DEFAULT_TERMIN_FIELDS): { termin: AdvowareTermin } | { rejected: RejectedTermin } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { rejected: { frNr: null, reason: 'not an object' } };
  const row = { ...(raw as Record<string, unknown>) };
  const frNr = readWhole(row.frNr);
  if (frNr === null || frNr === UNREADABLE) return { rejected: { frNr: null, reason: `frNr ${describe(row.frNr)} is not a number` } };
  const reject = (reason: string) => ({ rejected: { frNr, reason } });

  let allDay: boolean | null = null;
  for (const name of names.allDay) {
    const flag = readFlag(row[name]);
    if (flag === UNREADABLE) return reject(`${name} ${describe(row[name])} is not a flag`);
    if (flag !== null) allDay = (allDay ?? false) || flag;
    delete row[name];
  }
  const privat = readFlag(row.privat);
  if (privat === UNREADABLE) return reject(`privat ${describe(row.privat)} is not a flag`);

  const canonical: Record<string, unknown> = { ...row, frNr, ganztaegig: allDay, privat };
  for (const key of ['turnus', 'turnusArt'] as const) {
    const wireName = names[key];
    const value = readWhole(row[wireName]);
    if (value === UNREADABLE) return reject(`${wireName} ${describe(row[wireName])} is not a whole number`);
    if (wireName !== key) delete canonical[wireName];
    canonical[key] = value;
  }
  if (names.turnusBis !== 'turnusBis') {
    canonical.turnusBis = row[names.turnusBis] ?? null;
    delete canonical[names.turnusBis];
  }
  const parsed = terminSchema.safeParse(canonical);
  if (!parsed.success) return reject(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { termin: parsed.data };
}

/** A whole list; odd rows go to `rejected`. */
export function terminListFromWire(rows: readonly unknown[], names: TerminFieldNames = DEFAULT_TERMIN_FIELDS): TerminList {
  const list: TerminList = { termine: [], rejected: [] };
  for (const raw of rows) {
    const read = terminFromWire(raw, names);
    if ('termin' in read) list.termine.push(read.termin);
    else list.rejected.push(read.rejected);
  }
  return list;
}

/** A canonical write body → Advoware's field names. */
export function terminToWire(body: Record<string, unknown>, names: TerminFieldNames = DEFAULT_TERMIN_FIELDS): Record<string, unknown> {
  const wire = { ...body };
  if ('ganztaegig' in wire && names.allDay.length > 0) {
    const value = wire.ganztaegig;
    delete wire.ganztaegig;
    wire[names.allDay[0]] = value;
  }
  for (const key of ['turnus', 'turnusArt', 'turnusBis'] as const) {
    if (names[key] === key || !(key in wire)) continue;
    wire[names[key]] = wire[key];
    delete wire[key];
  }
  return wire;
}
