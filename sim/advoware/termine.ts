import { badRequest } from './errors';

/**
 * A simulated Termin. `uhrzeitVon`/`uhrzeitBis` are absent (not null) for all-day entries.
 * Recurrence: `turnusArt` 1 daily, 2 weekly, 3 monthly, 4 yearly (ActiveSync meaning), `turnus`
 * the interval, `turnusBis` the last date (null = open-ended).
 */
export interface TerminRecord {
  frNr: number;
  datum: string;
  uhrzeitVon?: string;
  uhrzeitBis?: string;
  datumBis: string;
  text: string | null;
  notiz: string | null;
  ort: string | null;
  anwalt: string | null;
  ganztaegig: boolean;
  privat: boolean;
  turnus: number | null;
  turnusArt: number | null;
  turnusBis: string | null;
  zuletztGeaendertAm: string;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function fail(field: string, expectation: string, value: unknown): never {
  throw badRequest(`Ungültiger Wert '${String(value)}' für das Feld '${field}': ${expectation}`);
}

function readDate(field: string, value: unknown): string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match || Number.isNaN(Date.parse(match[1]))) fail(field, 'Erwartet wird ein Datum im Format JJJJ-MM-TT.', value);
  return match[1];
}

function readTime(field: string, value: unknown): string {
  const match = typeof value === 'string' ? TIME.exec(value) : null;
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59) {
    fail(field, 'Erwartet wird eine Uhrzeit im Format HH:MM:SS.', value);
  }
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
}

function readText(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') fail(field, 'Es wird eine Zeichenkette erwartet.', value);
  return value;
}

function readBool(field: string, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') fail(field, 'Es wird true oder false erwartet.', value);
  return value;
}

function readInt(field: string, value: unknown, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `Es wird eine ganze Zahl von ${min} bis ${max} erwartet.`, value);
  }
  return value;
}

/**
 * Builds a validated record from a POST body (no `existing`) or a PUT body merged over the
 * stored record (keys present in the body win; null clears). `frNr` and `zuletztGeaendertAm`
 * in the body are ignored.
 */
export function buildTermin(frNr: number, body: unknown, modifiedAt: string, existing?: TerminRecord): TerminRecord {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Ungültige Anfrage: Es wurde kein Termin im JSON-Format übermittelt.');
  }
  const merged: Record<string, unknown> = { ...(existing ?? {}), ...(body as Record<string, unknown>) };
  if (merged.datum === undefined || merged.datum === null) throw badRequest("Das Feld 'datum' ist ein Pflichtfeld.");

  const datum = readDate('datum', merged.datum);
  const datumBis = merged.datumBis === undefined || merged.datumBis === null ? datum : readDate('datumBis', merged.datumBis);
  if (datumBis < datum) throw badRequest(`Das Enddatum ${datumBis} liegt vor dem Beginn ${datum}.`);
  const ganztaegig = readBool('ganztaegig', merged.ganztaegig);

  const record: TerminRecord = {
    frNr,
    datum,
    datumBis,
    text: readText('text', merged.text),
    notiz: readText('notiz', merged.notiz),
    ort: readText('ort', merged.ort),
    anwalt: readText('anwalt', merged.anwalt),
    ganztaegig,
    privat: readBool('privat', merged.privat),
    turnus: readInt('turnus', merged.turnus, 1, 999),
    turnusArt: readInt('turnusArt', merged.turnusArt, 1, 4),
    turnusBis: merged.turnusBis === undefined || merged.turnusBis === null ? null : readDate('turnusBis', merged.turnusBis),
    zuletztGeaendertAm: modifiedAt,
  };
  if (!ganztaegig) {
    if (merged.uhrzeitVon !== undefined && merged.uhrzeitVon !== null) record.uhrzeitVon = readTime('uhrzeitVon', merged.uhrzeitVon);
    if (merged.uhrzeitBis !== undefined && merged.uhrzeitBis !== null) record.uhrzeitBis = readTime('uhrzeitBis', merged.uhrzeitBis);
    if (record.uhrzeitVon && record.uhrzeitBis && datum === datumBis && record.uhrzeitBis < record.uhrzeitVon) {
      throw badRequest(`Die Endzeit ${record.uhrzeitBis} liegt vor der Anfangszeit ${record.uhrzeitVon}.`);
    }
  }
  if (record.turnusArt !== null && record.turnus === null) record.turnus = 1;
  return record;
}

/** True when the entry (or, for a series, any occurrence up to turnusBis) can touch [from, to]. */
export function overlapsWindow(termin: TerminRecord, from: string, to: string): boolean {
  if (termin.datum > to) return false;
  if (termin.turnusArt !== null) return termin.turnusBis === null || termin.turnusBis >= from;
  return termin.datumBis >= from;
}
