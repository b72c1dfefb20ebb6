import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdvowareClient } from '../../clients/advoware';
import type { EspoCrmClient } from '../../clients/espocrm';
import { mergeSummaries, ShadowRecorder, summarise } from '../../domain/shadow';
import { guardedClient as realClient } from '../../test/support/guarded-client';
import { shadowAdvoware, shadowEspoCrm } from './ports';

describe('shadow write ports', () => {
  it('record every write, also of methods they do not know, and pass only reads through', async () => {
    const real = realClient<AdvowareClient & { createAdresse(betNr: number, body: object): Promise<unknown> }>({
      getBeteiligte: async () => ({ betNr: 7, rowId: 'R', name: 'Alt', kommunikation: [{ id: 1, rowId: 'k', kommKz: 1, tlf: '1', bemerkung: null }] }),
    });
    const recorder = new ShadowRecorder();
    const port = shadowAdvoware(real, recorder) as typeof real;
    const before = await port.getBeteiligte(7);
    await port.updateBeteiligte(7, { ...before, name: 'Neu' } as never);
    await port.updateKommunikation(7, 1, { tlf: '2', bemerkung: null });
    await port.createKommunikation(7, { tlf: '3', bemerkung: null, kommKz: 3, online: false });
    await port.createAdresse(7, { strasse: 'Weg 1', ort: 'Hannover' });
    const after = await port.getBeteiligte(7);
    expect(after.name).toBe('Neu');
    expect(after.kommunikation?.map((k) => k.tlf)).toEqual(['2', '3']);
    expect(real.called.every((name) => name === 'getBeteiligte')).toBe(true);
    expect(recorder.writes.map((w) => [w.op, w.fields])).toEqual([
      ['updateBeteiligte', ['name']],
      ['updateKommunikation', ['tlf']],
      ['createKommunikation', ['bemerkung', 'kommKz', 'online', 'tlf']],
      ['createAdresse', ['ort', 'strasse']],
    ]);
  });

  it('a planned create gets a placeholder number that later reads of the pass see', async () => {
    const real = realClient<AdvowareClient>({});
    const recorder = new ShadowRecorder();
    const port = shadowAdvoware(real, recorder);
    const created = await port.createBeteiligte({ name: 'Neu', vorname: null } as never);
    expect(created.betNr).toBeLessThan(0);
    await port.createKommunikation(created.betNr, { tlf: 'a@b.de', bemerkung: null, kommKz: 4, online: true });
    expect((await port.getBeteiligte(created.betNr)).kommunikation).toHaveLength(1);
    expect(recorder.writes[0]).toMatchObject({ op: 'createBeteiligte', fields: ['name'] });
    expect(real.called).toEqual([]);
  });

  it('EspoCRM reads show the pass’s own updates; tasks are recorded, not created', async () => {
    const real = realClient<EspoCrmClient>({ get: async () => ({ id: 'x', name: 'A', betnr: null }) });
    const recorder = new ShadowRecorder();
    const port = shadowEspoCrm(real, recorder);
    await port.update('CBeteiligte', 'x', { betnr: -1 });
    expect(await port.get('CBeteiligte', 'x')).toMatchObject({ betnr: -1, name: 'A' });
    await port.createTask({ name: 'Bitte prüfen' });
    expect(summarise(recorder.writes).byKind).toEqual({ 'espocrm.update': 1, 'espocrm.createTask': 1 });
    expect(real.called).toEqual(['get']);
  });

  it('EspoCRM reads are validated with the caller’s schema, as in a live pass', async () => {
    const raw = { id: 'x', name: 'A', betnr: 'not a number' };
    const real = realClient<EspoCrmClient>({ get: async (_entity: string, _id: string, schema?: z.ZodType) => (schema ? schema.parse(raw) : raw) } as Partial<EspoCrmClient>);
    const port = shadowEspoCrm(real, new ShadowRecorder());
    await expect(port.get('CBeteiligte', 'x', z.object({ id: z.string(), betnr: z.number().nullable() }))).rejects.toThrow();
    expect(await port.get('CBeteiligte', 'x')).toMatchObject({ betnr: 'not a number' });
  });

  it('summaries add up across batches and cap the listed writes', () => {
    const w = (op: string) => ({ system: 'google' as const, op, target: 't', resource: 'event', fields: ['summary'] });
    const merged = mergeSummaries(summarise([w('insertEvent'), w('insertEvent')], 1), summarise([w('patchEvent')], 1), 2);
    expect(merged).toMatchObject({ total: 3, byKind: { 'google.insertEvent': 2, 'google.patchEvent': 1 }, byField: { 'google event.summary': 3 }, omitted: 1 });
    expect(merged.writes).toHaveLength(2);
  });
});
