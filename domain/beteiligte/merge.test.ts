import { describe, expect, it } from 'vitest';
import type { MasterData } from './mapping';
import { decideMaster, firstSyncWinner } from './merge';

const base: MasterData = {
  kind: 'person',
  name: 'Mustermann',
  vorname: 'Max',
  rechtsform: 'Natürliche Person',
  anrede: 'Herr',
  titel: null,
  geburtsdatum: '1980-05-17',
  handelsRegisterNummer: null,
  registergericht: null,
};

describe('decideMaster with a base (three-way per field)', () => {
  it('unchanged on both sides → no writes', () => {
    const d = decideMaster({ espo: base, advo: base, base });
    expect(d).toMatchObject({ kind: 'no_change', toEspo: {}, toAdvoware: {}, conflicts: [] });
    expect(d.merged).toEqual(base);
  });

  it('only EspoCRM changed → copied to Advoware', () => {
    const d = decideMaster({ espo: { ...base, titel: 'Dr.' }, advo: base, base });
    expect(d.kind).toBe('espo_to_advoware');
    expect(d.toAdvoware).toEqual({ titel: 'Dr.' });
    expect(d.toEspo).toEqual({});
  });

  it('only Advoware changed → copied to EspoCRM', () => {
    const d = decideMaster({ espo: base, advo: { ...base, vorname: 'Moritz' }, base });
    expect(d.kind).toBe('advoware_to_espo');
    expect(d.toEspo).toEqual({ vorname: 'Moritz' });
    expect(d.merged.vorname).toBe('Moritz');
  });

  it('different fields changed on each side → merged both ways', () => {
    const d = decideMaster({ espo: { ...base, titel: 'Dr.' }, advo: { ...base, geburtsdatum: '1981-01-01' }, base });
    expect(d.kind).toBe('merged');
    expect(d.merged).toMatchObject({ titel: 'Dr.', geburtsdatum: '1981-01-01' });
    expect(d.toAdvoware).toEqual({ titel: 'Dr.' });
    expect(d.toEspo).toEqual({ geburtsdatum: '1981-01-01' });
  });

  it('same field changed differently → EspoCRM wins, conflict reported', () => {
    const d = decideMaster({ espo: { ...base, name: 'Meier' }, advo: { ...base, name: 'Schulze', titel: 'Dr.' }, base });
    expect(d.kind).toBe('conflict');
    expect(d.conflicts).toEqual([{ field: 'name', espoValue: 'Meier', advowareValue: 'Schulze' }]);
    expect(d.merged).toMatchObject({ name: 'Meier', titel: 'Dr.' });
    expect(d.toAdvoware).toEqual({ name: 'Meier' });
    expect(d.toEspo).toEqual({ titel: 'Dr.' });
  });

  it('same field changed to the same value on both sides → no conflict, no writes', () => {
    const d = decideMaster({ espo: { ...base, titel: 'Dr.' }, advo: { ...base, titel: 'Dr.' }, base });
    expect(d.kind).toBe('no_change');
    expect(d.conflicts).toEqual([]);
  });

  it('a Rechtsform change switches the kind and empties fields of the other kind', () => {
    const d = decideMaster({ espo: base, advo: { ...base, rechtsform: 'GmbH' }, base });
    expect(d.merged.kind).toBe('company');
    expect(d.merged.vorname).toBeNull();
    expect(d.merged.geburtsdatum).toBeNull();
  });
});

describe('decideMaster without a base (first sync)', () => {
  const espo = { ...base, titel: 'Dr.' };
  const advo = { ...base, titel: 'Prof.', geburtsdatum: null };

  it('newer timestamp wins: Advoware newer', () => {
    const d = decideMaster({ espo, advo, base: null, espoModifiedAt: '2026-02-01 10:00:00', advoGeaendertAm: '2026-02-02T10:00:00' });
    expect(d.kind).toBe('first_sync');
    expect(d.merged.titel).toBe('Prof.');
    expect(d.toEspo).toEqual({ titel: 'Prof.' });
    // an empty field on the winning side does not erase the other side's value
    expect(d.merged.geburtsdatum).toBe('1980-05-17');
    expect(d.toAdvoware).toEqual({ geburtsdatum: '1980-05-17' });
  });

  it('newer timestamp wins: EspoCRM newer', () => {
    const d = decideMaster({ espo, advo, base: null, espoModifiedAt: '2026-02-03 10:00:00', advoGeaendertAm: '2026-02-02T10:00:00' });
    expect(d.merged.titel).toBe('Dr.');
    expect(d.toAdvoware).toEqual({ titel: 'Dr.', geburtsdatum: '1980-05-17' });
    expect(d.toEspo).toEqual({});
  });

  it('only one timestamp → that side; neither → EspoCRM; equal → EspoCRM', () => {
    expect(firstSyncWinner(null, '2026-02-02T10:00:00')).toBe('advoware');
    expect(firstSyncWinner('2026-02-02 10:00:00', null)).toBe('espo');
    expect(firstSyncWinner(null, null)).toBe('espo');
    expect(firstSyncWinner('2026-02-02 10:00:00', '2026-02-02T10:00:00Z')).toBe('espo');
    expect(decideMaster({ espo, advo, base: null, advoGeaendertAm: '2026-02-02T10:00:00' }).merged.titel).toBe('Prof.');
    expect(decideMaster({ espo, advo, base: null }).merged.titel).toBe('Dr.');
  });

  it('equal data on first sync → no writes', () => {
    expect(decideMaster({ espo: base, advo: base, base: null }).kind).toBe('no_change');
  });
});
