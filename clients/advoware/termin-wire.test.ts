import { describe, expect, it } from 'vitest';
import { readFlag, terminFromWire, terminListFromWire, terminToWire, type TerminFieldNames } from './termin-wire';

const row = (fields: Record<string, unknown>) => ({ frNr: 7, datum: '2026-06-10', uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', ...fields });

describe('Termin flags as Advoware may send them (issue 12 item 5)', () => {
  it('reads true/false, 0/1 and strings', () => {
    for (const yes of [true, 1, '1', 'true', 'TRUE', ' ja ']) expect(readFlag(yes)).toBe(true);
    for (const no of [false, 0, '0', 'false', 'nein']) expect(readFlag(no)).toBe(false);
    for (const absent of [null, undefined, '']) expect(readFlag(absent)).toBeNull();
    expect(typeof readFlag('vielleicht')).toBe('symbol');
    expect(typeof readFlag(2)).toBe('symbol');
  });

  it('turns privat and all-day flags of any of those forms into booleans', () => {
    expect(terminFromWire(row({ privat: 1, ganztaegig: '0' }))).toMatchObject({ termin: { privat: true, ganztaegig: false } });
    expect(terminFromWire(row({ privat: 'false', dauertermin: 1 }))).toMatchObject({ termin: { privat: false, ganztaegig: true } });
    expect(terminFromWire(row({ frNr: '12' }))).toMatchObject({ termin: { frNr: 12, ganztaegig: null, privat: null } });
  });

  it('skips one unreadable row with its frNr and keeps the rest of the list', () => {
    const list = terminListFromWire([row({ frNr: 1 }), row({ frNr: 2, privat: 'vielleicht' }), row({ frNr: 3, datum: null }), 'junk', row({ frNr: 4, ganztaegig: 1 })]);
    expect(list.termine.map((t) => t.frNr)).toEqual([1, 4]);
    expect(list.rejected).toEqual([
      { frNr: 2, reason: expect.stringContaining('privat') },
      { frNr: 3, reason: expect.stringContaining('datum') },
      { frNr: null, reason: 'not an object' },
    ]);
  });
});

describe('configurable Termin field names (issue 12 item 6)', () => {
  const names: TerminFieldNames = { allDay: ['dauertermin'], turnus: 'intervall', turnusArt: 'turnusTyp', turnusBis: 'serieBis' };

  it('reads the configured all-day and recurrence fields into the canonical names', () => {
    const read = terminFromWire(row({ dauertermin: '1', ganztaegig: false, intervall: '2', turnusTyp: 2, serieBis: '2026-12-31' }), names);
    expect(read).toMatchObject({ termin: { ganztaegig: true, turnus: 2, turnusArt: 2, turnusBis: '2026-12-31' } });
    expect('termin' in read && 'intervall' in read.termin).toBe(false);
  });

  it('writes the canonical fields back under the configured names', () => {
    expect(terminToWire({ datum: '2026-06-10', ganztaegig: true, turnus: 1, turnusArt: 4, turnusBis: null, text: 'x' }, names)).toEqual({
      datum: '2026-06-10',
      dauertermin: true,
      intervall: 1,
      turnusTyp: 4,
      serieBis: null,
      text: 'x',
    });
  });

  it('keeps the defaults unchanged on write', () => {
    expect(terminToWire({ ganztaegig: false, turnus: 2 })).toEqual({ ganztaegig: false, turnus: 2 });
  });
});
