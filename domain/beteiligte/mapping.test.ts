import { describe, expect, it } from 'vitest';
import {
  advowareBodyFromMaster,
  advowareCreateBody,
  advowareSearchQuery,
  espoPatchFromMaster,
  isSameParty,
  masterFromAdvoware,
  masterFromEspo,
  type MasterData,
} from './mapping';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

const person: EspoBeteiligte = {
  id: 'e1',
  name: 'Max Mustermann',
  firstName: ' Max ',
  lastName: 'Mustermann',
  salutationName: 'herr',
  titel: 'Dr.',
  rechtsform: 'natürliche person',
  geburtsdatum: '1980-05-17',
  handelsregisterNummer: 'HRB 1',
};

const company: EspoBeteiligte = {
  id: 'e2',
  name: 'ACME  GmbH',
  firstName: 'stale',
  lastName: 'stale',
  rechtsform: 'gmbh',
  salutationName: 'Firma',
  handelsregisterNummer: 'hrb12345',
  registergericht: 'Amtsgericht Hannover',
  geburtsdatum: '2000-01-01',
};

const advoPerson: AdvowareBeteiligter = {
  betNr: 104860,
  rowId: 'FBABAAAANJFGABAAGJDOAEAPAAAAAPGFPDAFAAAA',
  geaendertAm: '2026-02-08T10:00:00',
  name: 'Mustermann',
  vorname: 'Max',
  rechtsform: 'Natürliche Person',
  anrede: 'Herr',
  titel: 'Dr.',
  geburtsdatum: '1980-05-17T00:00:00',
  kurzname: 'MUSTER',
  briefanrede: 'Sehr geehrter Herr Dr. Mustermann',
  kommunikation: [{ id: 1, rowId: 'r1', kommKz: 1, tlf: '0511 1', bemerkung: null }],
  adressen: [{ id: 9 }],
};

describe('master data mapping', () => {
  it('reads a person from EspoCRM (lastName/firstName) with company-only fields emptied', () => {
    expect(masterFromEspo(person)).toEqual<MasterData>({
      kind: 'person',
      name: 'Mustermann',
      vorname: 'Max',
      rechtsform: 'Natürliche Person',
      anrede: 'Herr',
      titel: 'Dr.',
      geburtsdatum: '1980-05-17',
      handelsRegisterNummer: null,
      registergericht: null,
    });
  });

  it('reads a company from EspoCRM (name) with person-only fields emptied', () => {
    expect(masterFromEspo(company)).toEqual<MasterData>({
      kind: 'company',
      name: 'ACME GmbH',
      vorname: null,
      rechtsform: 'GmbH',
      anrede: 'Firma',
      titel: null,
      geburtsdatum: null,
      handelsRegisterNummer: 'HRB 12345',
      registergericht: 'Amtsgericht Hannover',
    });
  });

  it('reads Advoware the same way, so equal data compares equal', () => {
    expect(masterFromAdvoware(advoPerson)).toEqual(masterFromEspo(person));
  });

  it('writes persons to lastName/firstName and the display name', () => {
    const full = masterFromEspo(person);
    expect(espoPatchFromMaster({ name: 'Musterfrau', vorname: 'Erika' }, 'person', { ...full, name: 'Musterfrau', vorname: 'Erika' })).toEqual({
      lastName: 'Musterfrau',
      firstName: 'Erika',
      name: 'Erika Musterfrau',
    });
    expect(espoPatchFromMaster({ geburtsdatum: '1981-01-02', anrede: 'Frau' }, 'person')).toEqual({
      geburtsdatum: '1981-01-02',
      salutationName: 'Frau',
    });
  });

  it('writes companies to name and ignores person-only fields', () => {
    expect(espoPatchFromMaster({ name: 'ACME AG', vorname: 'x', handelsRegisterNummer: 'HRB 2' }, 'company')).toEqual({
      name: 'ACME AG',
      handelsregisterNummer: 'HRB 2',
    });
  });

  it('builds the full PUT body: record as read, changed mapped fields only, unknown fields kept, no arrays/rowId', () => {
    const merged: MasterData = { ...masterFromAdvoware(advoPerson), vorname: 'Moritz', geburtsdatum: '1981-02-03' };
    const body = advowareBodyFromMaster(advoPerson, merged);
    expect(body).toEqual({
      betNr: 104860,
      name: 'Mustermann',
      vorname: 'Moritz',
      rechtsform: 'Natürliche Person',
      anrede: 'Herr',
      titel: 'Dr.',
      geburtsdatum: '1981-02-03T00:00:00',
      kurzname: 'MUSTER',
      briefanrede: 'Sehr geehrter Herr Dr. Mustermann',
    });
    expect(body).not.toHaveProperty('kommunikation');
    expect(body).not.toHaveProperty('adressen');
    expect(body).not.toHaveProperty('rowId');
    expect(body).not.toHaveProperty('geaendertAm');
  });

  it('keeps raw formatting of unchanged fields in the PUT body', () => {
    const raw: AdvowareBeteiligter = { ...advoPerson, anrede: 'herr' };
    const body = advowareBodyFromMaster(raw, { ...masterFromAdvoware(raw), titel: 'Prof. Dr.' });
    expect(body.anrede).toBe('herr');
    expect(body.titel).toBe('Prof. Dr.');
  });

  it('creates and searches from the EspoCRM record', () => {
    expect(advowareCreateBody(person)).toEqual({
      name: 'Mustermann',
      vorname: 'Max',
      rechtsform: 'Natürliche Person',
      anrede: 'Herr',
      titel: 'Dr.',
      geburtsdatum: '1980-05-17T00:00:00',
    });
    expect(advowareSearchQuery(person)).toEqual({ name: 'Mustermann', vorname: 'Max' });
    expect(advowareSearchQuery(company)).toEqual({ name: 'ACME GmbH' });
  });

  it('recognises the same party exactly (for de-duplication before create)', () => {
    expect(isSameParty(person, advoPerson)).toBe(true);
    expect(isSameParty(person, { ...advoPerson, name: 'MUSTERMANN' })).toBe(true);
    expect(isSameParty(person, { ...advoPerson, vorname: 'Moritz' })).toBe(false);
    expect(isSameParty(person, { ...advoPerson, geburtsdatum: '1990-01-01T00:00:00' })).toBe(false);
    expect(isSameParty(person, { ...advoPerson, geburtsdatum: null })).toBe(true);
    expect(isSameParty(person, { ...advoPerson, rechtsform: 'GmbH' })).toBe(false);
  });
});
