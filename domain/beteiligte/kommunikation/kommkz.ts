import type { EspoPhoneType } from '../types';

/**
 * The ONE Advoware `kommKz` table. The codes are the commonly documented Advoware
 * enumeration and were not verified against a live tenant — correct them here only.
 *
 * `espoType` is where an entry of that code lands in EspoCRM: `'email'` → emailAddressData,
 * a phone type → phoneNumberData. Decisions beyond the architecture table:
 * 7 FaxPrivat → Fax, 8 MailPrivat → e-mail, 9 AutoTelefon → Mobile.
 */

export type KommKind = 'email' | 'phone' | 'fax';
/** Where an entry lives in EspoCRM: the e-mail list, or the phone list with this type. */
export type EspoTarget = 'email' | EspoPhoneType;

export interface KommKzInfo {
  code: number;
  name: string;
  syncRelevant: boolean;
  espoType: EspoTarget | null;
}

export const KOMMKZ_TABLE: readonly KommKzInfo[] = [
  { code: 1, name: 'TelGesch', syncRelevant: true, espoType: 'Office' },
  { code: 2, name: 'FaxGesch', syncRelevant: true, espoType: 'Fax' },
  { code: 3, name: 'Mobil', syncRelevant: true, espoType: 'Mobile' },
  { code: 4, name: 'MailGesch', syncRelevant: true, espoType: 'email' },
  { code: 5, name: 'Internet', syncRelevant: false, espoType: null },
  { code: 6, name: 'TelPrivat', syncRelevant: true, espoType: 'Home' },
  { code: 7, name: 'FaxPrivat', syncRelevant: true, espoType: 'Fax' },
  { code: 8, name: 'MailPrivat', syncRelevant: true, espoType: 'email' },
  { code: 9, name: 'AutoTelefon', syncRelevant: true, espoType: 'Mobile' },
  { code: 10, name: 'Sonstige', syncRelevant: true, espoType: 'Other' },
  { code: 11, name: 'EPost', syncRelevant: false, espoType: null },
  { code: 12, name: 'beA', syncRelevant: false, espoType: null },
];

/** The kommKz used when EspoCRM creates an entry of that kind (Office→1, Fax→2, Mobile→3, Home→6, Other→10, e-mail→4). */
export const PREFERRED_KOMMKZ: Readonly<Record<EspoTarget, number>> = {
  email: 4,
  Office: 1,
  Fax: 2,
  Mobile: 3,
  Home: 6,
  Other: 10,
};

export const KOMMKZ_EMAIL = PREFERRED_KOMMKZ.email;
export const KOMMKZ_PHONE_DEFAULT = PREFERRED_KOMMKZ.Office;

const BY_CODE = new Map(KOMMKZ_TABLE.map((info) => [info.code, info]));

export function kommKzInfo(code: number): KommKzInfo | undefined {
  return BY_CODE.get(code);
}

export function isValidKommKz(code: number): boolean {
  return BY_CODE.has(code);
}

export function isSyncRelevantKommKz(code: number): boolean {
  return BY_CODE.get(code)?.syncRelevant ?? false;
}

/** EspoCRM home of an Advoware entry; null for codes that are not synced. */
export function espoTargetForKommKz(code: number): EspoTarget | null {
  return BY_CODE.get(code)?.espoType ?? null;
}

export function kindOfTarget(target: EspoTarget): KommKind {
  if (target === 'email') return 'email';
  return target === 'Fax' ? 'fax' : 'phone';
}

const PHONE_TYPES: readonly EspoPhoneType[] = ['Office', 'Mobile', 'Fax', 'Home', 'Other'];

/** Instance-specific phone types EspoCRM may be configured with are treated as `Other`. */
export function canonicalPhoneType(type: string | null | undefined): EspoPhoneType {
  return PHONE_TYPES.find((t) => t.toLowerCase() === (type ?? '').trim().toLowerCase()) ?? 'Other';
}

export function kommKzForEspoPhoneType(type: string | null | undefined): number {
  return PREFERRED_KOMMKZ[canonicalPhoneType(type)];
}

/** Whether an existing Advoware entry of `code` can hold a value of `target` (kommKz cannot be changed by PUT). */
export function kommKzFits(code: number, target: EspoTarget): boolean {
  return espoTargetForKommKz(code) === target;
}
