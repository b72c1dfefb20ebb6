/** Wire-shaped seed data shared by the simulators. Plain JSON, no product types. */

export interface SeedOptions {
  /** PRNG seed; the same seed always yields the same data. */
  seed?: number;
  /** EspoCRM natural persons (unlinked). */
  persons?: number;
  /** EspoCRM companies (unlinked). */
  companies?: number;
  /** Parties that exist only in Advoware; default a quarter of persons + companies. */
  advowareOnly?: number;
  employees?: number;
  /** Regular (non-special) Termine per employee. */
  terminePerEmployee?: number;
  /** Centre of the Termine window, `YYYY-MM-DD`; passed in so generation never reads a clock. */
  startDate: string;
}

export type Salutation = 'Herr' | 'Frau' | 'Divers' | 'Firma';
export type Titel = 'Dr.' | 'Prof. Dr.';
export type EspoPhoneType = 'Office' | 'Mobile' | 'Fax' | 'Home';

export interface EmployeeSeed {
  kuerzel: string;
  name: string;
  vorname: string;
  email: string;
  aktiv: boolean;
}

/** A `POST /api/v1/CBeteiligte` body for a record not yet linked to Advoware. */
export interface EspoSeed {
  name: string;
  firstName: string | null;
  lastName: string;
  salutationName: Salutation;
  titel: Titel | null;
  rechtsform: string;
  geburtsdatum: string | null;
  handelsregisterNummer: string | null;
  registergericht: string | null;
  emailAddressData: { emailAddress: string; primary: boolean }[];
  phoneNumberData: { phoneNumber: string; primary: boolean; type: EspoPhoneType }[];
  betnr: null;
  syncStatus: 'pending_sync';
}

export interface AdvoKommunikationSeed {
  tlf: string;
  kommKz: number;
  bemerkung: null;
  online: false;
}

/** An Advoware Beteiligte without `betNr` (the simulator assigns it). */
export interface AdvoSeed {
  name: string;
  vorname: string | null;
  rechtsform: string;
  anrede: string;
  titel: Titel | null;
  /** `YYYY-MM-DDT00:00:00` for persons. */
  geburtsdatum: string | null;
  handelsRegisterNummer: string | null;
  registergericht: string | null;
  kommunikation: AdvoKommunikationSeed[];
}

/** An Advoware Termin without `frNr` (the simulator assigns it; negative for `special`). */
export interface TerminSeed {
  datum: string;
  uhrzeitVon?: string;
  uhrzeitBis?: string;
  datumBis?: string;
  text: string;
  notiz?: string;
  ort?: string;
  anwalt: string;
  ganztaegig: boolean;
  privat: boolean;
  turnus?: number;
  turnusArt?: number;
  turnusBis?: string;
  /** Derived entries (Vorfristen, Feiertage) that clients must skip. */
  special?: boolean;
}

export interface SeedData {
  employees: EmployeeSeed[];
  espoBeteiligte: EspoSeed[];
  advowareBeteiligte: AdvoSeed[];
  termine: TerminSeed[];
}
