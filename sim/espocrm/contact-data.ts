import { DEFAULT_PHONE_TYPE, PHONE_TYPES } from './entity-defs';
import { validationFailure } from './http-error';

/**
 * EspoCRM keeps an e-mail or phone field as a primary string (`emailAddress`) plus the full
 * list (`emailAddressData`). Exactly one entry is primary and the string always equals it.
 * Sending the list replaces it; sending only the string replaces the primary entry.
 */
export interface EmailEntry {
  emailAddress: string;
  lower: string;
  primary: boolean;
  optOut: boolean;
  invalid: boolean;
}

export interface PhoneEntry {
  phoneNumber: string;
  primary: boolean;
  type: string;
  optOut: boolean;
  invalid: boolean;
}

type Entry = { primary: boolean };

interface Ctx {
  entityType: string;
  field: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Exactly one primary: the first flagged one, else the first entry. */
function settlePrimary<T extends Entry>(entries: T[]): T[] {
  const primaryIndex = Math.max(
    0,
    entries.findIndex((e) => e.primary),
  );
  return entries.map((e, i) => ({ ...e, primary: i === primaryIndex }));
}

function emailEntry(raw: unknown, ctx: Ctx): EmailEntry {
  if (!isRecord(raw) || !nonEmptyString(raw.emailAddress)) throw validationFailure(ctx.entityType, ctx.field, 'valid');
  const emailAddress = raw.emailAddress.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(emailAddress)) throw validationFailure(ctx.entityType, ctx.field, 'valid');
  return {
    emailAddress,
    lower: emailAddress.toLowerCase(),
    primary: raw.primary === true,
    optOut: raw.optOut === true,
    invalid: raw.invalid === true,
  };
}

function phoneEntry(raw: unknown, ctx: Ctx): PhoneEntry {
  if (!isRecord(raw) || !nonEmptyString(raw.phoneNumber)) throw validationFailure(ctx.entityType, ctx.field, 'valid');
  const type = raw.type ?? DEFAULT_PHONE_TYPE;
  if (typeof type !== 'string' || !(PHONE_TYPES as readonly string[]).includes(type)) {
    throw validationFailure(ctx.entityType, ctx.field, 'valid');
  }
  return {
    phoneNumber: raw.phoneNumber.trim(),
    primary: raw.primary === true,
    type,
    optOut: raw.optOut === true,
    invalid: raw.invalid === true,
  };
}

function dedupe<T>(entries: T[], key: (e: T) => string): T[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(key(e)) ? false : (seen.add(key(e)), true)));
}

/** Builds the new (primary string, data list) pair of an e-mail field from the input and the stored list. */
export function resolveEmailField(
  input: Record<string, unknown>,
  current: EmailEntry[],
  ctx: Ctx,
): { primary: string | null; data: EmailEntry[] } | undefined {
  const dataKey = `${ctx.field}Data`;
  let data: EmailEntry[];
  if (dataKey in input) {
    const raw = input[dataKey];
    if (raw !== null && !Array.isArray(raw)) throw validationFailure(ctx.entityType, ctx.field, 'valid');
    data = (raw ?? []).map((e) => emailEntry(e, ctx));
  } else if (ctx.field in input) {
    const value = input[ctx.field];
    if (value !== null && typeof value !== 'string') throw validationFailure(ctx.entityType, ctx.field, 'valid');
    const rest = current.filter((e) => !e.primary);
    if (!nonEmptyString(value)) {
      data = rest;
    } else {
      const replacement = emailEntry({ emailAddress: value, primary: true }, ctx);
      data = [replacement, ...rest.filter((e) => e.lower !== replacement.lower)];
    }
  } else {
    return undefined;
  }
  data = settlePrimary(dedupe(data, (e) => e.lower));
  return { primary: data.find((e) => e.primary)?.emailAddress ?? null, data };
}

/** Builds the new (primary string, data list) pair of a phone field from the input and the stored list. */
export function resolvePhoneField(
  input: Record<string, unknown>,
  current: PhoneEntry[],
  ctx: Ctx,
): { primary: string | null; data: PhoneEntry[] } | undefined {
  const dataKey = `${ctx.field}Data`;
  let data: PhoneEntry[];
  if (dataKey in input) {
    const raw = input[dataKey];
    if (raw !== null && !Array.isArray(raw)) throw validationFailure(ctx.entityType, ctx.field, 'valid');
    data = (raw ?? []).map((e) => phoneEntry(e, ctx));
  } else if (ctx.field in input) {
    const value = input[ctx.field];
    if (value !== null && typeof value !== 'string') throw validationFailure(ctx.entityType, ctx.field, 'valid');
    const oldPrimary = current.find((e) => e.primary);
    const rest = current.filter((e) => !e.primary);
    if (!nonEmptyString(value)) {
      data = rest;
    } else {
      const replacement = phoneEntry({ phoneNumber: value, primary: true, type: oldPrimary?.type ?? DEFAULT_PHONE_TYPE }, ctx);
      data = [replacement, ...rest.filter((e) => e.phoneNumber !== replacement.phoneNumber)];
    }
  } else {
    return undefined;
  }
  data = settlePrimary(dedupe(data, (e) => e.phoneNumber));
  return { primary: data.find((e) => e.primary)?.phoneNumber ?? null, data };
}
