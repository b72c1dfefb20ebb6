import { describe, expect, it } from 'vitest';
import { masterFromEspo } from './mapping';
import { planBeteiligtePass } from './pass';
import { parseSyncBase, serializeSyncBase, type SyncBase } from './sync-base';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';
import { baseWithRejected, rejectedFields, rejectedNotice } from './verify-write';

const espo: EspoBeteiligte = { id: 'e1', betnr: 7, firstName: 'Max', lastName: 'Muster', name: 'Max Muster', rechtsform: 'Natürliche Person', titel: 'Dr.' };
const advo: AdvowareBeteiligter = { betNr: 7, rowId: 'R1', name: 'Muster', vorname: 'Max', rechtsform: 'Natürliche Person', titel: 'Dr.', kommunikation: [] };
const base: SyncBase = { v: 1, master: masterFromEspo(espo), kommunikation: [] };
const linked = { ...espo, advowareSyncBase: serializeSyncBase(base) };

describe('verify after write (bug 3: Advoware ignores a field on PUT)', () => {
  it('finds the fields whose answer differs from what was sent and names them in the Task', () => {
    const plan = planBeteiligtePass({ espo: { ...linked, titel: 'Prof.' }, advo });
    expect(plan.advowareUpdate).toMatchObject({ titel: 'Prof.' });
    const rejected = rejectedFields(plan.master.merged, ['titel'], advo);
    expect(rejected).toEqual([{ field: 'titel', wanted: 'Prof.', kept: 'Dr.' }]);
    expect(rejectedNotice(7, rejected).message).toContain('Titel (Advoware-Feld titel): gewünscht „Prof.“, Advoware behielt „Dr.“');
    expect(rejectedFields(plan.master.merged, ['titel'], { ...advo, titel: 'Prof.' })).toEqual([]);
  });

  it('the next pass neither reverts the EspoCRM edit nor re-sends it, and keeps remembering it', () => {
    const first = planBeteiligtePass({ espo: { ...linked, titel: 'Prof.' }, advo });
    const stored = serializeSyncBase(baseWithRejected(first.nextBase, rejectedFields(first.master.merged, ['titel'], advo)));
    expect(parseSyncBase(stored)?.rejected).toEqual({ titel: { wanted: 'Prof.', kept: 'Dr.' } });
    const next = planBeteiligtePass({ espo: { ...espo, titel: 'Prof.', advowareSyncBase: stored, syncStatus: 'conflict' }, advo });
    expect(next.espoDataPatch).toEqual({});
    expect(next.advowareUpdate).toBeNull();
    expect(next.outcome).toBe('no_change');
    expect(serializeSyncBase(next.nextBase)).toBe(stored);
  });

  it('a new EspoCRM value is sent again; a new Advoware value replaces the refused wish', () => {
    const stored = serializeSyncBase(baseWithRejected(base, [{ field: 'titel', wanted: 'Prof.', kept: 'Dr.' }]));
    const again = planBeteiligtePass({ espo: { ...espo, titel: 'Prof. Dr.', advowareSyncBase: stored }, advo });
    expect(again.advowareUpdate).toMatchObject({ titel: 'Prof. Dr.' });
    const moved = planBeteiligtePass({ espo: { ...espo, titel: 'Prof.', advowareSyncBase: stored }, advo: { ...advo, titel: 'Dr. med.' } });
    expect(moved.espoDataPatch).toMatchObject({ titel: 'Dr. med.' });
    expect(moved.nextBase.rejected).toBeUndefined();
  });
});
