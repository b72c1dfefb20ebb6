import { z } from 'zod';

/** Wire formats of EspoCRM as this service reads them. Loose: attributes we do not know are kept. */

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
  type: z.string().optional(),
  optOut: z.boolean().optional(),
  invalid: z.boolean().optional(),
});
export type PhoneNumberEntry = z.infer<typeof phoneNumberEntrySchema>;

const text = z.string().nullish();
const dateTime = espoDateTimeSchema.nullish();

export const cBeteiligteSchema = z.looseObject({
  id: z.string(),
  name: text,
  firstName: text,
  lastName: text,
  salutationName: text,
  titel: text,
  rechtsform: text,
  geburtsdatum: espoDateSchema.nullish(),
  handelsregisterNummer: text,
  registergericht: text,
  emailAddress: text,
  emailAddressData: z.array(emailAddressEntrySchema).nullish(),
  phoneNumber: text,
  phoneNumberData: z.array(phoneNumberEntrySchema).nullish(),
  betnr: z.number().int().nullish(),
  syncStatus: syncStatusSchema.nullish(),
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
});
export type CBeteiligte = z.infer<typeof cBeteiligteSchema>;

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
