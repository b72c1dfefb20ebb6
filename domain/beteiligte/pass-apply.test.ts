import { describe, expect, it } from 'vitest';
import { masterFromEspo } from './mapping';
import { applyBeteiligtePass, passResultOutcome, type BeteiligtePassPort } from './pass-apply';
import { serializeSyncBase, type SyncBase } from './sync-base';
import type { AdvowareBeteiligter, EspoBeteiligte } from './types';

const espo: EspoBeteiligte = { id: 'e1', betnr: 7, firstName: 'Max', lastName: 'Muster', name: 'Max Muster', rechtsform: 'Natürliche Person', titel: 'Dr.' };
const advo: AdvowareBeteiligter = { betNr: 7, rowId: 'R1', name: 'Muster', vorname: 'Max', rechtsform: 'Natürliche Person', titel: 'Dr.', kommunikation: [] };
const base: SyncBase = { v: 1, master: masterFromEspo(espo), kommunikation: [] };
const linked: EspoBeteiligte = { ...espo, advowareSyncBase: serializeSyncBase(base), syncStatus: 'clean' };
const now = () => Date.UTC(2026, 1, 8, 12, 0, 0);

/** A port that records the calls; Advoware answers a PUT with `answer(body)`. */
function recordingPort(answer: (body: Record<string, unknown>) => AdvowareBeteiligter) {
  const calls: string[] = [];
  const espoWrites: Record<string, unknown>[] = [];
  const tasks: string[] = [];
  const port: BeteiligtePassPort = {
    updateParty: async (body) => (calls.push('PUT party'), answer(body)),
    createKommunikation: async () => calls.push('POST komm'),
    updateKommunikation: async () => calls.push('PUT komm'),
    readParty: async () => (calls.push('GET party'), advo),
    writeEspo: async (fields) => void (calls.push('PUT espo'), espoWrites.push(fields)),
    notify: async (notice) => void (calls.push('Task'), tasks.push(notice.title)),
  };
  return { port, calls, espoWrites, tasks };
}

describe('applyBeteiligtePass (the sequence the activity and the property tests share)', () => {
  it('an EspoCRM edit: one Advoware PUT, its answer verifies, ONE EspoCRM write with data and sync fields', async () => {
    const io = recordingPort((body) => ({ ...advo, ...body, rowId: 'R2', kommunikation: [] }));
    const { finish, writes } = await applyBeteiligtePass(io.port, { espo: { ...linked, titel: 'Prof.' }, advo, betNr: 7, now });
    expect(io.calls).toEqual(['PUT party', 'PUT espo']);
    expect(writes).toEqual({ advoware: 1, espocrm: 1 });
    expect(finish.outcome).toBe('clean');
    expect(io.espoWrites[0]).toMatchObject({ syncStatus: 'clean', advowareRowId: 'R2' });
    expect(passResultOutcome(writes, finish.outcome)).toBe('clean');
  });

  it('a field Advoware did not keep: conflict, remembered in the base, and a Task naming it', async () => {
    const io = recordingPort((body) => ({ ...advo, ...body, titel: 'Dr.', rowId: 'R2', kommunikation: [] }));
    const { finish, writes } = await applyBeteiligtePass(io.port, { espo: { ...linked, titel: 'Prof.' }, advo, betNr: 7, now });
    expect(finish.outcome).toBe('conflict');
    expect(finish.rejected).toEqual([{ field: 'titel', wanted: 'Prof.', kept: 'Dr.' }]);
    expect(io.tasks).toEqual(['Advoware hat Änderungen nicht übernommen']);
    expect(io.espoWrites[0]).toMatchObject({ syncStatus: 'conflict' });
    expect(String(io.espoWrites[0].advowareSyncBase)).toContain('"rejected"');
    expect(writes).toEqual({ advoware: 1, espocrm: 2 });
  });

  it('once settled, a pass makes no call at all and reports no_change', async () => {
    const io = recordingPort(() => advo);
    const settled = { ...linked, advowareRowId: 'R1', advowareLastSync: '2026-02-08 11:59:00', kommunikationHash: '' };
    const first = await applyBeteiligtePass(io.port, { espo: settled, advo, betNr: 7, now });
    const callsBefore = io.calls.length;
    const again = await applyBeteiligtePass(io.port, { espo: { ...settled, ...io.espoWrites[0] }, advo, betNr: 7, now });
    expect(first.plan.outcome).toBe('no_change');
    expect(again.finish.espoWrite).toBeNull();
    expect(io.calls.length).toBe(callsBefore);
    expect(again.writes).toEqual({ advoware: 0, espocrm: 0 });
    expect(passResultOutcome(again.writes, again.finish.outcome)).toBe('no_change');
  });

  it('writes made before (linking) count on and make the pass re-read Advoware', async () => {
    const io = recordingPort(() => advo);
    const { writes } = await applyBeteiligtePass(io.port, { espo: linked, advo, betNr: 7, now, writes: { advoware: 1, espocrm: 1 } });
    expect(io.calls[0]).toBe('GET party');
    expect(writes.advoware).toBe(1);
  });
});
