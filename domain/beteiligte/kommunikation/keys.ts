import { normaliseEmail, normalisePhone } from '../normalise';
import type { EspoEmail, EspoPhone } from '../types';
import { canonicalPhoneType, kindOfTarget, type EspoTarget, type KommKind } from './kommkz';

/**
 * A Kommunikation value's identity on both sides: `"<kind>:<normalised value>"`, e.g.
 * `email:max@example.com`, `phone:+495111234560`, `fax:+495111234561`. The phone type
 * (Office/Mobile/…) is an attribute of the entry, not part of its identity.
 */
export type KommKey = string;

export function normaliseKommValue(kind: KommKind, value: string): string {
  return kind === 'email' ? normaliseEmail(value) : normalisePhone(value);
}

/** Null for an empty value: it identifies nothing. */
export function kommKey(kind: KommKind, value: string | null | undefined): KommKey | null {
  const normalised = normaliseKommValue(kind, value ?? '');
  return normalised === '' ? null : `${kind}:${normalised}`;
}

export function espoPhoneTarget(phone: EspoPhone): EspoTarget {
  return canonicalPhoneType(phone.type);
}

export function espoEmailKey(email: EspoEmail): KommKey | null {
  return kommKey('email', email.emailAddress);
}

export function espoPhoneKey(phone: EspoPhone): KommKey | null {
  return kommKey(kindOfTarget(espoPhoneTarget(phone)), phone.phoneNumber);
}
