import { isSameParty } from './mapping';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

/**
 * Idempotent creation without matching by name. A new Advoware party gets the EspoCRM id in a
 * free-text field (`ADVOWARE_BETEILIGTE_ID_FIELD`, default `bemerkung`) as `[ESPOCRM-ID:<id>]`,
 * the same convention integrators use for Adressen (docs/SYNC_RULES.md, Adressen). When an
 * attempt created the party but its answer (or the `betnr` write) was lost, the retry finds the
 * party among the name-search results by this marker — only by it. A party with the same name
 * but without our marker is never linked; at most a Task asks a human about a duplicate.
 */

const ID_MARKER = /\[ESPOCRM-ID:([A-Za-z0-9_-]{1,64})\]/;

export function formatPartyIdMarker(espoId: string): string {
  return `[ESPOCRM-ID:${espoId}]`;
}

/** The field's text with our marker in front; a user's text stays after it. */
export function withPartyIdMarker(text: unknown, espoId: string): string {
  const rest = typeof text === 'string' ? text.replace(ID_MARKER, '').trim() : '';
  return rest === '' ? formatPartyIdMarker(espoId) : `${formatPartyIdMarker(espoId)} ${rest}`;
}

/** The EspoCRM id our marker names in the party's id field, or null. */
export function partyEspoId(party: AdvowareBeteiligter, idField: string): string | null {
  const text = party[idField];
  if (typeof text !== 'string') return null;
  return ID_MARKER.exec(text)?.[1] ?? null;
}

export interface LinkCandidates {
  /** The party an earlier attempt created for this record (our marker names it). */
  own: AdvowareBeteiligter | null;
  /** Same kind and name, no contradicting birth date or register number, not ours: ask a human. */
  probableDuplicates: AdvowareBeteiligter[];
}

/** Sorts the name-search results: ours by the id marker; others with the same name are only reported. */
export function classifyLinkCandidates(espo: EspoBeteiligte, candidates: AdvowareBeteiligter[], idField: string): LinkCandidates {
  const own = candidates.find((party) => partyEspoId(party, idField) === espo.id) ?? null;
  const probableDuplicates = candidates.filter((party) => party !== own && partyEspoId(party, idField) === null && isSameParty(espo, party));
  return { own, probableDuplicates };
}

/** The Task text for probable duplicates by name (never linked automatically). */
export function duplicateNotice(espo: EspoBeteiligte, betNr: number, duplicates: AdvowareBeteiligter[]): { title: string; message: string } {
  const lines = duplicates.map((party) => {
    const parts = [party.vorname, party.name].filter((p) => typeof p === 'string' && p.trim() !== '').join(' ');
    const born = typeof party.geburtsdatum === 'string' && party.geburtsdatum ? `, geb. ${party.geburtsdatum.slice(0, 10)}` : '';
    return `- Advoware betNr ${party.betNr}: ${parts}${born}`;
  });
  return {
    title: 'Möglicher doppelter Beteiligter in Advoware',
    message:
      `Für den EspoCRM-Datensatz ${espo.id} wurde in Advoware der neue Beteiligte ${betNr} angelegt. ` +
      `Gleichnamige Beteiligte gibt es bereits; sie wurden NICHT verknüpft, weil ein gleicher Name keine gleiche Person beweist:\n` +
      `${lines.join('\n')}\nFalls es dieselbe Person ist: in Advoware zusammenführen und in EspoCRM betnr anpassen.`,
  };
}
