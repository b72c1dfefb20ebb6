import { describe, expect, it } from 'vitest';
import type { MasterData } from './mapping';
import { parseSyncBase, serializeSyncBase, type SyncBase } from './sync-base';

const master: MasterData = {
  kind: 'company',
  name: 'ACME GmbH',
  vorname: null,
  rechtsform: 'GmbH',
  anrede: 'Firma',
  titel: null,
  geburtsdatum: null,
  handelsRegisterNummer: 'HRB 1',
  registergericht: 'AG Hannover',
};

describe('sync base', () => {
  it('round-trips', () => {
    const base: SyncBase = { v: 1, master, kommunikation: ['phone:+49511', 'email:a@b.de'] };
    const parsed = parseSyncBase(serializeSyncBase(base));
    expect(parsed).toEqual({ ...base, kommunikation: ['email:a@b.de', 'phone:+49511'] });
  });

  it('serialises stably regardless of key and list order', () => {
    const shuffled = Object.fromEntries(Object.entries(master).reverse()) as unknown as MasterData;
    const a = serializeSyncBase({ v: 1, master, kommunikation: ['b', 'a'] });
    const b = serializeSyncBase({ v: 1, master: shuffled, kommunikation: ['a', 'b'] });
    expect(a).toBe(b);
    expect(a.startsWith('{"v":1,"master":{"kind":"company","name":"ACME GmbH"')).toBe(true);
  });

  it('is tolerant: missing, invalid JSON or wrong shape → null', () => {
    expect(parseSyncBase(null)).toBeNull();
    expect(parseSyncBase('')).toBeNull();
    expect(parseSyncBase('{not json')).toBeNull();
    expect(parseSyncBase('{"v":2,"master":{},"kommunikation":[]}')).toBeNull();
    expect(parseSyncBase('{"v":1,"master":{"name":5},"kommunikation":[]}')).toBeNull();
    expect(parseSyncBase('{"v":1,"master":{},"kommunikation":[1]}')).toBeNull();
  });
});
