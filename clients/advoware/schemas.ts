import { z } from 'zod';
import type { AdvowareBankverbindung as BankRecord, AdvowareBankverbindungWrite } from '../../domain/bankverbindungen/types';
import type { AdvowareBeteiligter, AdvowareBeteiligterWrite, AdvowareKommunikation as KommunikationRecord } from '../../domain/beteiligte/types';
import type { AdvowareTermin as TerminRecord } from '../../domain/calendar/types';

/**
 * Wire formats as modelled (not confirmed against swagger). Records are `.loose()` so fields we
 * do not know survive a read-modify-write: Beteiligte PUT replaces the whole record.
 * The record types live in domain/; `satisfies` keeps each schema's output assignable to its
 * domain type, so the sync reads what the client validated without a cast.
 */

export const discoveryResponseSchema = z.object({
  relayUrl: z.string().nullish(),
  connectorUrl: z.string().nullish(),
  securityGateway: z.string().min(1),
});

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expiration_utc: z.string().nullish(),
  expires_in: z.number().nullish(),
});

export const kommunikationSchema = z
  .object({
    id: z.number().int(),
    betNr: z.number().int().nullish(),
    rowId: z.string(),
    kommArt: z.number().int().nullish(),
    /** May read as 0 (Advoware GET bug); recover the type from the marker. */
    kommKz: z.number().int(),
    tlf: z.string().nullable(),
    bemerkung: z.string().nullable(),
    online: z.boolean().nullish(),
  })
  .loose() satisfies z.ZodType<KommunikationRecord>;

export const adresseSchema = z
  .object({
    id: z.number().int(),
    betNr: z.number().int().nullish(),
    rowId: z.string().nullish(),
    strasse: z.string().nullish(),
    plz: z.string().nullish(),
    ort: z.string().nullish(),
    anschrift: z.string().nullish(),
  })
  .loose();

/** Field names as in the EspoCRM mirror (reference §1.8); unconfirmed for Advoware, hence the aliases. */
export const bankverbindungWireSchema = z
  .object({
    id: z.number().int().optional(),
    kontoId: z.number().int().optional(),
    betNr: z.number().int().nullish(),
    iban: z.string().nullish(),
    bic: z.string().nullish(),
    kontoinhaber: z.string().nullish(),
    bankname: z.string().nullish(),
    bank: z.string().nullish(),
  })
  .loose();

/** A Bankverbindung as the product reads it: `id` from `id` or `kontoId`, `bankname` from `bankname` or `bank`. */
export const bankverbindungSchema = bankverbindungWireSchema
  .refine((b) => b.id !== undefined || b.kontoId !== undefined, { message: 'a Bankverbindung needs an id (id or kontoId)' })
  .transform((b) => ({ ...b, id: (b.id ?? b.kontoId) as number, bankname: b.bankname ?? b.bank ?? null })) satisfies z.ZodType<BankRecord>;

export const beteiligteSchema = z
  .object({
    betNr: z.number().int(),
    rowId: z.string(),
    geaendertAm: z.string().nullish(),
    name: z.string().nullish(),
    vorname: z.string().nullish(),
    rechtsform: z.string().nullish(),
    anrede: z.string().nullish(),
    titel: z.string().nullish(),
    /** ISO date-time, `YYYY-MM-DDT00:00:00`. */
    geburtsdatum: z.string().nullish(),
    handelsRegisterNummer: z.string().nullish(),
    registergericht: z.string().nullish(),
    kommunikation: z.array(kommunikationSchema).optional(),
    adressen: z.array(adresseSchema).optional(),
  })
  .loose() satisfies z.ZodType<AdvowareBeteiligter>;

export const terminSchema = z
  .object({
    frNr: z.number().int(),
    /** `YYYY-MM-DD` */
    datum: z.string(),
    /** `HH:MM:SS`, absent for all-day entries. */
    uhrzeitVon: z.string().nullish(),
    uhrzeitBis: z.string().nullish(),
    datumBis: z.string().nullish(),
    text: z.string().nullish(),
    notiz: z.string().nullish(),
    ort: z.string().nullish(),
    anwalt: z.string().nullish(),
    ganztaegig: z.boolean().nullish(),
    privat: z.boolean().nullish(),
    turnus: z.number().int().nullish(),
    turnusArt: z.number().int().nullish(),
    turnusBis: z.string().nullish(),
    zuletztGeaendertAm: z.string().nullish(),
  })
  .loose() satisfies z.ZodType<TerminRecord>;

export const employeeSchema = z
  .object({
    kuerzel: z.string(),
    name: z.string().nullish(),
    vorname: z.string().nullish(),
    email: z.string().nullish(),
    aktiv: z.boolean().nullish(),
  })
  .loose();

export type AdvowareDiscovery = z.infer<typeof discoveryResponseSchema>;
export type AdvowareTokenResponse = z.infer<typeof tokenResponseSchema>;
export type AdvowareKommunikation = z.infer<typeof kommunikationSchema>;
export type AdvowareAdresse = z.infer<typeof adresseSchema>;
/** POST accepts every field; PUT applies only strasse, plz, ort, anschrift. */
export type AdvowareAdresseWrite = Record<string, unknown>;
export type AdvowareBeteiligte = z.infer<typeof beteiligteSchema>;
export type AdvowareBankverbindung = z.infer<typeof bankverbindungSchema>;
export type AdvowareBankverbindungCreate = AdvowareBankverbindungWrite;
export type AdvowareTermin = z.infer<typeof terminSchema>;
export type AdvowareEmployee = z.infer<typeof employeeSchema>;

/** Body for POST/PUT Beteiligte. PUT replaces: send the record as read with only mapped fields changed. */
export type AdvowareBeteiligteWrite = AdvowareBeteiligterWrite;

export interface AdvowareKommunikationCreate {
  tlf: string | null;
  bemerkung: string | null;
  /** 1–12; cannot be changed later. */
  kommKz: number;
  online: boolean;
}

/** PUT applies tlf, bemerkung and online; Advoware ignores kommKz here. */
export type AdvowareKommunikationUpdate = Partial<Omit<AdvowareKommunikationCreate, 'kommKz'>>;

/** Body for POST (datum required) and PUT (partial merge) Termine. */
export type AdvowareTerminWrite = Partial<Omit<AdvowareTermin, 'frNr' | 'zuletztGeaendertAm'>> & Record<string, unknown>;
