/** EspoCRM `CBankverbindungen` as the sync reads it (reference §6.2); unknown attributes pass through. */
export interface EspoBankverbindung {
  id: string;
  name?: string | null;
  iban?: string | null;
  bic?: string | null;
  kontoinhaber?: string | null;
  bankname?: string | null;
  istAktiv?: boolean | null;
  istStandard?: boolean | null;
  advowareKontoId?: number | string | null;
  advowareLastSync?: string | null;
  /** Any text: records from the old system may carry statuses this sync never writes. */
  syncStatus?: BankSyncStatus | (string & {}) | null;
  syncErrorMessage?: string | null;
  [key: string]: unknown;
}

export type BankSyncStatus = 'clean' | 'unclean' | 'failed';

/** An Advoware Bankverbindung as the client hands it over (field names are a guess, see docs/SYNC_RULES.md). */
export interface AdvowareBankverbindung {
  id: number;
  iban?: string | null;
  bic?: string | null;
  kontoinhaber?: string | null;
  bankname?: string | null;
}

/** The fields both sides hold and the sync compares; `istAktiv`/`istStandard` exist only in EspoCRM. */
export const BANK_FIELDS = ['iban', 'bic', 'kontoinhaber', 'bankname'] as const;
export type BankField = (typeof BANK_FIELDS)[number];

/** POST body for a new Advoware Bankverbindung: every compared field, empty ones as null. */
export type AdvowareBankverbindungWrite = Record<BankField, string | null>;

/** What the workflow remembers of an account, so a delete (whose webhook carries only the id) can name it. */
export interface KnownBankverbindung {
  /** The party's EspoCRM id, so the Task hangs on the party once the account itself is gone. */
  partyEspoId?: string | null;
  betNr: number;
  kontoId: number;
  iban: string | null;
  name: string | null;
}
