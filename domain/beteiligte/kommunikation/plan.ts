import type { AdvowareBeteiligter, AdvowareKommunikation, EspoEmail, EspoPhone } from '../types';
import { classifyAdvoware, classifyEspo, type AdvoItem, type EspoItem } from './classify';
import { cleanEmail, cleanPhone, newEmail, newPhone, sameEmails, samePhones, withOnePrimary } from './espo-lists';
import type { KommKey } from './keys';
import { PREFERRED_KOMMKZ, kommKzFits, type EspoTarget } from './kommkz';
import { formatMarker, formatSlotMarker } from './markers';

/**
 * Kommunikation sync as one pure decision (the six variants of the system we replace).
 *
 * Identity is the normalised value (`kind:value`, see keys.ts). Three bases are used:
 * `base` = the keys both sides agreed on at the last sync; the marker in each Advoware
 * `bemerkung` = the value that entry held at the last sync; null base = first sync.
 *
 * Key level (three-way against `base`): a key present on both sides stays; a key on one
 * side only stays when it is new (not in base) and goes when it is in base (the other side
 * deleted it). First sync keeps the union, matching equal values (BUG-3: no duplicates).
 * Entry level: an entry changed in Advoware (tlf ≠ marker) while EspoCRM dropped or changed
 * the same value is a conflict — EspoCRM wins and the Advoware value is reported.
 *
 * Advoware constraints shape the writes: DELETE is forbidden, so removed values become
 * empty slots (`[ESPOCRM-SLOT:kz]`); kommKz cannot change on PUT, so a value needing another
 * type (EspoCRM changed Office→Mobile: EspoCRM's type wins) takes a fitting freed entry or
 * slot, or is POSTed. Entries with kommKz 5, 11, 12 and user-made duplicates are left alone.
 */

export interface AdvowareKommCreate {
  tlf: string;
  bemerkung: string;
  kommKz: number;
  online: boolean;
}

export interface AdvowareKommUpdate {
  id: number;
  tlf: string;
  bemerkung: string;
  online: boolean;
}

export type KommVariant = 'var1' | 'var2' | 'var3' | 'var4' | 'var5' | 'var6' | 'slotReuse' | 'firstSyncMatch';

export interface KommConflict {
  key: KommKey;
  /** What EspoCRM put there instead (null = EspoCRM deleted it). */
  espoValue: string | null;
  /** The Advoware value that was overwritten. */
  advowareValue: string;
}

export interface PlanKommunikationInput {
  espoEmails: EspoEmail[];
  espoPhones: EspoPhone[];
  advoware: AdvowareKommunikation[];
  /** Keys both sides agreed on at the last sync; null = first sync. */
  base: string[] | null;
  /** The party record, for kommKz recovery from top-level fields. */
  party?: AdvowareBeteiligter;
}

export interface KommunikationPlan {
  advowareCreates: AdvowareKommCreate[];
  advowareUpdates: AdvowareKommUpdate[];
  /** null = no change */
  espoEmails: EspoEmail[] | null;
  espoPhones: EspoPhone[] | null;
  nextBase: string[];
  variants: Record<KommVariant, number>;
  conflicts: KommConflict[];
}

function emptyVariants(): Record<KommVariant, number> {
  return { var1: 0, var2: 0, var3: 0, var4: 0, var5: 0, var6: 0, slotReuse: 0, firstSyncMatch: 0 };
}

function defaultOnline(item: AdvoItem): boolean {
  return item.entry.online ?? item.target === 'email';
}

/** Partner preference for a key: the entry whose marker names it, then our entries, then the user's; oldest first. */
function partnerRank(item: AdvoItem, key: KommKey): number {
  if (item.markerKey === key) return 0;
  return item.parsed.type === 'none' ? 2 : 1;
}

export function planKommunikation(input: PlanKommunikationInput): KommunikationPlan {
  const variants = emptyVariants();
  const conflicts: Array<KommConflict & { item: AdvoItem }> = [];
  const base = input.base === null ? null : new Set(input.base);
  const espoItems = classifyEspo(input.espoEmails, input.espoPhones);
  const advoItems = classifyAdvoware(input.advoware, input.party);

  const espoKeys = new Set<KommKey>();
  for (const item of espoItems) if (item.key !== null && !item.duplicate) espoKeys.add(item.key);

  // Conflict: Advoware changed an entry whose agreed value EspoCRM no longer has.
  const discarded = new Set<AdvoItem>();
  if (base !== null) {
    for (const item of advoItems) {
      const marker = item.markerKey;
      if (marker === null || !base.has(marker) || espoKeys.has(marker)) continue;
      if (item.key === null || item.key === marker || espoKeys.has(item.key)) continue;
      discarded.add(item);
      conflicts.push({ key: marker, espoValue: null, advowareValue: item.value, item });
    }
  }

  const advoByKey = new Map<KommKey, AdvoItem[]>();
  for (const item of advoItems) {
    if (item.key === null || discarded.has(item)) continue;
    advoByKey.set(item.key, [...(advoByKey.get(item.key) ?? []), item]);
  }

  const keeps = (key: KommKey): boolean =>
    base === null || !base.has(key) || (espoKeys.has(key) && advoByKey.has(key));
  const finalKeys = new Set<KommKey>([...espoKeys, ...advoByKey.keys()].filter(keeps));

  const espo = planEspoLists(espoItems, advoItems, finalKeys, espoKeys, discarded, variants);
  const advo = planAdvowareWrites(advoItems, advoByKey, finalKeys, espo.targets, espoKeys, discarded, variants);

  for (const conflict of conflicts) conflict.espoValue = advo.reusedFor.get(conflict.item) ?? null;

  return {
    advowareCreates: advo.creates,
    advowareUpdates: advo.updates,
    espoEmails: sameEmails(espo.emails, input.espoEmails) ? null : espo.emails,
    espoPhones: samePhones(espo.phones, input.espoPhones) ? null : espo.phones,
    nextBase: [...finalKeys].sort(),
    variants,
    conflicts: conflicts.map(({ key, espoValue, advowareValue }) => ({ key, espoValue, advowareValue })),
  };
}

interface EspoListsPlan {
  emails: EspoEmail[];
  phones: EspoPhone[];
  /** Target (e-mail or phone type) and value of every final key as EspoCRM will hold it. */
  targets: Map<KommKey, { target: EspoTarget; value: string }>;
}

function planEspoLists(
  espoItems: EspoItem[],
  advoItems: AdvoItem[],
  finalKeys: Set<KommKey>,
  espoKeys: Set<KommKey>,
  discarded: Set<AdvoItem>,
  variants: Record<KommVariant, number>,
): EspoListsPlan {
  // Var6: an entry changed in Advoware replaces its old value in place (keeps type and primary).
  const replacements = new Map<KommKey, AdvoItem>();
  const replacedTo = new Set<KommKey>();
  for (const item of advoItems) {
    const from = item.markerKey;
    const to = item.key;
    if (from === null || to === null || from === to || discarded.has(item)) continue;
    if (!espoKeys.has(from) || finalKeys.has(from) || !finalKeys.has(to) || espoKeys.has(to)) continue;
    if (replacements.has(from) || replacedTo.has(to)) continue;
    replacements.set(from, item);
    replacedTo.add(to);
  }

  const emails: EspoEmail[] = [];
  const phones: EspoPhone[] = [];
  const targets = new Map<KommKey, { target: EspoTarget; value: string }>();
  for (const item of espoItems) {
    const { source, key } = item;
    if (item.duplicate) continue;
    let value = item.value;
    if (key !== null && !finalKeys.has(key)) {
      const replacement = replacements.get(key);
      if (!replacement) {
        variants.var3++;
        continue;
      }
      variants.var6++;
      value = replacement.value;
      if (replacement.key !== null) targets.set(replacement.key, { target: item.target, value });
    } else if (key !== null) {
      targets.set(key, { target: item.target, value });
    }
    if (source.list === 'email') emails.push(cleanEmail(source.entry, { emailAddress: value }));
    else phones.push(cleanPhone(source.entry, { phoneNumber: value }));
  }

  // Var4: values only Advoware has, in Advoware order.
  for (const item of advoItems) {
    const key = item.key;
    if (key === null || discarded.has(item) || !finalKeys.has(key) || targets.has(key)) continue;
    variants.var4++;
    targets.set(key, { target: item.target, value: item.value });
    if (item.target === 'email') emails.push(newEmail(item.value));
    else phones.push(newPhone(item.value, item.target));
  }

  return { emails: withOnePrimary(emails), phones: withOnePrimary(phones), targets };
}

interface AdvowareWritesPlan {
  creates: AdvowareKommCreate[];
  updates: AdvowareKommUpdate[];
  /** Freed entries that were given a new EspoCRM value. */
  reusedFor: Map<AdvoItem, string>;
}

function planAdvowareWrites(
  advoItems: AdvoItem[],
  advoByKey: Map<KommKey, AdvoItem[]>,
  finalKeys: Set<KommKey>,
  targets: Map<KommKey, { target: EspoTarget; value: string }>,
  espoKeys: Set<KommKey>,
  discarded: Set<AdvoItem>,
  variants: Record<KommVariant, number>,
): AdvowareWritesPlan {
  const partners = new Map<KommKey, AdvoItem>();
  const freed = new Set<AdvoItem>();
  const needs: Array<{ key: KommKey; target: EspoTarget; value: string; userText: string }> = [];
  /** Entries whose remark moved with their value to a fitting entry; their slot starts blank. */
  const textMoved = new Set<AdvoItem>();

  for (const [key, wanted] of targets) {
    const candidates = [...(advoByKey.get(key) ?? [])].sort(
      (a, b) => partnerRank(a, key) - partnerRank(b, key) || a.entry.id - b.entry.id,
    );
    const partner = candidates.find((item) => item.target === wanted.target);
    if (partner) {
      partners.set(key, partner);
      // Our own surplus entries for the same value are emptied; a user's own duplicates are left alone.
      for (const other of candidates) if (other !== partner && other.parsed.type !== 'none') freed.add(other);
    } else {
      // Wrong kommKz for EspoCRM's type (EspoCRM wins, also when the type was misread because of
      // the kommKz-0 bug): every entry holding the value makes way, and the user's remark on it
      // travels with the value to its new entry.
      for (const other of candidates) freed.add(other);
      const carrier = candidates.find((other) => other.parsed.userText !== '');
      if (carrier) textMoved.add(carrier);
      needs.push({ key, ...wanted, userText: carrier?.parsed.userText ?? '' });
    }
  }

  const claimed = new Set(partners.values());
  const freeSlots: AdvoItem[] = [];
  for (const item of advoItems) {
    if (claimed.has(item) || freed.has(item)) continue;
    if (discarded.has(item)) freed.add(item);
    else if (item.key !== null && !finalKeys.has(item.key)) freed.add(item); // Var2: EspoCRM deleted it
    else if (item.key === null && item.parsed.type === 'marker') freed.add(item); // a user emptied our entry
    else if (item.key === null && item.parsed.type === 'slot') freeSlots.push(item);
  }

  const updates = new Map<number, AdvowareKommUpdate>();
  const creates: AdvowareKommCreate[] = [];
  const reusedFor = new Map<AdvoItem, string>();
  const freedInOrder = [...freed].sort((a, b) => a.entry.id - b.entry.id);
  const usedSlots = new Set<AdvoItem>();

  for (const need of needs) {
    const reuse = freedInOrder.find((item) => !reusedFor.has(item) && kommKzFits(item.kommKz, need.target));
    if (reuse) {
      variants.var5++;
      reusedFor.set(reuse, need.value);
      updates.set(reuse.entry.id, {
        id: reuse.entry.id,
        tlf: need.value,
        bemerkung: formatMarker(need.value, reuse.kommKz, need.userText || (textMoved.has(reuse) ? '' : reuse.parsed.userText)),
        online: defaultOnline(reuse),
      });
      continue;
    }
    const slot = freeSlots.find((item) => !usedSlots.has(item) && kommKzFits(item.kommKz, need.target));
    if (slot) {
      variants.slotReuse++;
      usedSlots.add(slot);
      updates.set(slot.entry.id, {
        id: slot.entry.id,
        tlf: need.value,
        bemerkung: formatMarker(need.value, slot.kommKz, need.userText || slot.parsed.userText),
        online: defaultOnline(slot),
      });
      continue;
    }
    variants.var1++;
    const kommKz = PREFERRED_KOMMKZ[need.target];
    creates.push({ tlf: need.value, bemerkung: formatMarker(need.value, kommKz, need.userText), kommKz, online: need.target === 'email' });
  }

  for (const item of freedInOrder) {
    if (reusedFor.has(item)) continue;
    if (item.key !== null && !finalKeys.has(item.key)) variants.var2++;
    const bemerkung = formatSlotMarker(item.kommKz, textMoved.has(item) ? '' : item.parsed.userText);
    if (item.value === '' && item.entry.bemerkung === bemerkung) continue;
    updates.set(item.entry.id, { id: item.entry.id, tlf: '', bemerkung, online: defaultOnline(item) });
  }

  for (const [key, item] of partners) {
    const markerOk = item.parsed.type === 'marker' && item.markerKey === key && item.parsed.kommKz === item.kommKz;
    if (markerOk) continue;
    if (item.parsed.type !== 'marker' && espoKeys.has(key)) variants.firstSyncMatch++;
    updates.set(item.entry.id, {
      id: item.entry.id,
      tlf: item.entry.tlf ?? item.value,
      bemerkung: formatMarker(item.value, item.kommKz, item.parsed.userText),
      online: defaultOnline(item),
    });
  }

  return {
    creates,
    updates: [...updates.values()].sort((a, b) => a.id - b.id),
    reusedFor,
  };
}
