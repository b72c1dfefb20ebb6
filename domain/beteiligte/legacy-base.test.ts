import { describe, expect, it } from 'vitest';
import { formatMarker, formatSlotMarker } from './kommunikation/markers';
import { deriveLegacyBase } from './legacy-base';
import { planBeteiligtePass } from './pass';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

/** A record as the old Python system left it: linked, markers, advowareLastSync, no advowareSyncBase. */
const legacyEspo: EspoBeteiligte = {
  id: 'legacy1',
  betnr: 104860,
  firstName: 'Max',
  lastName: 'Mustermann',
  name: 'Max Mustermann',
  rechtsform: 'Natürliche Person',
  salutationName: 'Herr',
  titel: 'Dr.',
  emailAddressData: [
    { emailAddress: 'max@example.com', primary: true },
    { emailAddress: 'alt@example.com', primary: false },
  ],
  phoneNumberData: [{ phoneNumber: '0511 1234560', primary: true, type: 'Office' }],
  syncStatus: 'clean',
  advowareLastSync: '2026-01-10 10:00:00',
  advowareRowId: 'ROWOLD',
  kommunikationHash: '0123456789abcdef',
  // The old system's own write at the end of its pass.
  modifiedAt: '2026-01-10 10:00:03',
};

const legacyAdvo: AdvowareBeteiligter = {
  betNr: 104860,
  rowId: 'ROWOLD',
  geaendertAm: '2026-01-10T09:59:58',
  name: 'Mustermann',
  vorname: 'Max',
  rechtsform: 'Natürliche Person',
  anrede: 'Herr',
  titel: 'Dr.',
  kommunikation: [
    { id: 1, rowId: 'K1', kommKz: 4, tlf: 'max@example.com', bemerkung: formatMarker('max@example.com', 4), online: true },
    { id: 2, rowId: 'K2', kommKz: 4, tlf: 'alt@example.com', bemerkung: formatMarker('alt@example.com', 4, 'privat'), online: true },
    { id: 3, rowId: 'K3', kommKz: 1, tlf: '0511 1234560', bemerkung: formatMarker('0511 1234560', 1), online: false },
    { id: 4, rowId: 'K4', kommKz: 2, tlf: '', bemerkung: formatSlotMarker(2), online: false },
  ],
};

describe('deriveLegacyBase (bug 1: records linked by the old system)', () => {
  it('takes the marker values as the Kommunikation base and the agreed master data', () => {
    const base = deriveLegacyBase({ espo: legacyEspo, advo: legacyAdvo });
    expect(base?.kommunikation).toEqual(['email:alt@example.com', 'email:max@example.com', 'phone:+495111234560']);
    expect(base?.master).toMatchObject({ kind: 'person', name: 'Mustermann', vorname: 'Max', titel: 'Dr.' });
  });

  it('is not used without advowareLastSync or betnr, nor when a stored base exists', () => {
    expect(deriveLegacyBase({ espo: { ...legacyEspo, advowareLastSync: null }, advo: legacyAdvo })).toBeNull();
    expect(deriveLegacyBase({ espo: { ...legacyEspo, betnr: null }, advo: legacyAdvo })).toBeNull();
    const stored = planBeteiligtePass({ espo: legacyEspo, advo: legacyAdvo });
    expect(stored.baseSource).toBe('derived_legacy');
    expect(planBeteiligtePass({ espo: { ...legacyEspo, advowareSyncBase: JSON.stringify({ ...stored.nextBase }) }, advo: legacyAdvo }).baseSource).toBe('stored');
  });

  it('first pass after cut-over: an Advoware change and an EspoCRM delete both hold, nothing comes back', () => {
    // Advoware: a user changed the phone (the marker still names the old value).
    // EspoCRM: a user deleted alt@example.com.
    const advo = structuredClone(legacyAdvo);
    advo.kommunikation![2] = { ...advo.kommunikation![2], tlf: '0511 9999999', rowId: 'K3b' };
    const espo: EspoBeteiligte = { ...legacyEspo, emailAddressData: [{ emailAddress: 'max@example.com', primary: true }], modifiedAt: '2026-02-01 08:00:00' };
    const plan = planBeteiligtePass({ espo, advo });
    expect(plan.baseSource).toBe('derived_legacy');
    // The deleted e-mail is not brought back to EspoCRM, and its Advoware entry becomes a slot (remark kept).
    expect(plan.espoDataPatch.emailAddressData).toBeUndefined();
    expect(plan.kommunikation.advowareUpdates).toContainEqual({ id: 2, tlf: '', bemerkung: '[ESPOCRM-SLOT:4] privat', online: true });
    // The Advoware phone change replaces the old number in EspoCRM (Var6), not added next to it.
    expect(plan.espoDataPatch.phoneNumberData).toEqual([{ phoneNumber: '0511 9999999', primary: true, type: 'Office', optOut: false, invalid: false }]);
    expect(plan.nextBase.kommunikation).toEqual(['email:max@example.com', 'phone:+495119999999']);
  });

  it('master data: the side that changed since advowareLastSync wins; EspoCRM unchanged since then', () => {
    const advo = { ...legacyAdvo, rowId: 'ROWNEW', geaendertAm: '2026-02-01T08:00:00', titel: 'Prof. Dr.' };
    const plan = planBeteiligtePass({ espo: legacyEspo, advo });
    expect(plan.espoDataPatch).toMatchObject({ titel: 'Prof. Dr.' });
    expect(plan.advowareUpdate).toBeNull();
    expect(plan.outcome).toBe('clean');
  });

  it('master data: EspoCRM changed and Advoware did not (same rowId) → EspoCRM goes to Advoware', () => {
    const espo = { ...legacyEspo, titel: null, modifiedAt: '2026-02-01 08:00:00' };
    const plan = planBeteiligtePass({ espo, advo: legacyAdvo });
    expect(plan.advowareUpdate).toMatchObject({ titel: null });
    expect(plan.espoDataPatch).toEqual({});
  });

  it('master data: both changed the same field → conflict, EspoCRM wins, the Advoware value is reported', () => {
    const espo = { ...legacyEspo, titel: 'Dr. med.', modifiedAt: '2026-02-01 08:00:00' };
    const advo = { ...legacyAdvo, rowId: 'ROWNEW', geaendertAm: '2026-02-01T09:00:00', titel: 'Prof.' };
    const plan = planBeteiligtePass({ espo, advo });
    expect(plan.outcome).toBe('conflict');
    expect(plan.master.conflicts).toEqual([{ field: 'titel', espoValue: 'Dr. med.', advowareValue: 'Prof.' }]);
    expect(plan.notifications[0].message).toContain('Prof.');
  });

  it('master data without evidence (neither side changed, values differ) follows the first-sync rule: nothing erased', () => {
    const espo = { ...legacyEspo, titel: null };
    const plan = planBeteiligtePass({ espo, advo: legacyAdvo });
    expect(plan.espoDataPatch).toMatchObject({ titel: 'Dr.' });
    expect(plan.advowareUpdate).toBeNull();
  });
});
