import { describe, expect, it } from 'vitest';
import { masterFromEspo } from '../mapping';
import { planBeteiligtePass } from '../pass';
import { parseSyncBase, serializeSyncBase, type SyncBase } from '../sync-base';
import type { AdvowareBeteiligter, AdvowareKommunikation, EspoBeteiligte } from '../types';
import { baseWithRejected, rejectedNotice } from '../verify-write';
import { formatMarker } from './markers';
import { rejectedKommunikation, type KommWrite } from './verify';

const OLD = '0511 1111111';
const NEW = '0511 2222222';
const entry = (over: Partial<AdvowareKommunikation> = {}): AdvowareKommunikation => ({ id: 88001, rowId: 'K1', kommKz: 1, tlf: OLD, bemerkung: formatMarker(OLD, 1), online: false, ...over });
const espo: EspoBeteiligte = {
  id: 'e1',
  betnr: 7,
  firstName: 'Max',
  lastName: 'Muster',
  name: 'Max Muster',
  rechtsform: 'Natürliche Person',
  phoneNumberData: [{ phoneNumber: OLD, type: 'Office', primary: true }],
};
const advo: AdvowareBeteiligter = { betNr: 7, rowId: 'R1', name: 'Muster', vorname: 'Max', rechtsform: 'Natürliche Person', kommunikation: [entry()] };
const base: SyncBase = { v: 1, master: masterFromEspo(espo), kommunikation: ['phone:+495111111111'] };
const linked = { ...espo, advowareSyncBase: serializeSyncBase(base) };
const edited = { ...linked, phoneNumberData: [{ phoneNumber: NEW, type: 'Office', primary: true }] };

/** What a tenant with `tlf` read-only on PUT does: the marker (bemerkung) is taken, the value is not. */
function ignoreTlf(before: AdvowareKommunikation, sent: { tlf: string; bemerkung: string; online: boolean }): AdvowareKommunikation {
  return { ...before, bemerkung: sent.bemerkung, online: sent.online, rowId: 'K2' };
}

describe('Kommunikation verify after write', () => {
  it('reports a value, kommKz or online flag Advoware did not keep; kommKz 0 (read bug) is unknown, not refused', () => {
    const update: KommWrite = { kind: 'update', sent: { id: 88001, tlf: NEW, bemerkung: formatMarker(NEW, 1), online: false }, answer: entry() };
    expect(rejectedKommunikation([update], advo, [])).toEqual([{ id: 88001, field: 'tlf', wanted: NEW, kept: OLD, kommKz: 1 }]);
    // Same number, other spelling: kept.
    expect(rejectedKommunikation([{ ...update, answer: entry({ tlf: '+49 511 2222222' }) }], advo, [])).toEqual([]);

    const sent = { tlf: 'a@b.de', bemerkung: formatMarker('a@b.de', 4), kommKz: 4, online: true };
    const created = { id: 88002, rowId: 'K3', kommKz: 8, tlf: 'a@b.de', bemerkung: sent.bemerkung, online: null };
    // The answer lacks `online`: the re-read says false.
    const rejected = rejectedKommunikation([{ kind: 'create', sent, answer: created }], advo, [{ ...created, online: false }]);
    expect(rejected).toEqual([
      { id: 88002, field: 'kommKz', wanted: 4, kept: 8, kommKz: 4 },
      { id: 88002, field: 'online', wanted: true, kept: false, kommKz: 4 },
    ]);
    expect(rejectedKommunikation([{ kind: 'create', sent, answer: { ...created, kommKz: 0, online: true } }], advo, [{ ...created, kommKz: 0, online: true }])).toEqual([]);
    expect(rejectedNotice(7, [], rejected).message).toContain('Kommunikation 88002 (MailGesch), Art (kommKz) (Advoware-Feld kommKz): gewünscht 4, Advoware behielt 8');
  });

  it('the next pass neither copies the kept Advoware value over the EspoCRM edit nor re-sends it; a later Advoware edit wins again', () => {
    const first = planBeteiligtePass({ espo: edited, advo });
    expect(first.kommunikation.advowareUpdates).toEqual([{ id: 88001, tlf: NEW, bemerkung: formatMarker(NEW, 1), online: false }]);
    const [sent] = first.kommunikation.advowareUpdates;
    const kept = ignoreTlf(entry(), sent);
    const rejected = rejectedKommunikation([{ kind: 'update', sent, answer: kept }], advo, [kept]);
    expect(rejected).toEqual([{ id: 88001, field: 'tlf', wanted: NEW, kept: OLD, kommKz: 1 }]);
    const stored = serializeSyncBase(baseWithRejected(first.nextBase, [], rejected, [88001]));
    expect(parseSyncBase(stored)?.kommRejected).toEqual(rejected);
    const after = { ...advo, kommunikation: [kept] };

    // Without the remembered refusal the kept value reads as an Advoware edit and reverts EspoCRM.
    const unguarded = planBeteiligtePass({ espo: { ...edited, advowareSyncBase: serializeSyncBase(first.nextBase) }, advo: after });
    expect(unguarded.espoDataPatch.phoneNumberData?.map((p) => p.phoneNumber)).toEqual([OLD]);

    const next = planBeteiligtePass({ espo: { ...edited, advowareSyncBase: stored, syncStatus: 'conflict' }, advo: after });
    expect(next.espoDataPatch).toEqual({});
    expect(next.kommunikation.advowareUpdates).toEqual([]);
    expect(next.kommunikation.advowareCreates).toEqual([]);
    expect(next.outcome).toBe('no_change');
    expect(serializeSyncBase(next.nextBase)).toBe(stored);

    // Someone changes the entry in Advoware: the refusal no longer holds, the new value reaches EspoCRM.
    const moved = planBeteiligtePass({ espo: { ...edited, advowareSyncBase: stored }, advo: { ...advo, kommunikation: [{ ...kept, tlf: '0511 3333333' }] } });
    expect(moved.espoDataPatch.phoneNumberData?.map((p) => p.phoneNumber)).toEqual(['0511 3333333']);
    expect(moved.nextBase.kommRejected).toBeUndefined();
  });

  it('a new EspoCRM value is written again (and checked again)', () => {
    // The base after the refused write: both sides "agree" on the wanted value.
    const refusedBase = { ...base, kommunikation: ['phone:+495112222222'] };
    const stored = serializeSyncBase(baseWithRejected(refusedBase, [], [{ id: 88001, field: 'tlf', wanted: NEW, kept: OLD, kommKz: 1 }], [88001]));
    const kept = entry({ bemerkung: formatMarker(NEW, 1) });
    const again = planBeteiligtePass({ espo: { ...linked, advowareSyncBase: stored, phoneNumberData: [{ phoneNumber: '0511 4444444', type: 'Office', primary: true }] }, advo: { ...advo, kommunikation: [kept] } });
    expect(again.kommunikation.advowareUpdates).toMatchObject([{ id: 88001, tlf: '0511 4444444' }]);
    expect(again.kommunikation.advowareCreates).toEqual([]);
    expect(again.espoDataPatch.phoneNumberData).toBeUndefined();
  });
});
