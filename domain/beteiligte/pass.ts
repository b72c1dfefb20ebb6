import { FIELD_LABELS, shown } from './notice-text';
import { planKommunikation, type KommConflict, type KommunikationPlan } from './kommunikation/plan';
import { applyHeldKommRejections } from './kommunikation/verify';
import { deriveLegacyBase, type BaseSource } from './legacy-base';
import {
  advowareBodyFromMaster,
  advowareFieldsToWrite,
  advowareOtherKindFields,
  espoOtherKindClears,
  espoFieldsToWrite,
  espoPatchFromMaster,
  masterFromAdvoware,
  masterFromEspo,
  MASTER_FIELDS,
  type MasterData,
} from './mapping';
import { decideMaster, type MasterConflict, type MasterDecision } from './merge';
import { parseSyncBase, type SyncBase } from './sync-base';
import { espoAttribute, sameEspoValue, type PassOutcome } from './sync-fields';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

export { needsEspoWrite, syncFieldsAfterSuccess, type PassOutcome } from './sync-fields';

export interface SyncNotification {
  title: string;
  message: string;
}

export interface BeteiligtePassPlan {
  master: MasterDecision;
  /** Full PUT body for Advoware, or null when Advoware already holds the merged master data. */
  advowareUpdate: Record<string, unknown> | null;
  kommunikation: KommunikationPlan;
  /** Master data and e-mail/phone changes for EspoCRM; empty = none. */
  espoDataPatch: Partial<EspoBeteiligte>;
  /** To store as `advowareSyncBase` once the plan is applied. */
  nextBase: SyncBase;
  /** `derived_legacy`: the record was linked by the old system and its base was derived (legacy-base.ts). */
  baseSource: BaseSource;
  outcome: PassOutcome;
  notifications: SyncNotification[];
}


function conflictNotification(master: MasterConflict[], komm: KommConflict[]): SyncNotification[] {
  if (master.length === 0 && komm.length === 0) return [];
  const lines = [
    ...master.map(
      (c) => `${FIELD_LABELS[c.field]}: Advoware-Wert ${shown(c.advowareValue)} wurde durch den EspoCRM-Wert ${shown(c.espoValue)} ersetzt.`,
    ),
    ...komm.map((c) =>
      c.espoValue === null
        ? `Kommunikation: Advoware-Wert ${shown(c.advowareValue)} wurde verworfen, weil der Eintrag in EspoCRM gelöscht wurde.`
        : `Kommunikation: Advoware-Wert ${shown(c.advowareValue)} wurde durch den EspoCRM-Wert ${shown(c.espoValue)} ersetzt.`,
    ),
  ];
  return [
    {
      title: 'Sync-Konflikt mit Advoware: EspoCRM-Werte übernommen',
      message: `Beide Systeme wurden seit dem letzten Abgleich geändert. Es gilt EspoCRM:\n${lines.join('\n')}`,
    },
  ];
}

/**
 * The whole decision for one pass over a linked record: master data three-way, the full
 * Advoware PUT body if needed, the Kommunikation plan, the EspoCRM patch and the base to
 * store afterwards. Pure: the caller applies it (Advoware first, then EspoCRM).
 */
export function planBeteiligtePass(input: { espo: EspoBeteiligte; advo: AdvowareBeteiligter }): BeteiligtePassPlan {
  const { espo, advo } = input;
  const stored = parseSyncBase(espo.advowareSyncBase);
  const legacy = stored ? null : deriveLegacyBase({ espo, advo });
  const base = stored ?? legacy;
  const baseSource: BaseSource = stored ? 'stored' : legacy ? 'derived_legacy' : 'none';
  // Fields Advoware refused earlier (verify-after-write): while EspoCRM still holds the refused
  // wish it is no new edit, and while Advoware still holds what it kept nothing is written either
  // way — the EspoCRM value is never silently reverted, nor re-sent on every pass.
  const espoMaster = masterFromEspo(espo);
  const advoMaster = masterFromAdvoware(advo);
  const espoForDecision = { ...espoMaster };
  const held: NonNullable<SyncBase['rejected']> = {};
  for (const field of MASTER_FIELDS) {
    const refused = base?.rejected?.[field];
    if (!base || !refused || espoMaster[field] !== refused.wanted) continue;
    espoForDecision[field] = base.master[field];
    if (advoMaster[field] === refused.kept) held[field] = refused;
  }
  const master = decideMaster({
    espo: espoForDecision,
    advo: advoMaster,
    base: base?.master ?? null,
    espoModifiedAt: espo.modifiedAt,
    advoGeaendertAm: advo.geaendertAm,
  });
  const merged = master.merged;

  // Kind change (person ↔ company against the base, or the two sides disagree on a first sync):
  // the old kind's fields are emptied on both sides, as docs/SYNC_RULES.md states.
  const kindChanged = base ? base.master.kind !== merged.kind : masterFromEspo(espo).kind !== masterFromAdvoware(advo).kind;
  const clearAdvoware = kindChanged && advowareOtherKindFields(advo, merged.kind).length > 0;
  const advowareUpdate =
    advowareFieldsToWrite(advo, merged).length > 0 || clearAdvoware ? advowareBodyFromMaster(advo, merged, kindChanged) : null;

  const espoFields: Partial<MasterData> = {};
  for (const field of espoFieldsToWrite(espo, merged)) if (!(field in held)) espoFields[field] = merged[field];
  const candidatePatch: Record<string, unknown> = {
    ...(kindChanged ? espoOtherKindClears(espo, merged.kind) : {}),
    ...espoPatchFromMaster(espoFields, merged.kind, merged),
  };

  // Kommunikation fields Advoware refused earlier: the plan sees the wanted value while the entry
  // still holds the kept one, so it neither re-sends it nor copies the kept value over EspoCRM.
  const kommHeld = applyHeldKommRejections(advo.kommunikation ?? [], base?.kommRejected);
  const kommunikation = planKommunikation({
    espoEmails: espo.emailAddressData ?? [],
    espoPhones: espo.phoneNumberData ?? [],
    advoware: kommHeld.entries,
    base: base?.kommunikation ?? null,
    party: advo,
  });
  if (kommunikation.espoEmails !== null) candidatePatch.emailAddressData = kommunikation.espoEmails;
  if (kommunikation.espoPhones !== null) candidatePatch.phoneNumberData = kommunikation.espoPhones;

  const espoDataPatch: Partial<EspoBeteiligte> = Object.fromEntries(
    Object.entries(candidatePatch).filter(([key, value]) => !sameEspoValue(espoAttribute(espo, key), value)),
  );

  const hasWrites =
    advowareUpdate !== null ||
    kommunikation.advowareCreates.length > 0 ||
    kommunikation.advowareUpdates.length > 0 ||
    Object.keys(espoDataPatch).length > 0;
  const hasConflict = master.conflicts.length > 0 || kommunikation.conflicts.length > 0;

  return {
    master,
    advowareUpdate,
    kommunikation,
    espoDataPatch,
    nextBase: {
      v: 1,
      master: merged,
      kommunikation: kommunikation.nextBase,
      ...(Object.keys(held).length > 0 ? { rejected: held } : {}),
      ...(kommHeld.held.length > 0 ? { kommRejected: kommHeld.held } : {}),
    },
    baseSource,
    outcome: hasConflict ? 'conflict' : hasWrites ? 'clean' : 'no_change',
    notifications: conflictNotification(master.conflicts, kommunikation.conflicts),
  };
}
