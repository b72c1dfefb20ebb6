import { readAdresseUpdate, readNewAdresse, type AdresseRecord } from './adressen';
import { readNewBankverbindung, type BankverbindungFields, type BankverbindungRecord } from './bankverbindungen';
import { BETEILIGTE_FIELDS, readStammdaten, type BeteiligteCore, type BeteiligteStamm } from './beteiligte';
import { badRequest, notFound } from './errors';
import { clone, newRowId } from './ids';
import { kommArtFor, readKommunikationUpdate, readNewKommunikation, type KommunikationRecord } from './kommunikation';
import { buildTermin, overlapsWindow, type TerminRecord } from './termine';

export interface Employee {
  kuerzel: string;
  name: string | null;
  vorname: string | null;
  email: string | null;
  aktiv: boolean;
}

export type EmployeeInput = Partial<Employee> & { kuerzel: string };

export interface Akte {
  Id: number;
  Aktenzeichen: string;
  Mandant: string | null;
  Rubrum: string | null;
}

export type BeteiligteView = BeteiligteCore & { kommunikation: KommunikationRecord[]; adressen: AdresseRecord[] };

export interface AdvowareSeed {
  employees?: EmployeeInput[];
  beteiligte?: (Record<string, unknown> & { kommunikation?: unknown[]; adressen?: unknown[]; bankverbindungen?: unknown[] })[];
  termine?: Record<string, unknown>[];
  akten?: Omit<Akte, 'Id'>[];
}

export interface AdvowareSnapshot {
  employees: Employee[];
  beteiligte: BeteiligteView[];
  termine: TerminRecord[];
  akten: Akte[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The simulated Advoware database. Routes use it to answer API calls; tests use it to seed data
 * and to act as a law-firm user editing records in Advoware itself. Everything going in or out
 * is deep-copied.
 *
 * Change-tracking rules (the quirks the sync depends on):
 * - every write to a Beteiligter's master data gives it a new `rowId` and `geaendertAm`;
 * - writes to its Kommunikation or Adressen do NOT touch the Beteiligter's rowId/geaendertAm,
 *   but each child gets a new rowId of its own on every write.
 */
export class AdvowareState {
  private employees = new Map<string, Employee>();
  private beteiligte = new Map<number, BeteiligteCore>();
  private kommunikationen = new Map<number, KommunikationRecord>();
  private adressen = new Map<number, AdresseRecord>();
  private bankverbindungen = new Map<number, BankverbindungRecord>();
  private termine = new Map<number, TerminRecord>();
  private akten = new Map<number, Akte>();
  private nextBetNr = 100001;
  private nextKommunikationId = 88001;
  private nextAdresseId = 5001;
  private nextKontoId = 7001;
  private nextFrNr = 10001;
  private nextSpecialFrNr = -1;
  private nextAkteId = 1;

  constructor(private readonly now: () => number = Date.now) {}

  reset(): void {
    for (const map of [this.employees, this.beteiligte, this.kommunikationen, this.adressen, this.bankverbindungen, this.termine, this.akten]) map.clear();
    this.nextBetNr = 100001;
    this.nextKommunikationId = 88001;
    this.nextAdresseId = 5001;
    this.nextKontoId = 7001;
    this.nextFrNr = 10001;
    this.nextSpecialFrNr = -1;
    this.nextAkteId = 1;
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  // ---- Mitarbeiter -------------------------------------------------------------------------

  /**
   * Adds an employee and (by default two) special Termine with negative frNr in the near future,
   * as Advoware derives them (Vorfristen, travel time) — clients must skip those.
   */
  addEmployee(input: EmployeeInput, options: { specialTermine?: number } = {}): Employee {
    const employee: Employee = {
      kuerzel: input.kuerzel,
      name: input.name ?? null,
      vorname: input.vorname ?? null,
      email: input.email ?? null,
      aktiv: input.aktiv ?? true,
    };
    this.employees.set(employee.kuerzel, employee);
    const count = options.specialTermine ?? 2;
    for (let i = 0; i < count; i++) this.createSpecialTermin(specialTerminFor(employee.kuerzel, i, this.now()));
    return clone(employee);
  }

  listEmployees(): Employee[] {
    return clone([...this.employees.values()]);
  }

  // ---- Beteiligte --------------------------------------------------------------------------

  private view(core: BeteiligteCore): BeteiligteView {
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    return clone({
      ...core,
      kommunikation: [...this.kommunikationen.values()].filter((k) => k.betNr === core.betNr).sort(byId),
      adressen: [...this.adressen.values()].filter((a) => a.betNr === core.betNr).sort(byId),
    });
  }

  private requireBeteiligte(betNr: number): BeteiligteCore {
    const core = this.beteiligte.get(betNr);
    if (!core) throw notFound(`Der Beteiligte mit der Nummer ${betNr} wurde nicht gefunden.`);
    return core;
  }

  private storeStamm(betNr: number, stamm: BeteiligteStamm, geaendertAm?: string): BeteiligteView {
    const core: BeteiligteCore = { betNr, rowId: newRowId(), geaendertAm: geaendertAm ?? this.isoNow(), ...stamm };
    this.beteiligte.set(betNr, core);
    return this.view(core);
  }

  /** POST semantics: master data only; embedded kommunikation/adressen in `data` are ignored. */
  createBeteiligte(data: Record<string, unknown>): BeteiligteView {
    const stamm = readStammdaten(data);
    return this.storeStamm(this.nextBetNr++, stamm);
  }

  /**
   * PUT semantics: full replace of the master data, fields left out become null. Fields in
   * `ignored` are read-only on PUT (as Advoware does for 8 Adressen fields; unknown for
   * Beteiligte): they keep their stored value whatever the body says, and the answer shows it.
   */
  replaceBeteiligte(betNr: number, data: Record<string, unknown>, ignored: ReadonlySet<string> = new Set()): BeteiligteView {
    const current = this.requireBeteiligte(betNr);
    const stamm = readStammdaten(data);
    for (const field of BETEILIGTE_FIELDS) if (ignored.has(field)) stamm[field] = current[field];
    return this.storeStamm(betNr, stamm);
  }

  /** A user editing the party in Advoware: merges `patch`; `geaendertAm` may be set explicitly for tests. */
  updateBeteiligte(betNr: number, patch: Partial<BeteiligteStamm> & { geaendertAm?: string }): BeteiligteView {
    const current = this.requireBeteiligte(betNr);
    const { geaendertAm, ...fields } = patch;
    const merged: Record<string, unknown> = {};
    for (const field of BETEILIGTE_FIELDS) merged[field] = field in fields ? fields[field] : current[field];
    return this.storeStamm(betNr, readStammdaten(merged), geaendertAm);
  }

  /** A user deleting the party in Advoware (the API itself offers no DELETE). */
  deleteBeteiligte(betNr: number): void {
    this.requireBeteiligte(betNr);
    this.beteiligte.delete(betNr);
    for (const [id, k] of this.kommunikationen) if (k.betNr === betNr) this.kommunikationen.delete(id);
    for (const [id, a] of this.adressen) if (a.betNr === betNr) this.adressen.delete(id);
    for (const [id, b] of this.bankverbindungen) if (b.betNr === betNr) this.bankverbindungen.delete(id);
  }

  getBeteiligte(betNr: number): BeteiligteView | undefined {
    const core = this.beteiligte.get(betNr);
    return core ? this.view(core) : undefined;
  }

  listBeteiligte(): BeteiligteView[] {
    return [...this.beteiligte.values()].sort((a, b) => a.betNr - b.betNr).map((core) => this.view(core));
  }

  /** Exact (case-sensitive) match on name and, when given, vorname. */
  searchBeteiligte(name: string, vorname?: string): BeteiligteView[] {
    return [...this.beteiligte.values()]
      .filter((b) => b.name === name && (vorname === undefined || b.vorname === vorname))
      .sort((a, b) => a.betNr - b.betNr)
      .map((core) => this.view(core));
  }

  // ---- Kommunikationen ---------------------------------------------------------------------

  addKommunikation(betNr: number, body: unknown): KommunikationRecord {
    this.requireBeteiligte(betNr);
    const input = readNewKommunikation(body);
    const record: KommunikationRecord = { id: this.nextKommunikationId++, betNr, rowId: newRowId(), kommArt: kommArtFor(input.kommKz), ...input };
    this.kommunikationen.set(record.id, record);
    return clone(record);
  }

  private requireKommunikation(betNr: number, id: number): KommunikationRecord {
    this.requireBeteiligte(betNr);
    const record = this.kommunikationen.get(id);
    if (!record || record.betNr !== betNr) throw notFound(`Die Kommunikation ${id} des Beteiligten ${betNr} wurde nicht gefunden.`);
    return record;
  }

  /**
   * PUT semantics: tlf/bemerkung/online present in the body are applied; kommKz is ignored.
   * Fields in `readOnly` are kept as stored, silently (a tenant with read-only fields).
   */
  updateKommunikation(betNr: number, id: number, body: unknown, readOnly: ReadonlySet<string> = new Set()): KommunikationRecord {
    const record = this.requireKommunikation(betNr, id);
    const update: Record<string, unknown> = readKommunikationUpdate(body);
    for (const field of readOnly) delete update[field];
    Object.assign(record, update, { rowId: newRowId() });
    return clone(record);
  }

  /** A user deleting the entry in Advoware itself (the API answers 403 instead). */
  deleteKommunikation(betNr: number, id: number): void {
    this.requireKommunikation(betNr, id);
    this.kommunikationen.delete(id);
  }

  // ---- Adressen ----------------------------------------------------------------------------

  addAdresse(betNr: number, body: unknown): AdresseRecord {
    this.requireBeteiligte(betNr);
    const record: AdresseRecord = { id: this.nextAdresseId++, betNr, rowId: newRowId(), ...readNewAdresse(body) };
    this.adressen.set(record.id, record);
    return clone(record);
  }

  /** PUT semantics: only strasse/plz/ort/anschrift change. */
  updateAdresse(betNr: number, id: number, body: unknown): AdresseRecord {
    const record = this.requireAdresse(betNr, id);
    Object.assign(record, readAdresseUpdate(body), { rowId: newRowId() });
    return clone(record);
  }

  private requireAdresse(betNr: number, id: number): AdresseRecord {
    this.requireBeteiligte(betNr);
    const record = this.adressen.get(id);
    if (!record || record.betNr !== betNr) throw notFound(`Die Adresse ${id} des Beteiligten ${betNr} wurde nicht gefunden.`);
    return record;
  }

  /** A user editing the address in Advoware itself, where every field can change (the API's PUT cannot). */
  editAdresseAsUser(betNr: number, id: number, patch: Partial<Omit<AdresseRecord, 'id' | 'betNr' | 'rowId'>>): AdresseRecord {
    const record = this.requireAdresse(betNr, id);
    const { id: _id, betNr: _betNr, rowId: _rowId, ...current } = record;
    Object.assign(record, readNewAdresse({ ...current, ...patch }), { rowId: newRowId() });
    return clone(record);
  }

  /** A user deleting the address in Advoware itself (the API answers 403 instead). */
  deleteAdresseAsUser(betNr: number, id: number): void {
    this.requireAdresse(betNr, id);
    this.adressen.delete(id);
  }

  // ---- Bankverbindungen (API: POST and GET only) -------------------------------------------

  addBankverbindung(betNr: number, body: unknown): BankverbindungRecord {
    this.requireBeteiligte(betNr);
    const record: BankverbindungRecord = { id: this.nextKontoId++, betNr, rowId: newRowId(), ...readNewBankverbindung(body) };
    this.bankverbindungen.set(record.id, record);
    return clone(record);
  }

  listBankverbindungen(betNr: number): BankverbindungRecord[] {
    this.requireBeteiligte(betNr);
    return clone([...this.bankverbindungen.values()].filter((b) => b.betNr === betNr).sort((a, b) => a.id - b.id));
  }

  private requireBankverbindung(betNr: number, id: number): BankverbindungRecord {
    this.requireBeteiligte(betNr);
    const record = this.bankverbindungen.get(id);
    if (!record || record.betNr !== betNr) throw notFound(`Die Bankverbindung ${id} des Beteiligten ${betNr} wurde nicht gefunden.`);
    return record;
  }

  /** A user editing the account in Advoware itself (the API offers no PUT). */
  editBankverbindungAsUser(betNr: number, id: number, patch: Partial<BankverbindungFields>): BankverbindungRecord {
    const record = this.requireBankverbindung(betNr, id);
    Object.assign(record, patch, { rowId: newRowId() });
    return clone(record);
  }

  /** A user deleting the account in Advoware itself (the API offers no DELETE). */
  deleteBankverbindungAsUser(betNr: number, id: number): void {
    this.requireBankverbindung(betNr, id);
    this.bankverbindungen.delete(id);
  }


  // ---- Termine -----------------------------------------------------------------------------

  createTermin(body: unknown): TerminRecord {
    const record = buildTermin(this.nextFrNr, body, this.isoNow());
    this.nextFrNr++;
    this.termine.set(record.frNr, record);
    return clone(record);
  }

  /** A derived entry (Vorfrist, Fahrtzeit, Feiertag…) with a negative frNr. */
  createSpecialTermin(body: unknown): TerminRecord {
    const record = buildTermin(this.nextSpecialFrNr, body, this.isoNow());
    this.nextSpecialFrNr--;
    this.termine.set(record.frNr, record);
    return clone(record);
  }

  private requireTermin(frNr: number): TerminRecord {
    const record = this.termine.get(frNr);
    if (!record) throw notFound(`Der Termin mit der Nummer ${frNr} wurde nicht gefunden.`);
    return record;
  }

  getTermin(frNr: number): TerminRecord | undefined {
    const record = this.termine.get(frNr);
    return record ? clone(record) : undefined;
  }

  /** Partial update: keys in `patch` win, null clears. */
  updateTermin(frNr: number, patch: unknown): TerminRecord {
    const current = this.requireTermin(frNr);
    const record = buildTermin(frNr, patch, this.isoNow(), current);
    this.termine.set(frNr, record);
    return clone(record);
  }

  deleteTermin(frNr: number): void {
    this.requireTermin(frNr);
    this.termine.delete(frNr);
  }

  /** All Termine, or those of one Kürzel whose date range (or series) overlaps [from, to]. */
  listTermine(filter: { kuerzel?: string; from?: string; to?: string } = {}): TerminRecord[] {
    return clone(
      [...this.termine.values()]
        .filter((t) => filter.kuerzel === undefined || t.anwalt === filter.kuerzel)
        .filter((t) => overlapsWindow(t, filter.from ?? '0000-01-01', filter.to ?? '9999-12-31'))
        .sort((a, b) => a.datum.localeCompare(b.datum) || (a.uhrzeitVon ?? '').localeCompare(b.uhrzeitVon ?? '') || a.frNr - b.frNr),
    );
  }

  // ---- Akten -------------------------------------------------------------------------------

  addAkte(input: Omit<Akte, 'Id' | 'Rubrum'> & { Rubrum?: string | null }): Akte {
    if (!input.Aktenzeichen) throw badRequest("Das Feld 'Aktenzeichen' ist ein Pflichtfeld.");
    const akte: Akte = { Id: this.nextAkteId++, Aktenzeichen: input.Aktenzeichen, Mandant: input.Mandant ?? null, Rubrum: input.Rubrum ?? null };
    this.akten.set(akte.Id, akte);
    return clone(akte);
  }

  /** Case-insensitive substring search over Aktenzeichen, Mandant and Rubrum. */
  listAkten(search?: string): Akte[] {
    const needle = search?.toLowerCase();
    return clone(
      [...this.akten.values()].filter(
        (a) => !needle || [a.Aktenzeichen, a.Mandant, a.Rubrum].some((v) => v?.toLowerCase().includes(needle)),
      ),
    );
  }

  getAkte(id: number): Akte | undefined {
    const akte = this.akten.get(id);
    return akte ? clone(akte) : undefined;
  }

  // ---- Whole-state helpers -----------------------------------------------------------------

  seed(data: AdvowareSeed): AdvowareSnapshot {
    for (const employee of data.employees ?? []) this.addEmployee(employee);
    for (const { kommunikation, adressen, bankverbindungen, ...stamm } of data.beteiligte ?? []) {
      const created = this.createBeteiligte(stamm);
      for (const k of kommunikation ?? []) this.addKommunikation(created.betNr, k);
      for (const a of adressen ?? []) this.addAdresse(created.betNr, a);
      for (const b of bankverbindungen ?? []) this.addBankverbindung(created.betNr, b);
    }
    for (const termin of data.termine ?? []) this.createTermin(termin);
    for (const akte of data.akten ?? []) this.addAkte(akte);
    return this.snapshot();
  }

  snapshot(): AdvowareSnapshot {
    return {
      employees: this.listEmployees(),
      beteiligte: this.listBeteiligte(),
      termine: this.listTermine(),
      akten: this.listAkten(),
    };
  }
}

function specialTerminFor(kuerzel: string, index: number, nowMs: number): Record<string, unknown> {
  const day = (offset: number) => new Date(nowMs + offset * DAY_MS).toISOString().slice(0, 10);
  if (index % 2 === 0) {
    return { datum: day(2 + index), ganztaegig: true, text: `Vorfrist ${index + 1}/26`, anwalt: kuerzel };
  }
  return { datum: day(3 + index), uhrzeitVon: '08:00:00', uhrzeitBis: '09:00:00', text: 'Fahrtzeit', anwalt: kuerzel };
}
