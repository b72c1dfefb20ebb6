import { describe, expect, it } from 'vitest';
import { generateSeed } from './generate';
import type { TerminSeed } from './types';
import { addDays, dstSwitchDays } from './dates';

const START = '2026-03-15';

function kindsOf(t: TerminSeed): string[] {
  const kinds: string[] = [];
  if (t.special) return ['special'];
  if (t.turnus) kinds.push('recurring');
  if (t.datumBis) kinds.push('multiDay');
  if (t.privat) kinds.push('private');
  if (t.ganztaegig) kinds.push('allDay');
  if (!t.ganztaegig && t.uhrzeitVon && !t.privat && !t.turnus && !t.datumBis) kinds.push('timed');
  return kinds;
}

describe('generateSeed', () => {
  it('gives identical output for the same seed', () => {
    const a = generateSeed({ seed: 7, startDate: START });
    const b = generateSeed({ seed: 7, startDate: START });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('gives different output for a different seed', () => {
    const a = generateSeed({ seed: 1, startDate: START });
    const b = generateSeed({ seed: 2, startDate: START });
    expect(JSON.stringify(a.espoBeteiligte)).not.toBe(JSON.stringify(b.espoBeteiligte));
    expect(JSON.stringify(a.termine)).not.toBe(JSON.stringify(b.termine));
  });

  it('keeps sections independent: more Termine leave the Beteiligte unchanged', () => {
    const a = generateSeed({ seed: 3, startDate: START, terminePerEmployee: 5 });
    const b = generateSeed({ seed: 3, startDate: START, terminePerEmployee: 40 });
    expect(b.espoBeteiligte).toEqual(a.espoBeteiligte);
  });

  it('honours the counts', () => {
    const data = generateSeed({ startDate: START, persons: 12, companies: 5, advowareOnly: 4, employees: 7, terminePerEmployee: 9 });
    expect(data.espoBeteiligte).toHaveLength(17);
    expect(data.espoBeteiligte.filter((b) => b.rechtsform === 'Natürliche Person')).toHaveLength(12);
    expect(data.advowareBeteiligte).toHaveLength(4);
    expect(data.employees).toHaveLength(7);
    for (const e of data.employees) {
      expect(data.termine.filter((t) => t.anwalt === e.kuerzel && !t.special)).toHaveLength(9);
    }
    expect(data.termine.some((t) => t.special)).toBe(true);
  });

  it('allows empty sections', () => {
    const data = generateSeed({ startDate: START, persons: 0, companies: 0, employees: 0 });
    expect(data).toEqual({ employees: [], espoBeteiligte: [], advowareBeteiligte: [], termine: [] });
  });

  it('rejects a malformed start date', () => {
    expect(() => generateSeed({ startDate: '2026-02-30' })).toThrow(/calendar date/);
  });

  it('creates unique 2–3 letter Kürzel with matching e-mails', () => {
    const { employees } = generateSeed({ startDate: START, employees: 200 });
    const kuerzel = employees.map((e) => e.kuerzel);
    expect(new Set(kuerzel).size).toBe(200);
    for (const e of employees) {
      expect(e.kuerzel).toMatch(/^[A-Z]{2,3}$/);
      expect(e.email).toBe(`${e.kuerzel.toLowerCase()}@kanzlei.example`);
    }
    expect(kuerzel.slice(0, 3)).toEqual(['SB', 'AI', 'RO']);
  });

  it('gives every party non-empty e-mails and phones, one primary each', () => {
    const data = generateSeed({ seed: 11, startDate: START, persons: 60, companies: 30 });
    for (const b of data.espoBeteiligte) {
      expect(b.emailAddressData.length).toBeGreaterThan(0);
      expect(b.phoneNumberData.length).toBeGreaterThan(0);
      for (const e of b.emailAddressData) expect(e.emailAddress).toMatch(/^[^\s@]+@[^\s@]+\.[A-Za-z]+$/);
      for (const p of b.phoneNumberData) expect(p.phoneNumber.replace(/\D/g, '').length).toBeGreaterThanOrEqual(7);
      expect(b.emailAddressData.filter((e) => e.primary)).toHaveLength(1);
      expect(b.phoneNumberData.filter((p) => p.primary)).toHaveLength(1);
      expect(b).toMatchObject({ betnr: null, syncStatus: 'pending_sync' });
    }
    for (const a of data.advowareBeteiligte) {
      expect(a.kommunikation.length).toBeGreaterThan(0);
      for (const k of a.kommunikation) {
        expect(k.tlf.trim()).not.toBe('');
        expect(k.kommKz).toBeGreaterThanOrEqual(1);
        expect(k.kommKz).toBeLessThanOrEqual(12);
      }
    }
  });

  it('gives persons a birth date and companies a register entry instead', () => {
    const data = generateSeed({ seed: 5, startDate: START, persons: 40, companies: 40, advowareOnly: 40 });
    for (const b of data.espoBeteiligte) {
      if (b.rechtsform === 'Natürliche Person') {
        expect(b.geburtsdatum).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(b.firstName).toBeTruthy();
        expect(['Herr', 'Frau', 'Divers']).toContain(b.salutationName);
        expect(b.handelsregisterNummer).toBeNull();
      } else {
        expect(b.geburtsdatum).toBeNull();
        expect(b.salutationName).toBe('Firma');
        expect(b.name.endsWith(b.rechtsform)).toBe(true);
      }
    }
    for (const a of data.advowareBeteiligte) {
      if (a.rechtsform === 'Natürliche Person') expect(a.geburtsdatum).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
      else expect(a.geburtsdatum).toBeNull();
    }
    expect(data.espoBeteiligte.some((b) => /HRB \d+/.test(b.handelsregisterNummer ?? ''))).toBe(true);
  });

  it('never repeats a party name, across both systems', () => {
    const data = generateSeed({ seed: 9, startDate: START, persons: 300, companies: 100, advowareOnly: 100 });
    const names = [...data.espoBeteiligte.map((b) => b.name), ...data.advowareBeteiligte.map((a) => (a.vorname ? `${a.vorname} ${a.name}` : a.name))];
    expect(new Set(names).size).toBe(names.length);
  });

  it('mixes umlauts and phone formats as real data does', () => {
    const data = generateSeed({ seed: 42, startDate: START, persons: 80, companies: 20 });
    const names = data.espoBeteiligte.map((b) => b.name).join(' ');
    expect(names).toMatch(/[äöüß]/);
    const phones = data.espoBeteiligte.flatMap((b) => b.phoneNumberData.map((p) => p.phoneNumber));
    expect(phones.some((p) => p.startsWith('+49 '))).toBe(true);
    expect(phones.some((p) => p.startsWith('0049 ('))).toBe(true);
    expect(phones.some((p) => /^0\d+\/\d+-\d+$/.test(p))).toBe(true);
    const emails = data.espoBeteiligte.flatMap((b) => b.emailAddressData.map((e) => e.emailAddress));
    expect(emails.some((e) => e !== e.toLowerCase())).toBe(true);
    expect(emails.every((e) => /^[\x20-\x7e]+$/.test(e))).toBe(true);
  });

  it('has every kind of Termin inside the window', () => {
    const data = generateSeed({ seed: 4, startDate: START, employees: 3, terminePerEmployee: 20 });
    const from = addDays(START, -30);
    const to = addDays(START, 90);
    const kinds = new Set(data.termine.flatMap(kindsOf));
    for (const kind of ['timed', 'allDay', 'multiDay', 'recurring', 'private', 'special']) expect(kinds).toContain(kind);
    const dst = dstSwitchDays(from, to);
    expect(dst).toEqual(['2026-03-29']);
    expect(data.termine.some((t) => t.datum === '2026-03-29')).toBe(true);
    for (const t of data.termine) {
      expect(t.datum >= from && t.datum <= to).toBe(true);
      if (t.ganztaegig) expect(t.uhrzeitVon).toBeUndefined();
      else expect(t.uhrzeitVon! < t.uhrzeitBis!).toBe(true);
      if (t.datumBis) expect(t.datumBis > t.datum).toBe(true);
      if (t.turnus) expect(t).toMatchObject({ turnus: 1, turnusArt: expect.any(Number), turnusBis: expect.any(String) });
    }
    expect(data.termine.filter((t) => t.turnusArt === 2).length).toBeGreaterThan(0);
  });

  it('adds DST-day Termine only when a switch day falls into the window', () => {
    const isDstTermin = (t: TerminSeed) => /Notdienst|Wochenendseminar/.test(t.text);
    // 2025-11-15 … 2026-03-15: no last Sunday of March or October inside.
    const winter = generateSeed({ seed: 4, startDate: '2025-12-15', employees: 2, terminePerEmployee: 20 });
    expect(winter.termine.some(isDstTermin)).toBe(false);
    const autumn = generateSeed({ seed: 4, startDate: '2026-10-01', employees: 2, terminePerEmployee: 20 });
    expect(autumn.termine.filter(isDstTermin).map((t) => t.datum)).toEqual(['2026-10-25', '2026-10-25']);
  });
});
