import { adresseMarker, espoIdFromBemerkung } from '../../domain/adressen/marker';
import type { Rng } from '../../sim/seed/prng';
import type { Simulators } from '../../sim/start-all';
import type { TrackedBeteiligter } from './beteiligte-model';
import type { Findings } from './verify';

export const ADRESSEN_ENTITY = 'CAdressen';

/** The address fields the chaos edits: writable in Advoware (PUT), so an EspoCRM edit must arrive there. */
const EDITED_FIELDS = ['strasse', 'plz', 'ort'] as const;
type EditedField = (typeof EDITED_FIELDS)[number];
type AdresseValues = Record<EditedField, string>;

/**
 * An address entered in EspoCRM during the chaos. Addresses are edited on the EspoCRM side only:
 * their expected final state is then the last edit, on both sides, with exactly one Advoware
 * address per EspoCRM address (a create whose answer was lost must not be repeated).
 */
export interface TrackedAdresse {
  espoId: string;
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

/** A user enters a new address for the party in EspoCRM. */
export function createEspoAdresse(rng: Rng, sims: Simulators, party: TrackedBeteiligter): TrackedAdresse {
  const values: AdresseValues = { strasse: newValue(rng, 'strasse'), plz: newValue(rng, 'plz'), ort: newValue(rng, 'ort') };
  const record = sims.espocrm.state.createRecord(ADRESSEN_ENTITY, { beteiligteId: party.espoId, ...values, land: 'D' }, { skipDuplicateCheck: true });
  return { espoId: String(record.id), party: { espoId: party.espoId, betNr: party.betNr }, values };
}

/** A user changes one field of an address in EspoCRM; returns the field. */
export function editEspoAdresse(rng: Rng, sims: Simulators, adresse: TrackedAdresse): EditedField {
  const field = rng.pick([...EDITED_FIELDS]);
  const value = newValue(rng, field);
  sims.espocrm.state.updateRecord(ADRESSEN_ENTITY, adresse.espoId, { [field]: value });
  adresse.values[field] = value;
  return field;
}

/**
 * Every tracked address: linked and clean in EspoCRM, present once in Advoware under its party
 * (found by the id EspoCRM stores and by the marker in `bemerkung`), with the last edit's values
 * on both sides; and no party holds Advoware addresses nobody entered.
 */
export function verifyAdressen(sims: Simulators, tracked: TrackedAdresse[], findings: Findings): void {
  const advowareOf = (betNr: number) => sims.advoware.state.getBeteiligte(betNr)?.adressen ?? [];
  for (const a of tracked) {
    const espo = sims.espocrm.state.getRecord(ADRESSEN_ENTITY, a.espoId) as Record<string, unknown> | undefined;
    if (!espo) {
      findings.lostEdits.push(`address ${a.espoId}: gone from EspoCRM`);
      continue;
    }
    const marked = advowareOf(a.party.betNr).filter((x) => espoIdFromBemerkung(x.bemerkung) === a.espoId);
    if (marked.length > 1) findings.duplicates.push(`address ${a.espoId}: ${marked.length} Advoware addresses of party ${a.party.betNr} carry its marker (ids ${marked.map((x) => x.id)})`);
    const linked = advowareOf(a.party.betNr).find((x) => x.id === Number(espo.advowareAdresseId));
    if (!linked) {
      findings.divergences.push(`address ${a.espoId}: advowareAdresseId ${String(espo.advowareAdresseId)} not an address of party ${a.party.betNr} (status ${String(espo.syncStatus)})`);
      continue;
    }
    if (linked.bemerkung !== adresseMarker(a.espoId)) findings.divergences.push(`address ${a.espoId}: Advoware ${linked.id} bemerkung ${JSON.stringify(linked.bemerkung)}`);
    if (espo.syncStatus !== 'clean') findings.divergences.push(`address ${a.espoId}: syncStatus ${String(espo.syncStatus)} ${String(espo.syncErrorMessage ?? '')}`);
    for (const field of EDITED_FIELDS) {
      const inEspo = espo[field];
      const inAdvoware = linked[field];
      if (inEspo !== inAdvoware) findings.divergences.push(`address ${a.espoId} ${field}: EspoCRM ${JSON.stringify(inEspo)} ≠ Advoware ${JSON.stringify(inAdvoware)}`);
      else if (inEspo !== a.values[field]) findings.lostEdits.push(`address ${a.espoId} ${field}: both ${JSON.stringify(inEspo)}, last edit ${JSON.stringify(a.values[field])}`);
    }
  }
  const byParty = new Map<number, number>();
  for (const a of tracked) byParty.set(a.party.betNr, (byParty.get(a.party.betNr) ?? 0) + 1);
  for (const party of sims.advoware.state.listBeteiligte()) {
    const held = advowareOf(party.betNr).length;
    const entered = byParty.get(party.betNr) ?? 0;
    if (held !== entered) findings.duplicates.push(`party ${party.betNr}: ${held} Advoware addresses for ${entered} entered in EspoCRM`);
  }
}
