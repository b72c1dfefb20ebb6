import { z } from 'zod';
import type { EspoBankverbindung } from '../../domain/bankverbindungen/types';
import type { EspoBeteiligte } from '../../domain/beteiligte/types';
import type { EspoAdresse } from '../../domain/adressen/plan';

/**
 * Wire formats of EspoCRM as this service reads them. Loose: attributes we do not know are kept.
 * Record schemas check the shape the sync relies on (types, required ids), not the values it
 * writes: records from the old Python system may carry unknown statuses or odd timestamps, and
 * the sweep must still pick them up. Each is tied to its domain type with `satisfies`.
 */

export const SYNC_STATUSES = [
  'pending_sync',
  'dirty',
  'syncing',
  'clean',
  'failed',
  'permanently_failed',
  'conflict',
  'deleted_in_advoware',
] as const;
export const syncStatusSchema = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** `YYYY-MM-DD HH:mm:ss`, always UTC. */
export const espoDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
export const espoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const emailAddressEntrySchema = z.looseObject({
  emailAddress: z.string(),
  lower: z.string().optional(),
  primary: z.boolean(),
  optOut: z.boolean().optional(),
  invalid: z.boolean().optional(),
});
export type EmailAddressEntry = z.infer<typeof emailAddressEntrySchema>;

/** `Home` is an extra type configured on the firm's instance. */
export const PHONE_TYPES = ['Office', 'Mobile', 'Fax', 'Home', 'Other'] as const;
export const phoneNumberEntrySchema = z.looseObject({
  phoneNumber: z.string(),
  primary: z.boolean(),
  type: z.string().nullish(),
  optOut: z.boolean().optional(),
  invalid: z.boolean().optional(),
});
export type PhoneNumberEntry = z.infer<typeof phoneNumberEntrySchema>;

const text = z.string().nullish();
/** Format not enforced: legacy rows may deviate, and the backoff treats an unreadable time as absent. */
const dateTime = z.string().nullish();

export const cBeteiligteSchema = z.looseObject({
  id: z.string(),
  name: text,
  firstName: text,
  lastName: text,
  salutationName: text,
  titel: text,
  rechtsform: text,
  geburtsdatum: text,
  handelsregisterNummer: text,
  registergericht: text,
  emailAddress: text,
  emailAddressData: z.array(emailAddressEntrySchema).nullish(),
  phoneNumber: text,
  phoneNumberData: z.array(phoneNumberEntrySchema).nullish(),
  betnr: z.number().int().nullish(),
  /** Any text: the sweep deliberately picks up statuses it does not know (see SYNC_STATUSES for ours). */
  syncStatus: text,
  advowareLastSync: dateTime,
  advowareRowId: text,
  syncRetryCount: z.number().int().nullish(),
  syncNextRetry: dateTime,
  syncAutoResetAt: dateTime,
  syncErrorMessage: text,
  kommunikationHash: text,
  /** JSON text: the normalised master data both sides agreed on at the last sync. */
  advowareSyncBase: text,
  createdAt: dateTime,
  modifiedAt: dateTime,
  versionNumber: z.number().int().nullish(),
  deleted: z.boolean().optional(),
}) satisfies z.ZodType<EspoBeteiligte>;
export type CBeteiligte = z.infer<typeof cBeteiligteSchema>;

/** `CBankverbindungen`; `advowareKontoId` may be a varchar on older instances. */
export const cBankverbindungSchema = z.looseObject({
  id: z.string(),
  name: text,
  iban: text,
  bic: text,
  kontoinhaber: text,
  bankname: text,
  istAktiv: z.boolean().nullish(),
  istStandard: z.boolean().nullish(),
  advowareKontoId: z.union([z.number(), z.string()]).nullish(),
  advowareLastSync: dateTime,
  syncStatus: text,
  syncErrorMessage: text,
}) satisfies z.ZodType<EspoBankverbindung>;

/** `CAdressen`: the sync reads its fields by name (domain/adressen), so it only checks the link attributes. */
export const cAdresseSchema = z.looseObject({
  id: z.string(),
  name: text,
  advowareAdresseId: z.union([z.number(), z.string()]).nullish(),
  syncStatus: text,
  syncErrorMessage: text,
}) satisfies z.ZodType<EspoAdresse>;

/** What a linked record (e.g. a bank account's party) must tell: its Advoware betNr, if any. */
export const espoPartyLinkSchema = z.looseObject({ id: z.string(), betnr: z.number().int().nullish() });

/** Any record: an id and whatever else it carries. */
export const espoRecordSchema = z.looseObject({ id: z.string() });

export function listResponseSchema<T extends z.ZodType>(item: T) {
  return z.object({ total: z.number().int(), list: z.array(item) });
}

export const webhookSchema = z.looseObject({
  id: z.string(),
  event: z.string(),
  url: z.string(),
  secretKey: z.string().optional(),
  skipOwn: z.boolean().optional(),
  isActive: z.boolean().optional(),
});
export type EspoCrmWebhook = z.infer<typeof webhookSchema>;
