import type { EspoEmail, EspoPhone } from '../types';
import type { EspoTarget } from './kommkz';

/** Helpers for the EspoCRM side of a Kommunikation plan: building, primary flags, equality. */

export function cleanEmail(entry: EspoEmail, changes: Partial<EspoEmail> = {}): EspoEmail {
  return {
    emailAddress: changes.emailAddress ?? entry.emailAddress,
    primary: changes.primary ?? entry.primary,
    optOut: entry.optOut ?? false,
    invalid: entry.invalid ?? false,
  };
}

export function cleanPhone(entry: EspoPhone, changes: Partial<EspoPhone> = {}): EspoPhone {
  return {
    phoneNumber: changes.phoneNumber ?? entry.phoneNumber,
    type: changes.type ?? entry.type,
    primary: changes.primary ?? entry.primary,
    optOut: entry.optOut ?? false,
    invalid: entry.invalid ?? false,
  };
}

export function newEmail(value: string): EspoEmail {
  return { emailAddress: value, primary: false, optOut: false, invalid: false };
}

export function newPhone(value: string, type: Exclude<EspoTarget, 'email'>): EspoPhone {
  return { phoneNumber: value, type, primary: false, optOut: false, invalid: false };
}

/** Exactly one primary in a non-empty list: the first surviving primary, else the first entry. */
export function withOnePrimary<T extends { primary: boolean }>(list: T[]): T[] {
  if (list.length === 0) return list;
  const first = list.findIndex((entry) => entry.primary);
  const keep = first === -1 ? 0 : first;
  return list.map((entry, i) => (entry.primary === (i === keep) ? entry : { ...entry, primary: i === keep }));
}

export function sameEmails(a: readonly EspoEmail[], b: readonly EspoEmail[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return x.emailAddress === y.emailAddress && x.primary === y.primary
      && (x.optOut ?? false) === (y.optOut ?? false) && (x.invalid ?? false) === (y.invalid ?? false);
  });
}

export function samePhones(a: readonly EspoPhone[], b: readonly EspoPhone[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i];
    return x.phoneNumber === y.phoneNumber && x.type === y.type && x.primary === y.primary
      && (x.optOut ?? false) === (y.optOut ?? false) && (x.invalid ?? false) === (y.invalid ?? false);
  });
}
