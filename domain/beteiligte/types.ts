/**
 * Wire shapes of the two systems as the clients return them: the one definition of each record.
 * The clients' zod schemas are checked against these (`satisfies z.ZodType<…>` in
 * clients/advoware|espocrm/schemas.ts), so a schema that drifts from what the sync reads fails to compile.
 * Only the attributes the Beteiligte sync reads or writes.
 */

export type EspoPhoneType = 'Office' | 'Mobile' | 'Fax' | 'Home' | 'Other';

export interface EspoEmail {
  emailAddress: string;
  primary: boolean;
  optOut?: boolean;
  invalid?: boolean;
  /** Read-only in EspoCRM; ignored when comparing. */
  lower?: string;
}

export interface EspoPhone {
  phoneNumber: string;
  primary: boolean;
  /** Absent on legacy entries; read as `Other` (canonicalPhoneType). */
  type?: EspoPhoneType | string | null;
  optOut?: boolean;
  invalid?: boolean;
}

export interface EspoBeteiligte {
  id: string;
  name?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  salutationName?: string | null;
  titel?: string | null;
  rechtsform?: string | null;
  /** `YYYY-MM-DD` */
  geburtsdatum?: string | null;
  handelsregisterNummer?: string | null;
  registergericht?: string | null;
  emailAddressData?: EspoEmail[] | null;
  phoneNumberData?: EspoPhone[] | null;
  betnr?: number | null;
  syncStatus?: string | null;
  advowareLastSync?: string | null;
  advowareRowId?: string | null;
  syncRetryCount?: number | null;
  syncNextRetry?: string | null;
  syncAutoResetAt?: string | null;
  syncErrorMessage?: string | null;
  kommunikationHash?: string | null;
  advowareSyncBase?: string | null;
  /** UTC `YYYY-MM-DD HH:mm:ss` */
  modifiedAt?: string | null;
  versionNumber?: number | null;
}

export interface AdvowareKommunikation {
  id: number;
  betNr?: number | null;
  rowId: string;
  kommArt?: number | null;
  kommKz: number;
  tlf: string | null;
  bemerkung: string | null;
  online?: boolean | null;
}

export interface AdvowareBeteiligter {
  betNr: number;
  rowId: string;
  /** ISO date-time, possibly without zone (treated as UTC). */
  geaendertAm?: string | null;
  name?: string | null;
  vorname?: string | null;
  rechtsform?: string | null;
  anrede?: string | null;
  titel?: string | null;
  /** ISO date-time */
  geburtsdatum?: string | null;
  handelsRegisterNummer?: string | null;
  registergericht?: string | null;
  kommunikation?: AdvowareKommunikation[];
  [unknownField: string]: unknown;
}

/**
 * Body for POST/PUT Beteiligte. PUT replaces the whole record, so it is the record as read
 * (unknown fields kept) with the mapped fields changed; POST carries only the filled fields.
 */
export type AdvowareBeteiligterWrite = Record<string, unknown>;

export type SyncStatus =
  | 'pending_sync'
  | 'dirty'
  | 'syncing'
  | 'clean'
  | 'failed'
  | 'permanently_failed'
  | 'conflict'
  | 'deleted_in_advoware';
