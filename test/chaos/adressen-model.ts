import { parseAdressenBase } from '../../domain/adressen/base';
import { adresseMarker, espoIdFromBemerkung } from '../../domain/adressen/marker';
import type { Rng } from '../../sim/seed/prng';
import type { Simulators } from '../../sim/start-all';
import { ENTITY as BETEILIGTE_ENTITY, type TrackedBeteiligter } from './beteiligte-model';
import type { Findings } from './verify';

export const ADRESSEN_ENTITY = 'CAdressen';

/** The address fields the chaos edits: writable in Advoware (PUT), so an EspoCRM edit must arrive there. */
const EDITED_FIELDS = ['strasse', 'plz', 'ort'] as const;
type EditedField = (typeof EDITED_FIELDS)[number];
type AdresseValues = Record<EditedField, string>;

/**
 * An address entered during the chaos, in EspoCRM (`origin` espocrm: posted to Advoware with the
 * marker) or in Advoware by a user there (origin advoware: created in EspoCRM, linked by
 * `advowareAdresseId`; its EspoCRM id is known once a pass has created it). Expected final state:
 * the last edit of every field on both sides, exactly one address per side for each entered one
 * (a create whose answer was lost must be found again, not repeated). Advoware-side edits happen
 * only on a settled address (see `settledAdresse`), as for Beteiligte (beteiligte-model.ts).
 */
export interface TrackedAdresse {
  origin: 'espocrm' | 'advoware';
  espoId: string | null;
  advoId: number | null;
  party: Pick<TrackedBeteiligter, 'espoId' | 'betNr'>;
  values: AdresseValues;
}

let counter = 0;
const STREETS = ['Königsworther Str.', 'Lister Meile', 'Am Ölberg', 'Große Düwelstr.', 'Schloßstraße'];
const TOWNS = ['Hannover', 'Celle', 'Göttingen', 'Hildesheim', 'Lüneburg'];
const newValue = (rng: Rng, field: EditedField): string => {
  counter += 1;
  if (field === 'strasse') return `${rng.pick(STREETS)} ${counter}`;
  if (field === 'plz') return String(rng.int(10_000, 99_999));
  return `${rng.pick(TOWNS)}-${counter}`;
};

const newValues = (rng: Rng): AdresseValues => ({ strasse: newValue(rng, 'strasse'), plz: newValue(rng, 'plz'), ort: newValue(rng, 'ort') });

/** A user enters a new address for the party in EspoCRM. */
export function createEspoAdresse(rng: Rng, sims: Simulators, { espoId, betNr }: TrackedBeteiligter): TrackedAdresse {
  const values = newValues(rng);
  const record = sims.espocrm.state.createRecord(ADRESSEN_ENTITY, { beteiligteId: espoId, ...values, land: 'D' }, { skipDuplicateCheck: true });
  return { origin: 'espocrm', espoId: String(record.id), advoId: null, party: { espoId, betNr }, values };
}

/** A user enters a new address for the party in Advoware itself (no marker). */
export function createAdvowareAdresse(rng: Rng, sims: Simulators, { espoId, betNr }: TrackedBeteiligter): TrackedAdresse {
  const values = newValues(rng);
  const record = sims.advoware.state.addAdresse(betNr, { ...values, land: 'D' });
  return { origin: 'advoware', espoId: null, advoId: record.id, party: { espoId, betNr }, values };
}

const espoAdresse = (sims: Simulators, a: TrackedAdresse): Record<string, unknown> | undefined => {
  if (a.espoId) return sims.espocrm.state.getRecord(ADRESSEN_ENTITY, a.espoId) as Record<string, unknown> | undefined;
  // Entered in Advoware: the EspoCRM address a pass created for it, once there is one.
  const found = sims.espocrm.state.listRecords(ADRESSEN_ENTITY).find((r) => r.beteiligteId === a.party.espoId && Number(r.advowareAdresseId) === a.advoId);
  if (found) a.espoId = String(found.id);
  return found as Record<string, unknown> | undefined;
};

/** A user changes one field of a linked address in EspoCRM; false when it has no EspoCRM record yet. */
export function editEspoAdresse(rng: Rng, sims: Simulators, adresse: TrackedAdresse): boolean {
  if (!espoAdresse(sims, adresse) || !adresse.espoId) return false;
  const field = rng.pick([...EDITED_FIELDS]);
  const value = newValue(rng, field);
  sims.espocrm.state.updateRecord(ADRESSEN_ENTITY, adresse.espoId, { [field]: value });
  adresse.values[field] = value;
  return true;
}

/**
 * Settled: EspoCRM and Advoware hold the same values, the party's stored address base agrees, and
 * the record is clean. Only then may a user edit the address in Advoware: a pass already in flight
 * would write its read values back over the edit (Advoware has no optimistic locking).
 */
export function settledAdresse(sims: Simulators, a: TrackedAdresse): boolean {
  const espo = espoAdresse(sims, a);
  if (!espo || espo.syncStatus !== 'clean' || !a.espoId) return false;
  const advoId = Number(espo.advowareAdresseId);
  const advo = sims.advoware.state.getBeteiligte(a.party.betNr)?.adressen.find((x) => x.id === advoId);
  const party = sims.espocrm.state.getRecord(BETEILIGTE_ENTITY, a.party.espoId) as Record<string, unknown> | undefined;
  const link = parseAdressenBase(party?.adressenSyncBase).links[a.espoId];
  if (!advo || !link || link.advoId !== advoId) return false;
  return EDITED_FIELDS.every((f) => espo[f] === advo[f] && link.values[f] === advo[f]);
}

/** A user changes one field of a settled address in Advoware itself. */
export function editAdvowareAdresse(rng: Rng, sims: Simulators, adresse: TrackedAdresse): void {
  const espo = espoAdresse(sims, adresse);
  const field = rng.pick([...EDITED_FIELDS]);
  const value = newValue(rng, field);
  sims.advoware.state.editAdresseAsUser(adresse.party.betNr, Number(espo?.advowareAdresseId), { [field]: value });
  adresse.values[field] = value;
}

/**
 * Every tracked address: linked and clean in EspoCRM, present once in Advoware under its party
 * (found by the id EspoCRM stores and by the marker in `bemerkung`), with the last edit's values
 * on both sides; and no party holds addresses nobody entered, on either side.
 */
export function verifyAdressen(sims: Simulators, tracked: TrackedAdresse[], findings: Findings): void {
  const advowareOf = (betNr: number) => sims.advoware.state.getBeteiligte(betNr)?.adressen ?? [];
  for (const a of tracked) {
    const espo = espoAdresse(sims, a);
    if (!espo || !a.espoId) {
      findings.divergences.push(`address ${a.espoId ?? `Advoware ${a.advoId}`}: not in EspoCRM`);
      continue;
    }
    const marked = advowareOf(a.party.betNr).filter((x) => espoIdFromBemerkung(x.bemerkung) === a.espoId);
    if (marked.length > 1) findings.duplicates.push(`address ${a.espoId}: ${marked.length} Advoware addresses of party ${a.party.betNr} carry its marker (ids ${marked.map((x) => x.id)})`);
    const linked = advowareOf(a.party.betNr).find((x) => x.id === Number(espo.advowareAdresseId));
    if (!linked) {
      findings.divergences.push(`address ${a.espoId}: advowareAdresseId ${String(espo.advowareAdresseId)} not an address of party ${a.party.betNr} (status ${String(espo.syncStatus)})`);
      continue;
    }
    if (a.origin === 'advoware' && linked.id !== a.advoId) findings.divergences.push(`address ${a.espoId}: linked to Advoware ${linked.id}, entered there as ${a.advoId}`);
    if (a.origin === 'espocrm' && linked.bemerkung !== adresseMarker(a.espoId)) findings.divergences.push(`address ${a.espoId}: Advoware ${linked.id} bemerkung ${JSON.stringify(linked.bemerkung)}`);
    if (espo.syncStatus !== 'clean') findings.divergences.push(`address ${a.espoId}: syncStatus ${String(espo.syncStatus)} ${String(espo.syncErrorMessage ?? '')}`);
    for (const field of EDITED_FIELDS) {
      const inEspo = espo[field];
      const inAdvoware = linked[field];
      if (inEspo !== inAdvoware) findings.divergences.push(`address ${a.espoId} ${field}: EspoCRM ${JSON.stringify(inEspo)} ≠ Advoware ${JSON.stringify(inAdvoware)}`);
      else if (inEspo !== a.values[field]) findings.lostEdits.push(`address ${a.espoId} ${field}: both ${JSON.stringify(inEspo)}, last edit ${JSON.stringify(a.values[field])}`);
    }
  }
  // Exactly as many addresses on each side as were entered for the party: a lost create answer
  // must not have become a twin on either side.
  const count = <T>(items: T[], key: (item: T) => string) => items.reduce((m, item) => m.set(key(item), (m.get(key(item)) ?? 0) + 1), new Map<string, number>());
  const enteredByBetNr = count(tracked, (a) => String(a.party.betNr));
  const enteredByParty = count(tracked, (a) => a.party.espoId);
  for (const party of sims.advoware.state.listBeteiligte()) {
    const held = advowareOf(party.betNr).length;
    const entered = enteredByBetNr.get(String(party.betNr)) ?? 0;
    if (held !== entered) findings.duplicates.push(`party ${party.betNr}: ${held} Advoware addresses for ${entered} entered`);
  }
  for (const [partyId, held] of count(sims.espocrm.state.listRecords(ADRESSEN_ENTITY), (r) => String(r.beteiligteId))) {
    const entered = enteredByParty.get(partyId) ?? 0;
    if (held !== entered) findings.duplicates.push(`party ${partyId}: ${held} EspoCRM addresses for ${entered} entered`);
  }
}
