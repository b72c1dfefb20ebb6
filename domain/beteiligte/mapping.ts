import {
  isPerson,
  normaliseAnrede,
  normaliseDate,
  normaliseHandelsregisterNummer,
  normaliseName,
  normaliseRechtsform,
  normaliseText,
  toAdvowareDate,
} from './normalise';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

export type PartyKind = 'person' | 'company';

/** Normalised master data (Stammdaten) as both sides are compared; null = empty. */
export interface MasterData {
  kind: PartyKind;
  name: string | null;
  vorname: string | null;
  rechtsform: string | null;
  anrede: string | null;
  titel: string | null;
  geburtsdatum: string | null;
  handelsRegisterNummer: string | null;
  registergericht: string | null;
}

export type MasterField = Exclude<keyof MasterData, 'kind'>;
type EspoAttribute = keyof EspoBeteiligte & string;

export interface MasterFieldMapping {
  field: MasterField;
  /** EspoCRM attribute per party kind. */
  espo: Readonly<Record<PartyKind, EspoAttribute>>;
  advoware: string;
  /** Kinds the field belongs to; for the other kind it reads as null and is never written. */
  appliesTo: readonly PartyKind[];
  normalise: (value: string | null | undefined) => string | null;
  /** Wire format when writing to Advoware (default: the normalised value). */
  toAdvoware?: (value: string | null) => string | null;
  /** Wire format when writing to EspoCRM (default: the normalised value). */
  toEspo?: (value: string | null) => string | null;
}

const BOTH: readonly PartyKind[] = ['person', 'company'];
const same = (attribute: EspoAttribute): Record<PartyKind, EspoAttribute> => ({ person: attribute, company: attribute });

/**
 * The ONE master-data field contract (docs/SYNC_RULES.md). A firm adjusts field names or
 * formats here. Persons: EspoCRM lastName/firstName ↔ Advoware name/vorname (EspoCRM's
 * display `name` is written as "Vorname Name"); companies: EspoCRM name ↔ Advoware name.
 */
export const MASTER_FIELD_MAP: readonly MasterFieldMapping[] = [
  { field: 'name', espo: { person: 'lastName', company: 'name' }, advoware: 'name', appliesTo: BOTH, normalise: normaliseName },
  { field: 'vorname', espo: same('firstName'), advoware: 'vorname', appliesTo: ['person'], normalise: normaliseName },
  { field: 'rechtsform', espo: same('rechtsform'), advoware: 'rechtsform', appliesTo: BOTH, normalise: normaliseRechtsform },
  { field: 'anrede', espo: same('salutationName'), advoware: 'anrede', appliesTo: BOTH, normalise: normaliseAnrede },
  { field: 'titel', espo: same('titel'), advoware: 'titel', appliesTo: BOTH, normalise: normaliseText },
  {
    field: 'geburtsdatum',
    espo: same('geburtsdatum'),
    advoware: 'geburtsdatum',
    appliesTo: ['person'],
    normalise: normaliseDate,
    toAdvoware: toAdvowareDate,
  },
  {
    field: 'handelsRegisterNummer',
    espo: same('handelsregisterNummer'),
    advoware: 'handelsRegisterNummer',
    appliesTo: ['company'],
    normalise: normaliseHandelsregisterNummer,
  },
  { field: 'registergericht', espo: same('registergericht'), advoware: 'registergericht', appliesTo: ['company'], normalise: normaliseText },
];

export const MASTER_FIELDS: readonly MasterField[] = MASTER_FIELD_MAP.map((m) => m.field);

const RECHTSFORM = MASTER_FIELD_MAP.find((m) => m.field === 'rechtsform') as MasterFieldMapping;

export function kindOf(rechtsform: string | null | undefined): PartyKind {
  return isPerson(rechtsform) ? 'person' : 'company';
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

function readMaster(read: (m: MasterFieldMapping, kind: PartyKind) => unknown, kind?: PartyKind): MasterData {
  const actualKind = kind ?? kindOf(RECHTSFORM.normalise(asText(read(RECHTSFORM, 'person'))));
  const data: MasterData = {
    kind: actualKind,
    name: null,
    vorname: null,
    rechtsform: null,
    anrede: null,
    titel: null,
    geburtsdatum: null,
    handelsRegisterNummer: null,
    registergericht: null,
  };
  for (const m of MASTER_FIELD_MAP) {
    if (m.appliesTo.includes(actualKind)) data[m.field] = m.normalise(asText(read(m, actualKind)));
  }
  return data;
}

/** EspoCRM record → normalised master data; `kind` reads the record as that kind (used when the kind changes). */
export function masterFromEspo(espo: EspoBeteiligte, kind?: PartyKind): MasterData {
  return readMaster((m, k) => espo[m.espo[k]], kind);
}

export function masterFromAdvoware(advo: AdvowareBeteiligter, kind?: PartyKind): MasterData {
  return readMaster((m) => advo[m.advoware], kind);
}

/** Master data with the fields that do not belong to its kind emptied. */
export function withKind(data: Omit<MasterData, 'kind'> & { kind?: PartyKind }): MasterData {
  const kind = kindOf(data.rechtsform);
  const result = { ...data, kind } as MasterData;
  for (const m of MASTER_FIELD_MAP) if (!m.appliesTo.includes(kind)) result[m.field] = null;
  return result;
}

function fieldsDiffering(view: MasterData, target: MasterData): MasterField[] {
  return MASTER_FIELD_MAP.filter((m) => m.appliesTo.includes(target.kind) && view[m.field] !== target[m.field]).map(
    (m) => m.field,
  );
}

/** Fields EspoCRM must be given so it reads back as `target` (also when the kind changes). */
export function espoFieldsToWrite(espo: EspoBeteiligte, target: MasterData): MasterField[] {
  return fieldsDiffering(masterFromEspo(espo, target.kind), target);
}

/** Fields Advoware must be given so it reads back as `target`. */
export function advowareFieldsToWrite(advo: AdvowareBeteiligter, target: MasterData): MasterField[] {
  return fieldsDiffering(masterFromAdvoware(advo, target.kind), target);
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/**
 * Fields of the *other* kind that a record still holds, e.g. `vorname`/`geburtsdatum` on a
 * party that just became a company. Read as that kind they are invisible (null), so the
 * normal diff never empties them; on a kind change they are emptied explicitly.
 */
export function otherKindFields(read: (m: MasterFieldMapping) => unknown, kind: PartyKind): MasterFieldMapping[] {
  return MASTER_FIELD_MAP.filter((m) => !m.appliesTo.includes(kind) && !isBlank(read(m)));
}

/** Advoware fields of the other kind still filled (see otherKindFields). */
export function advowareOtherKindFields(advo: AdvowareBeteiligter, kind: PartyKind): MasterFieldMapping[] {
  return otherKindFields((m) => advo[m.advoware], kind);
}

/** EspoCRM attributes of the other kind still filled, as `attribute: null` clears. */
export function espoOtherKindClears(espo: EspoBeteiligte, kind: PartyKind): Partial<EspoBeteiligte> {
  const other: PartyKind = kind === 'person' ? 'company' : 'person';
  const clears: Record<string, null> = {};
  for (const m of otherKindFields((m) => espo[m.espo[other]], kind)) clears[m.espo[other]] = null;
  return clears as Partial<EspoBeteiligte>;
}

/**
 * EspoCRM attributes for the given master fields. For persons the display `name` is set to
 * "Vorname Name" whenever a name part is written; pass `full` so both parts are known.
 */
export function espoPatchFromMaster(
  fields: Partial<MasterData>,
  kind: PartyKind,
  full?: MasterData,
): Partial<EspoBeteiligte> {
  const patch: Record<string, unknown> = {};
  for (const m of MASTER_FIELD_MAP) {
    if (!(m.field in fields) || !m.appliesTo.includes(kind)) continue;
    const value = fields[m.field] ?? null;
    patch[m.espo[kind]] = m.toEspo ? m.toEspo(value) : value;
  }
  if (kind === 'person' && ('name' in fields || 'vorname' in fields)) {
    const source = full ?? fields;
    const display = [source.vorname, source.name].filter((part) => part !== null && part !== undefined && part !== '');
    patch.name = display.length > 0 ? display.join(' ') : null;
  }
  return patch as Partial<EspoBeteiligte>;
}

/**
 * Full PUT body for Advoware: the record as read with only the mapped fields that differ
 * from `merged` replaced (PUT replaces the record, so unknown fields must travel along).
 * Embedded lists (kommunikation, adressen, …) and rowId/geaendertAm are left out.
 */
export function advowareBodyFromMaster(
  current: AdvowareBeteiligter,
  merged: MasterData,
  /** Kind changed: also empty the fields of the old kind (docs/SYNC_RULES.md). */
  clearOtherKind = false,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) {
    if (key === 'rowId' || key === 'geaendertAm' || Array.isArray(value)) continue;
    body[key] = value;
  }
  const changed = new Set(advowareFieldsToWrite(current, merged));
  for (const m of MASTER_FIELD_MAP) {
    if (!changed.has(m.field)) continue;
    const value = merged[m.field];
    body[m.advoware] = m.toAdvoware ? m.toAdvoware(value) : value;
  }
  if (clearOtherKind) for (const m of advowareOtherKindFields(current, merged.kind)) body[m.advoware] = null;
  return body;
}

/** POST body for a new Advoware Beteiligter from an EspoCRM record (empty fields omitted). */
export function advowareCreateBody(espo: EspoBeteiligte): Record<string, unknown> {
  const master = masterFromEspo(espo);
  const body: Record<string, unknown> = {};
  for (const m of MASTER_FIELD_MAP) {
    const value = master[m.field];
    if (value === null || !m.appliesTo.includes(master.kind)) continue;
    body[m.advoware] = m.toAdvoware ? m.toAdvoware(value) : value;
  }
  return body;
}

/** Search parameters to find an existing Advoware party before creating one. */
export function advowareSearchQuery(espo: EspoBeteiligte): { name: string; vorname?: string } {
  const master = masterFromEspo(espo);
  const query: { name: string; vorname?: string } = { name: master.name ?? '' };
  if (master.kind === 'person' && master.vorname !== null) query.vorname = master.vorname;
  return query;
}

function sameText(a: string | null, b: string | null): boolean {
  return (a ?? '').toLocaleLowerCase('de') === (b ?? '').toLocaleLowerCase('de');
}

function sameWhenBothSet(a: string | null, b: string | null): boolean {
  return a === null || b === null || sameText(a, b);
}

/**
 * Exact match used before creating in Advoware (a previous attempt may have created the
 * party but failed to write betnr back): same kind and name (and first name), and no
 * contradiction in birth date or register number where both sides have one.
 */
export function isSameParty(espo: EspoBeteiligte, candidate: AdvowareBeteiligter): boolean {
  const e = masterFromEspo(espo);
  const a = masterFromAdvoware(candidate);
  if (e.name === null || e.kind !== a.kind) return false;
  return (
    sameText(e.name, a.name) &&
    sameText(e.vorname, a.vorname) &&
    sameWhenBothSet(e.geburtsdatum, a.geburtsdatum) &&
    sameWhenBothSet(e.handelsRegisterNummer, a.handelsRegisterNummer)
  );
}
