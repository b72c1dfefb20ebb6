import type { AdressenBase, AdresseLink } from './base';
import { ADRESSE_FIELDS, adresseValues, FIELD_LABELS, shownValue, WRITABLE_FIELDS, type AdresseField, type AdresseValue, type AdresseValues } from './fields';
import { adresseMarker, espoIdFromBemerkung } from './marker';

/** The old system's action types (reference §5.8); every one is a Task for a human. */
export type AdresseTaskType =
  | 'address_delete_required'
  | 'address_reactivate_required'
  | 'address_field_update_required'
  | 'readonly_field_conflict'
  | 'missing_in_advoware'
  | 'general_manual_action';

export interface AdresseTask {
  type: AdresseTaskType;
  /** The EspoCRM address the Task hangs on; null when it is gone (then it hangs on the party). */
  espoId: string | null;
  title: string;
  message: string;
}

export interface EspoAdresse {
  id: string;
  name?: string | null;
  advowareAdresseId?: number | string | null;
  syncStatus?: string | null;
  syncErrorMessage?: string | null;
  [field: string]: unknown;
}

export interface AdvowareAdresse {
  id: number;
  bemerkung?: string | null;
  [field: string]: unknown;
}

export interface AdressenPlan {
  /** POST bodies (every field plus the marker in `bemerkung`); the id goes back to EspoCRM and the base. */
  advowareCreates: { espoId: string; body: Record<string, unknown>; values: AdresseValues }[];
  /** PUT bodies: only the four writable fields. */
  advowareUpdates: { espoId: string; advoId: number; body: Record<string, unknown> }[];
  /** Addresses entered in Advoware: created in EspoCRM, linked by `advowareAdresseId`. */
  espoCreates: { advoId: number; data: Record<string, unknown>; values: AdresseValues }[];
  /** Content and sync fields per EspoCRM address; only what changes. */
  espoUpdates: { espoId: string; patch: Record<string, unknown> }[];
  tasks: AdresseTask[];
  /** The base once creates are applied; the caller adds links for the created records. */
  nextBase: AdressenBase;
  conflicts: number;
}

const idOf = (raw: unknown): number | null => {
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) ? n : null;
};

const describe = (values: Partial<AdresseValues>): string =>
  [values.strasse, [values.plz, values.ort].filter(Boolean).join(' ')].filter((v) => v !== null && v !== undefined && v !== '').join(', ') || '(ohne Straße/Ort)';

/** Display name for an EspoCRM address the sync creates. */
export const adresseName = (values: AdresseValues): string => describe(values);

export function advowareCreateBody(espoId: string, values: AdresseValues): Record<string, unknown> {
  return { ...values, bemerkung: adresseMarker(espoId) };
}

function readOnlyTaskType(field: AdresseField, base: AdresseValue | undefined, espo: AdresseValue): AdresseTaskType {
  if (field === 'gueltigBis' && (base === null || base === undefined) && espo !== null) return 'address_delete_required';
  if (field === 'gueltigBis' && base !== null && base !== undefined && espo === null) return 'address_reactivate_required';
  return 'address_field_update_required';
}

interface PairResult {
  link: AdresseLink;
  advoPut: Record<string, unknown>;
  espoPatch: Record<string, unknown>;
  tasks: AdresseTask[];
  conflicts: number;
}

/** Three-way per field for one linked pair; read-only fields EspoCRM changed become Tasks, never writes. */
function planPair(espo: EspoAdresse, advo: AdvowareAdresse, link: AdresseLink | undefined, betNr: number): PairResult {
  const e = adresseValues(espo);
  const a = adresseValues(advo);
  const values = { ...e } as AdresseValues;
  const open: Record<string, unknown> = { ...(link?.open ?? {}) };
  const advoPut: Record<string, unknown> = {};
  const espoPatch: Record<string, unknown> = {};
  const tasks: AdresseTask[] = [];
  let conflicts = 0;
  const where = `Advoware-Adresse ${advo.id} des Beteiligten ${betNr} (${describe(a)})`;

  for (const field of ADRESSE_FIELDS) {
    const ev = e[field];
    const av = a[field];
    const bv = link ? link.values[field] : undefined;
    if (ev === av) {
      values[field] = ev;
      delete open[field];
      continue;
    }
    const espoChanged = bv === undefined || ev !== bv;
    const advoChanged = bv === undefined || av !== bv;
    if (!espoChanged) {
      // Only Advoware changed (a user there): EspoCRM follows, read-only fields included.
      espoPatch[field] = av;
      values[field] = av;
      delete open[field];
      continue;
    }
    if (WRITABLE_FIELDS.has(field)) {
      advoPut[field] = ev;
      values[field] = ev;
      if (advoChanged && bv !== undefined) {
        conflicts += 1;
        tasks.push({
          type: 'general_manual_action',
          espoId: espo.id,
          title: `Adresse: Konflikt bei ${FIELD_LABELS[field]}, EspoCRM-Wert übernommen`,
          message: `${where}: ${FIELD_LABELS[field]} wurde in beiden Systemen geändert. Der Advoware-Wert ${shownValue(av)} wurde durch den EspoCRM-Wert ${shownValue(ev)} ersetzt.`,
        });
      }
      continue;
    }
    // Read-only in Advoware's API: the base records what Advoware really holds (never EspoCRM's
    // unapplied value, or the next pass would read Advoware as the changed side and overwrite
    // the EspoCRM edit); the open entry keeps the request, and a human must act.
    values[field] = av;
    if (open[field] === ev) continue;
    open[field] = ev;
    if (advoChanged) {
      conflicts += 1;
      tasks.push({
        type: 'readonly_field_conflict',
        espoId: espo.id,
        title: `Adresse: ${FIELD_LABELS[field]} in beiden Systemen geändert`,
        message: `${where}: ${FIELD_LABELS[field]} ist in EspoCRM ${shownValue(ev)}, in Advoware ${shownValue(av)}. Advoware lässt dieses Feld per API nicht ändern: bitte entscheiden und in Advoware bzw. EspoCRM von Hand angleichen.`,
      });
    } else {
      const type = readOnlyTaskType(field, bv, ev);
      const what =
        type === 'address_delete_required'
          ? `Die Adresse wurde in EspoCRM beendet (Gültig bis ${shownValue(ev)}). Advoware erlaubt das per API nicht: bitte in Advoware von Hand beenden oder löschen.`
          : type === 'address_reactivate_required'
            ? `Die Adresse wurde in EspoCRM wieder aktiviert (Gültig bis geleert). Bitte in Advoware von Hand reaktivieren (Gültig bis leeren).`
            : `${FIELD_LABELS[field]} wurde in EspoCRM auf ${shownValue(ev)} geändert (Advoware: ${shownValue(av)}). Advoware ändert dieses Feld per API nicht: bitte dort von Hand ändern.`;
      tasks.push({ type, espoId: espo.id, title: `Adresse in Advoware ändern: ${FIELD_LABELS[field]}`, message: `${where}: ${what}` });
    }
  }
  const nextLink: AdresseLink = { advoId: advo.id, values };
  if (Object.keys(open).length > 0) nextLink.open = open;
  return { link: nextLink, advoPut, espoPatch, tasks, conflicts };
}

/** `unclean` while a human still has to change Advoware; the message lists what. */
function syncFields(espo: EspoAdresse, link: AdresseLink | null, advoId: number | null, missing: boolean, now: string): Record<string, unknown> {
  const openFields = Object.keys(link?.open ?? {}) as AdresseField[];
  const message = missing
    ? `Die verknüpfte Adresse ${advoId} fehlt in Advoware.`
    : openFields.length > 0
      ? `In Advoware von Hand zu ändern: ${openFields.map((f) => `${FIELD_LABELS[f]} → ${shownValue(link?.open?.[f] as AdresseValue)}`).join('; ')}`
      : null;
  const status = message ? 'unclean' : 'clean';
  const wanted: Record<string, unknown> = { advowareAdresseId: advoId, syncStatus: status, syncErrorMessage: message };
  const patch = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => (k === 'advowareAdresseId' ? idOf(espo[k]) !== v : (espo[k] ?? null) !== v)));
  // The timestamp moves with a state change only, so an idle pass writes nothing.
  if (Object.keys(patch).length > 0) patch.advowareLastSync = now;
  return patch;
}

/**
 * The whole address decision for one party in one pass (pure). Matching never guesses: an
 * EspoCRM address pairs with the Advoware address whose id it stores (`advowareAdresseId`) or
 * whose `bemerkung` carries its EspoCRM id; Advoware addresses with neither are new there.
 */
export function planAdressen(input: { espo: EspoAdresse[]; advoware: AdvowareAdresse[]; base: AdressenBase; betNr: number; now: string }): AdressenPlan {
  const { espo, advoware, base, betNr, now } = input;
  const plan: AdressenPlan = { advowareCreates: [], advowareUpdates: [], espoCreates: [], espoUpdates: [], tasks: [], nextBase: { v: 1, links: {} }, conflicts: 0 };
  const advoById = new Map(advoware.map((a) => [a.id, a]));
  const espoIds = new Set(espo.map((e) => e.id));
  const claimed = new Set<number>();

  for (const record of espo) {
    const link = base.links[record.id];
    const storedId = idOf(record.advowareAdresseId) ?? link?.advoId ?? null;
    const advo =
      (storedId !== null ? advoById.get(storedId) : undefined) ??
      (storedId === null ? advoware.find((a) => !claimed.has(a.id) && espoIdFromBemerkung(a.bemerkung) === record.id) : undefined);

    if (!advo && storedId === null) {
      const values = adresseValues(record);
      plan.advowareCreates.push({ espoId: record.id, body: advowareCreateBody(record.id, values), values });
      continue;
    }
    if (!advo) {
      // Linked, but gone from Advoware (deleted there by hand): never re-created silently.
      const kept: AdresseLink = link ? { ...link, missingTask: true } : { advoId: storedId as number, values: adresseValues(record), missingTask: true };
      plan.nextBase.links[record.id] = kept;
      if (!link?.missingTask) {
        plan.tasks.push({
          type: 'missing_in_advoware',
          espoId: record.id,
          title: `Adresse fehlt in Advoware: ${describe(adresseValues(record))}`,
          message: `Die mit EspoCRM-Adresse ${record.id} verknüpfte Advoware-Adresse ${storedId} des Beteiligten ${betNr} gibt es nicht mehr. Bitte in Advoware neu anlegen und dabei „${adresseMarker(record.id)}“ in die Bemerkung schreiben, oder die Adresse in EspoCRM löschen.`,
        });
      }
      const patch = syncFields(record, null, storedId, true, now);
      if (Object.keys(patch).length > 0) plan.espoUpdates.push({ espoId: record.id, patch });
      continue;
    }
    claimed.add(advo.id);
    const pair = planPair(record, advo, link, betNr);
    plan.nextBase.links[record.id] = pair.link;
    plan.tasks.push(...pair.tasks);
    plan.conflicts += pair.conflicts;
    if (Object.keys(pair.advoPut).length > 0) {
      // PUT with all four writable fields as agreed, so a partial-PUT reading of the API cannot blank any.
      const body: Record<string, unknown> = {};
      for (const field of WRITABLE_FIELDS) body[field] = pair.link.values[field];
      plan.advowareUpdates.push({ espoId: record.id, advoId: advo.id, body });
    }
    const patch = { ...pair.espoPatch, ...syncFields({ ...record, ...pair.espoPatch }, pair.link, advo.id, false, now) };
    if (Object.keys(patch).length > 0) plan.espoUpdates.push({ espoId: record.id, patch });
  }

  for (const advo of advoware) {
    if (claimed.has(advo.id)) continue;
    const markerId = espoIdFromBemerkung(advo.bemerkung);
    const linkedFrom = Object.entries(base.links).find(([, l]) => l.advoId === advo.id)?.[0] ?? null;
    const gone = linkedFrom ?? (markerId !== null && !espoIds.has(markerId) ? markerId : null);
    if (gone !== null) {
      // Deleted in EspoCRM; Advoware answers DELETE with 403 and cannot end an address by API.
      const link = base.links[gone];
      plan.nextBase.links[gone] = { ...(link ?? { advoId: advo.id, values: adresseValues(advo) }), deleteTask: true };
      if (!link?.deleteTask) {
        plan.tasks.push({
          type: 'address_delete_required',
          espoId: null,
          title: `Adresse in Advoware löschen: ${describe(adresseValues(advo))}`,
          message: `Die EspoCRM-Adresse ${gone} wurde gelöscht. Advoware erlaubt das Löschen per API nicht: bitte beim Beteiligten ${betNr} die Adresse ${advo.id} (${describe(adresseValues(advo))}) von Hand löschen oder beenden.`,
        });
      }
      continue;
    }
    if (markerId !== null) continue; // claimed by an EspoCRM record through its stored id (copied marker); leave it alone
    const values = adresseValues(advo);
    plan.espoCreates.push({ advoId: advo.id, values, data: { name: adresseName(values), ...values, advowareAdresseId: advo.id, syncStatus: 'clean', syncErrorMessage: null, advowareLastSync: now } });
  }
  // Links whose both sides are gone are dropped: nothing left to agree on.
  return plan;
}
