import { describe, expect, it } from 'vitest';
import { formatMarker } from './kommunikation/markers';
import { masterFromEspo } from './mapping';
import { needsEspoWrite, planBeteiligtePass, syncFieldsAfterSuccess } from './pass';
import { serializeSyncBase, type SyncBase } from './sync-base';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

const espo: EspoBeteiligte = {
  id: 'e1',
  betnr: 104860,
  name: 'Max Mustermann',
  firstName: 'Max',
  lastName: 'Mustermann',
  salutationName: 'Herr',
  rechtsform: 'Natürliche Person',
  geburtsdatum: '1980-05-17',
  emailAddressData: [{ emailAddress: 'max@example.com', lower: 'max@example.com', primary: true, optOut: false, invalid: false }],
  phoneNumberData: [],
  modifiedAt: '2026-02-01 10:00:00',
};

const advo: AdvowareBeteiligter = {
  betNr: 104860,
  rowId: 'ROW1',
  geaendertAm: '2026-02-01T09:00:00',
  name: 'Mustermann',
  vorname: 'Max',
  anrede: 'herr',
  rechtsform: 'Natürliche Person',
  geburtsdatum: '1980-05-17T00:00:00',
  kurzname: 'MUSTER',
  kommunikation: [{ id: 7, rowId: 'K7', kommKz: 4, tlf: 'max@example.com', bemerkung: formatMarker('max@example.com', 4), online: true }],
};

const base: SyncBase = { v: 1, master: masterFromEspo(espo), kommunikation: ['email:max@example.com'] };
const linked: EspoBeteiligte = { ...espo, advowareSyncBase: serializeSyncBase(base), syncStatus: 'clean' };
const now = Date.UTC(2026, 1, 8, 12, 0, 0);

describe('planBeteiligtePass', () => {
  it('plans no writes when both sides match the base', () => {
    const plan = planBeteiligtePass({ espo: linked, advo });
    expect(plan.outcome).toBe('no_change');
    expect(plan.advowareUpdate).toBeNull();
    expect(plan.espoDataPatch).toEqual({});
    expect(plan.notifications).toEqual([]);
    expect(serializeSyncBase(plan.nextBase)).toBe(linked.advowareSyncBase);
  });

  it('first sync with equal data writes no data, but the base is new', () => {
    const plan = planBeteiligtePass({ espo, advo });
    expect(plan.outcome).toBe('no_change');
    expect(plan.nextBase).toEqual(base);
    const fields = syncFieldsAfterSuccess({ espo, outcome: plan.outcome, advowareRowId: 'ROW1', kommunikationHash: 'h', nextBase: plan.nextBase, now });
    expect(needsEspoWrite(espo, fields)).toBe(true);
    expect(fields.advowareSyncBase).toBe(linked.advowareSyncBase);
  });

  it('copies an Advoware name change to EspoCRM, including the display name', () => {
    const plan = planBeteiligtePass({ espo: linked, advo: { ...advo, vorname: 'Moritz' } });
    expect(plan.outcome).toBe('clean');
    expect(plan.master.kind).toBe('advoware_to_espo');
    expect(plan.espoDataPatch).toEqual({ firstName: 'Moritz', name: 'Moritz Mustermann' });
    expect(plan.advowareUpdate).toBeNull();
  });

  it('sends the full record to Advoware for an EspoCRM change, unknown fields and raw spellings kept', () => {
    const plan = planBeteiligtePass({ espo: { ...linked, titel: 'Dr.' }, advo });
    expect(plan.advowareUpdate).toEqual({
      betNr: 104860,
      name: 'Mustermann',
      vorname: 'Max',
      anrede: 'herr',
      rechtsform: 'Natürliche Person',
      geburtsdatum: '1980-05-17T00:00:00',
      kurzname: 'MUSTER',
      titel: 'Dr.',
    });
    expect(plan.espoDataPatch).toEqual({});
  });

  it('on a same-field conflict EspoCRM wins, the status is conflict and a notification names the Advoware value', () => {
    const plan = planBeteiligtePass({ espo: { ...linked, lastName: 'Meier' }, advo: { ...advo, name: 'Schulze' } });
    expect(plan.outcome).toBe('conflict');
    expect(plan.advowareUpdate?.name).toBe('Meier');
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0].message).toContain('„Schulze“');
    expect(plan.notifications[0].message).toContain('„Meier“');
    const fields = syncFieldsAfterSuccess({ espo: linked, outcome: plan.outcome, advowareRowId: 'ROW2', kommunikationHash: 'h', nextBase: plan.nextBase, now });
    expect(fields.syncStatus).toBe('conflict');
  });

  it('a Rechtsform change in Advoware makes EspoCRM a company with its name in `name`', () => {
    const company = { ...advo, rechtsform: 'GmbH', name: 'Mustermann GmbH', vorname: null, geburtsdatum: null };
    const plan = planBeteiligtePass({ espo: linked, advo: company });
    expect(plan.espoDataPatch).toMatchObject({ rechtsform: 'GmbH', name: 'Mustermann GmbH' });
    expect(masterFromEspo({ ...linked, ...plan.espoDataPatch })).toEqual(plan.nextBase.master);
  });

  it('includes e-mail/phone changes in the EspoCRM patch', () => {
    const withPhone = { ...advo, kommunikation: [...(advo.kommunikation ?? []), { id: 8, rowId: 'K8', kommKz: 3, tlf: '0171 1', bemerkung: null }] };
    const plan = planBeteiligtePass({ espo: linked, advo: withPhone });
    expect(plan.espoDataPatch.phoneNumberData).toEqual([{ phoneNumber: '0171 1', type: 'Mobile', primary: true, optOut: false, invalid: false }]);
    expect(plan.kommunikation.advowareUpdates).toHaveLength(1);
    expect(plan.outcome).toBe('clean');
  });
});

describe('sync fields after success', () => {
  const nextBase = base;
  const settled: EspoBeteiligte = {
    ...linked,
    advowareLastSync: '2026-02-08 11:30:00',
    advowareRowId: 'ROW1',
    kommunikationHash: 'abc',
    syncRetryCount: 0,
  };

  it('writes nothing after an idle pass (no webhook ping-pong)', () => {
    const fields = syncFieldsAfterSuccess({ espo: settled, outcome: 'no_change', advowareRowId: 'ROW1', kommunikationHash: 'abc', nextBase, now });
    expect(fields.advowareLastSync).toBe('2026-02-08 11:30:00');
    expect(needsEspoWrite(settled, fields)).toBe(false);
  });

  it('refreshes advowareLastSync on an idle pass once it is older than an hour', () => {
    const fields = syncFieldsAfterSuccess({ espo: { ...settled, advowareLastSync: '2026-02-08 10:00:00' }, outcome: 'no_change', advowareRowId: 'ROW1', kommunikationHash: 'abc', nextBase, now });
    expect(fields.advowareLastSync).toBe('2026-02-08 12:00:00');
  });

  it('stamps now, resets retry fields and sets clean after a pass with writes', () => {
    const failed = { ...settled, syncStatus: 'failed', syncRetryCount: 3, syncNextRetry: '2026-02-08 12:15:00', syncErrorMessage: 'boom' };
    const fields = syncFieldsAfterSuccess({ espo: failed, outcome: 'clean', advowareRowId: 'ROW9', kommunikationHash: 'def', nextBase, now: new Date(now) });
    expect(fields).toEqual({
      syncStatus: 'clean',
      advowareLastSync: '2026-02-08 12:00:00',
      advowareRowId: 'ROW9',
      kommunikationHash: 'def',
      advowareSyncBase: serializeSyncBase(nextBase),
      syncRetryCount: 0,
      syncNextRetry: null,
      syncAutoResetAt: null,
      syncErrorMessage: null,
    });
  });

  it('keeps a conflict visible through idle passes', () => {
    const fields = syncFieldsAfterSuccess({ espo: { ...settled, syncStatus: 'conflict' }, outcome: 'no_change', advowareRowId: 'ROW1', kommunikationHash: 'abc', nextBase, now });
    expect(fields.syncStatus).toBe('conflict');
  });
});

describe('needsEspoWrite', () => {
  it('treats null, undefined and empty text alike and ignores read-only `lower`', () => {
    expect(needsEspoWrite({ id: 'x', titel: null }, { titel: '' })).toBe(false);
    expect(needsEspoWrite({ id: 'x' }, { titel: null })).toBe(false);
    expect(needsEspoWrite(espo, { emailAddressData: [{ emailAddress: 'max@example.com', primary: true, optOut: false, invalid: false }] })).toBe(false);
  });

  it('detects real differences', () => {
    expect(needsEspoWrite({ id: 'x', titel: 'Dr.' }, { titel: 'Prof.' })).toBe(true);
    expect(needsEspoWrite(espo, { emailAddressData: [] })).toBe(true);
    expect(needsEspoWrite({ id: 'x', syncRetryCount: null }, { syncRetryCount: 0 })).toBe(true);
  });

  describe('kind change person ↔ company (bug 5)', () => {
    it('EspoCRM turns the person into a company: vorname and geburtsdatum are emptied in Advoware', () => {
      const company: EspoBeteiligte = { ...linked, rechtsform: 'GmbH', name: 'Mustermann GmbH', salutationName: 'Firma' };
      const plan = planBeteiligtePass({ espo: company, advo });
      expect(plan.advowareUpdate).toMatchObject({ rechtsform: 'GmbH', name: 'Mustermann GmbH', vorname: null, geburtsdatum: null, kurzname: 'MUSTER' });
      expect(plan.espoDataPatch).toMatchObject({ firstName: null, geburtsdatum: null });
      // Advoware as written: the next pass has nothing left to do.
      const written = { ...advo, ...(plan.advowareUpdate as Partial<AdvowareBeteiligter>) };
      const synced = { ...company, ...plan.espoDataPatch, advowareSyncBase: serializeSyncBase(plan.nextBase) };
      const again = planBeteiligtePass({ espo: synced, advo: written });
      expect(again.advowareUpdate).toBeNull();
      expect(again.espoDataPatch).toEqual({});
    });

    it('Advoware turns the person into a company: the old kind is emptied in EspoCRM too', () => {
      const plan = planBeteiligtePass({ espo: linked, advo: { ...advo, rechtsform: 'GmbH', name: 'Mustermann GmbH', geaendertAm: '2026-02-02T09:00:00' } });
      expect(plan.espoDataPatch).toMatchObject({ rechtsform: 'GmbH', name: 'Mustermann GmbH', firstName: null, geburtsdatum: null });
      expect(plan.advowareUpdate).toMatchObject({ vorname: null, geburtsdatum: null });
    });

    it('company → person empties the register fields', () => {
      const firm: EspoBeteiligte = { id: 'e2', betnr: 5, name: 'ACME GmbH', rechtsform: 'GmbH', handelsregisterNummer: 'HRB 1', registergericht: 'AG Celle' };
      const firmAdvo: AdvowareBeteiligter = { betNr: 5, rowId: 'R', name: 'ACME GmbH', rechtsform: 'GmbH', handelsRegisterNummer: 'HRB 1', registergericht: 'AG Celle', kommunikation: [] };
      const firmLinked = { ...firm, advowareSyncBase: serializeSyncBase({ v: 1, master: masterFromEspo(firm), kommunikation: [] }) };
      const plan = planBeteiligtePass({ espo: { ...firmLinked, rechtsform: 'Natürliche Person', lastName: 'Acme', firstName: 'Anna' }, advo: firmAdvo });
      expect(plan.advowareUpdate).toMatchObject({ rechtsform: 'Natürliche Person', vorname: 'Anna', handelsRegisterNummer: null, registergericht: null });
      expect(plan.espoDataPatch).toMatchObject({ handelsregisterNummer: null, registergericht: null });
    });

    it('without a kind change, stray fields of the other kind are left alone', () => {
      const plan = planBeteiligtePass({ espo: linked, advo: { ...advo, handelsRegisterNummer: 'HRB 9' } });
      expect(plan.advowareUpdate).toBeNull();
    });
  });
});
