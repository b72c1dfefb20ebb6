import { describe, expect, it } from 'vitest';
import { classifyLinkCandidates, duplicateNotice, partyEspoId, withPartyIdMarker } from './party-id';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

const lead: EspoBeteiligte = { id: 'lead1', firstName: 'Thomas', lastName: 'Müller', rechtsform: 'Natürliche Person' };
const party = (betNr: number, extra: Partial<AdvowareBeteiligter> = {}): AdvowareBeteiligter => ({
  betNr,
  rowId: `R${betNr}`,
  name: 'Müller',
  vorname: 'Thomas',
  rechtsform: 'Natürliche Person',
  ...extra,
});

describe('party id marker (bug 2: no link by name)', () => {
  it('writes and reads [ESPOCRM-ID:…], keeping a user text', () => {
    expect(withPartyIdMarker(null, 'lead1')).toBe('[ESPOCRM-ID:lead1]');
    expect(withPartyIdMarker('Gegner im Verfahren X', 'lead1')).toBe('[ESPOCRM-ID:lead1] Gegner im Verfahren X');
    expect(partyEspoId(party(1, { bemerkung: '[ESPOCRM-ID:lead1] Notiz' }), 'bemerkung')).toBe('lead1');
    expect(partyEspoId(party(1, { bemerkung: 'Notiz' }), 'bemerkung')).toBeNull();
    expect(partyEspoId(party(1, { zusatz: '[ESPOCRM-ID:lead1]' }), 'bemerkung')).toBeNull();
  });

  it('a same-name party without birth date on our side is only a probable duplicate, never ours', () => {
    const homonym = party(7, { geburtsdatum: '1955-01-01T00:00:00' });
    const result = classifyLinkCandidates(lead, [homonym], 'bemerkung');
    expect(result.own).toBeNull();
    expect(result.probableDuplicates).toEqual([homonym]);
    expect(duplicateNotice(lead, 9, [homonym]).message).toContain('betNr 7: Thomas Müller, geb. 1955-01-01');
  });

  it('the party an earlier attempt created is found by its marker only', () => {
    const mine = party(8, { bemerkung: '[ESPOCRM-ID:lead1]' });
    const someoneElses = party(9, { bemerkung: '[ESPOCRM-ID:other]' });
    const result = classifyLinkCandidates(lead, [party(7), someoneElses, mine], 'bemerkung');
    expect(result.own).toBe(mine);
    expect(result.probableDuplicates.map((p) => p.betNr)).toEqual([7]);
  });
});
