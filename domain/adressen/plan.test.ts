import { describe, expect, it } from 'vitest';
import { parseAdressenBase, serialiseAdressenBase, type AdressenBase } from './base';
import { adresseValues, type AdresseValues } from './fields';
import { planAdressen, type AdvowareAdresse, type EspoAdresse } from './plan';

const NOW = '2026-11-30 12:00:00';
const fields = {
  strasse: 'Hauptstr. 1',
  plz: '30159',
  ort: 'Hannover',
  anschrift: 'Hauptstr. 1\n30159 Hannover',
  land: 'D',
  postfach: null,
  postfachPLZ: null,
  standardAnschrift: true,
  gueltigVon: '2020-01-01',
  gueltigBis: null,
  reihenfolgeIndex: 1,
};
const espo = (over: Partial<EspoAdresse> = {}): EspoAdresse => ({ id: 'e1', ...fields, advowareAdresseId: 5001, syncStatus: 'clean', syncErrorMessage: null, ...over });
const advo = (over: Partial<AdvowareAdresse> = {}): AdvowareAdresse => ({ id: 5001, ...fields, gueltigVon: '2020-01-01T00:00:00', bemerkung: 'EspoCRM-ID: e1', ...over });
const linked = (values: Partial<AdresseValues> = {}, extra: Partial<AdressenBase['links'][string]> = {}): AdressenBase => ({
  v: 1,
  links: { e1: { advoId: 5001, values: { ...adresseValues(fields), ...values }, ...extra } },
});
const plan = (e: EspoAdresse[], a: AdvowareAdresse[], base: AdressenBase = linked()) => planAdressen({ espo: e, advoware: a, base, betNr: 100001, now: NOW });

describe('planAdressen', () => {
  it('no change on either side → nothing to do (dates compared as YYYY-MM-DD)', () => {
    const p = plan([espo()], [advo()]);
    expect(p).toMatchObject({ advowareCreates: [], advowareUpdates: [], espoCreates: [], espoUpdates: [], tasks: [] });
    expect(serialiseAdressenBase(p.nextBase)).toBe(serialiseAdressenBase(linked()));
  });

  it('new EspoCRM address → POST with every field and the EspoCRM id in bemerkung', () => {
    const p = plan([espo({ advowareAdresseId: null })], [], { v: 1, links: {} });
    expect(p.advowareCreates).toHaveLength(1);
    expect(p.advowareCreates[0].body).toMatchObject({ ...adresseValues(fields), bemerkung: 'EspoCRM-ID: e1' });
  });

  it('an earlier attempt already posted it (marker found) → linked, not posted twice', () => {
    const p = plan([espo({ advowareAdresseId: null })], [advo()], { v: 1, links: {} });
    expect(p.advowareCreates).toEqual([]);
    expect(p.espoUpdates).toEqual([{ espoId: 'e1', patch: { advowareAdresseId: 5001, advowareLastSync: NOW } }]);
    expect(p.nextBase.links.e1.advoId).toBe(5001);
  });

  it.each(['strasse', 'plz', 'ort', 'anschrift'] as const)('writable %s changed in EspoCRM → PUT with the four writable fields', (field) => {
    const p = plan([espo({ [field]: 'NEU' })], [advo()]);
    expect(p.advowareUpdates).toHaveLength(1);
    expect(p.advowareUpdates[0].body).toEqual({ strasse: fields.strasse, plz: fields.plz, ort: fields.ort, anschrift: fields.anschrift, [field]: 'NEU' });
    expect(p.tasks).toEqual([]);
    expect(p.nextBase.links.e1.values[field]).toBe('NEU');
  });

  it.each([
    ['land', 'AT'],
    ['postfach', '12 34'],
    ['postfachPLZ', '30001'],
    ['standardAnschrift', false],
    ['gueltigVon', '2021-05-01'],
    ['reihenfolgeIndex', 3],
  ] as const)('read-only %s changed in EspoCRM → no write, Task address_field_update_required, base keeps the Advoware value, unclean', (field, value) => {
    const p = plan([espo({ [field]: value })], [advo()]);
    expect(p.advowareUpdates).toEqual([]);
    expect(p.tasks.map((t) => t.type)).toEqual(['address_field_update_required']);
    expect(p.nextBase.links.e1.values[field]).toBe(adresseValues(fields)[field]);
    expect(p.nextBase.links.e1.open).toEqual({ [field]: value });
    expect(p.espoUpdates[0].patch).toMatchObject({ syncStatus: 'unclean', syncErrorMessage: expect.stringContaining('von Hand') });
  });

  it('the same open read-only change on the next pass → no second Task; once Advoware agrees → clean', () => {
    const first = plan([espo({ land: 'AT' })], [advo()]);
    const stillOpen = plan([espo({ land: 'AT', ...first.espoUpdates[0].patch })], [advo()], first.nextBase);
    expect(stillOpen.tasks).toEqual([]);
    expect(stillOpen.espoUpdates).toEqual([]);
    const fixed = plan([espo({ land: 'AT', ...first.espoUpdates[0].patch })], [advo({ land: 'AT' })], first.nextBase);
    expect(fixed.tasks).toEqual([]);
    expect(fixed.nextBase.links.e1.open).toBeUndefined();
    expect(fixed.nextBase.links.e1.values.land).toBe('AT');
    expect(fixed.espoUpdates[0].patch).toMatchObject({ syncStatus: 'clean', syncErrorMessage: null });
  });

  it('gueltigBis set in EspoCRM (ending the address) → address_delete_required; cleared again → address_reactivate_required', () => {
    expect(plan([espo({ gueltigBis: '2026-12-31' })], [advo()]).tasks.map((t) => t.type)).toEqual(['address_delete_required']);
    const ended = linked({ gueltigBis: '2025-12-31' });
    const p = plan([espo({ gueltigBis: null })], [advo({ gueltigBis: '2025-12-31' })], ended);
    expect(p.tasks.map((t) => t.type)).toEqual(['address_reactivate_required']);
    expect(p.tasks[0].message).toContain('reaktivieren');
  });

  it('read-only field changed on both sides differently → readonly_field_conflict naming both values', () => {
    const p = plan([espo({ land: 'AT' })], [advo({ land: 'CH' })]);
    expect(p.tasks.map((t) => t.type)).toEqual(['readonly_field_conflict']);
    expect(p.tasks[0].message).toContain('„AT“');
    expect(p.tasks[0].message).toContain('„CH“');
    expect(p.nextBase.links.e1.values.land).toBe('CH');
    expect(p.conflicts).toBe(1);
  });

  it('writable field changed on both sides → EspoCRM wins, a Task names the lost Advoware value', () => {
    const p = plan([espo({ ort: 'Laatzen' })], [advo({ ort: 'Celle' })]);
    expect(p.advowareUpdates[0].body).toMatchObject({ ort: 'Laatzen' });
    expect(p.tasks.map((t) => t.type)).toEqual(['general_manual_action']);
    expect(p.tasks[0].message).toContain('„Celle“');
  });

  it('any field changed only in Advoware (read-only ones too) → flows to EspoCRM', () => {
    const p = plan([espo()], [advo({ strasse: 'Nebenstr. 2', land: 'AT', gueltigBis: '2027-01-01T00:00:00' })]);
    expect(p.advowareUpdates).toEqual([]);
    expect(p.espoUpdates[0].patch).toMatchObject({ strasse: 'Nebenstr. 2', land: 'AT', gueltigBis: '2027-01-01' });
    expect(p.tasks).toEqual([]);
  });

  it('deleted in EspoCRM → address_delete_required once, on the party; link kept until Advoware drops it', () => {
    const p = plan([], [advo()]);
    expect(p.tasks).toMatchObject([{ type: 'address_delete_required', espoId: null }]);
    expect(p.tasks[0].message).toContain('Adresse 5001');
    expect(p.espoCreates).toEqual([]);
    expect(plan([], [advo()], p.nextBase).tasks).toEqual([]);
    expect(plan([], [], p.nextBase).nextBase.links).toEqual({});
  });

  it('Advoware address with the marker of an EspoCRM id that no longer exists (never linked) → delete Task, not a new EspoCRM record', () => {
    const p = plan([], [advo({ bemerkung: 'EspoCRM-ID: gone1' })], { v: 1, links: {} });
    expect(p.tasks.map((t) => t.type)).toEqual(['address_delete_required']);
    expect(p.espoCreates).toEqual([]);
  });

  it('linked address gone from Advoware → missing_in_advoware once, unclean, never re-posted', () => {
    const p = plan([espo()], []);
    expect(p.tasks.map((t) => t.type)).toEqual(['missing_in_advoware']);
    expect(p.advowareCreates).toEqual([]);
    expect(p.espoUpdates[0].patch).toMatchObject({ syncStatus: 'unclean' });
    const again = plan([espo(p.espoUpdates[0].patch)], [], p.nextBase);
    expect(again.tasks).toEqual([]);
    expect(again.espoUpdates).toEqual([]);
  });

  it('address entered in Advoware (no marker, not linked) → created in EspoCRM with its id', () => {
    const p = plan([], [advo({ id: 5002, bemerkung: 'Zustelladresse' })], { v: 1, links: {} });
    expect(p.espoCreates).toHaveLength(1);
    expect(p.espoCreates[0]).toMatchObject({ advoId: 5002, data: { advowareAdresseId: 5002, strasse: 'Hauptstr. 1', name: 'Hauptstr. 1, 30159 Hannover', syncStatus: 'clean' } });
  });

  it('base round-trips and an unreadable base counts as none', () => {
    const base = linked({}, { open: { land: 'AT' } });
    expect(parseAdressenBase(serialiseAdressenBase(base))).toEqual(base);
    expect(parseAdressenBase('{broken')).toEqual({ v: 1, links: {} });
    expect(parseAdressenBase(null)).toEqual({ v: 1, links: {} });
  });
});
