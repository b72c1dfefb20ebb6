import { describe, expect, it } from 'vitest';
import type { AdvowareKommunikation, EspoEmail, EspoPhone } from '../types';
import { formatMarker, formatSlotMarker } from './markers';
import { planKommunikation, type PlanKommunikationInput } from './plan';

const adv = (id: number, kommKz: number, tlf: string, bemerkung: string | null = null): AdvowareKommunikation => ({
  id,
  rowId: `ROW${id}`,
  kommKz,
  tlf,
  bemerkung,
  online: false,
});
const synced = (id: number, kommKz: number, tlf: string, text = ''): AdvowareKommunikation =>
  adv(id, kommKz, tlf, formatMarker(tlf, kommKz, text));
const slot = (id: number, kommKz: number): AdvowareKommunikation => adv(id, kommKz, '', formatSlotMarker(kommKz));
const email = (emailAddress: string, primary = false): EspoEmail => ({ emailAddress, primary, optOut: false, invalid: false });
const phone = (phoneNumber: string, type: string, primary = false): EspoPhone => ({ phoneNumber, type, primary, optOut: false, invalid: false });

function plan(input: Partial<PlanKommunikationInput>) {
  return planKommunikation({ espoEmails: [], espoPhones: [], advoware: [], base: [], ...input });
}

const MAX = 'email:max@example.com';
const OFFICE = 'phone:+495111234560';

describe('planKommunikation — in sync', () => {
  it('plans nothing when both sides agree with the base', () => {
    const p = plan({
      espoEmails: [email('max@example.com', true)],
      espoPhones: [phone('0511 1234560', 'Office', true)],
      advoware: [synced(1, 4, 'Max@Example.com'), synced(2, 1, '0511/12345-60')],
      base: [MAX, OFFICE],
    });
    expect(p).toMatchObject({ advowareCreates: [], advowareUpdates: [], espoEmails: null, espoPhones: null, conflicts: [] });
    expect(p.nextBase).toEqual([MAX, OFFICE]);
  });
});

describe('the six variants', () => {
  it('Var1: new in EspoCRM → POST with marker when no slot fits', () => {
    const p = plan({ espoPhones: [phone('0171 9876543', 'Mobile', true)], advoware: [slot(1, 1)], base: [] });
    expect(p.advowareCreates).toEqual([
      { tlf: '0171 9876543', bemerkung: formatMarker('0171 9876543', 3), kommKz: 3, online: false },
    ]);
    expect(p.advowareUpdates).toEqual([]);
    expect(p.variants.var1).toBe(1);
    expect(p.nextBase).toEqual(['phone:+491719876543']);
  });

  it('Var1 with slot reuse: an empty slot of the same kommKz is PUT instead of POSTing', () => {
    const p = plan({ espoEmails: [email('neu@example.com', true)], advoware: [slot(7, 1), slot(8, 4)], base: [] });
    expect(p.advowareCreates).toEqual([]);
    expect(p.advowareUpdates).toEqual([{ id: 8, tlf: 'neu@example.com', bemerkung: formatMarker('neu@example.com', 4), online: false }]);
    expect(p.variants.slotReuse).toBe(1);
  });

  it('Var2: deleted in EspoCRM → Advoware entry blanked into a slot, never deleted', () => {
    const p = plan({ advoware: [synced(1, 4, 'max@example.com', 'privat')], base: [MAX] });
    // The user's remark stays on the slot (bug 4: user text is never dropped).
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:4] privat', online: false }]);
    expect(p.advowareCreates).toEqual([]);
    expect(p.variants.var2).toBe(1);
    expect(p.nextBase).toEqual([]);
  });

  it('Var3: deleted in Advoware (entry gone) → removed from EspoCRM, primary moves', () => {
    const p = plan({
      espoEmails: [email('max@example.com', true), email('erika@example.com')],
      advoware: [synced(2, 4, 'erika@example.com')],
      base: [MAX, 'email:erika@example.com'],
    });
    expect(p.espoEmails).toEqual([email('erika@example.com', true)]);
    expect(p.advowareUpdates).toEqual([]);
    expect(p.variants.var3).toBe(1);
  });

  it('Var3: blanked by a user in Advoware → removed from EspoCRM, entry turned into a proper slot', () => {
    const p = plan({
      espoPhones: [phone('0511 1234560', 'Office', true)],
      advoware: [adv(1, 1, '', formatMarker('0511 1234560', 1))],
      base: [OFFICE],
    });
    expect(p.espoPhones).toEqual([]);
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:1]', online: false }]);
  });

  it('Var4: new in Advoware → added to EspoCRM, marker set (user text kept)', () => {
    const p = plan({
      espoPhones: [phone('0511 1234560', 'Office', true)],
      advoware: [synced(1, 1, '0511 1234560'), adv(2, 3, '0171 555', 'Handy Sekretariat'), adv(3, 2, '0511 999')],
      base: [OFFICE],
    });
    expect(p.espoPhones).toEqual([phone('0511 1234560', 'Office', true), phone('0171 555', 'Mobile'), phone('0511 999', 'Fax')]);
    expect(p.advowareUpdates).toEqual([
      { id: 2, tlf: '0171 555', bemerkung: formatMarker('0171 555', 3, 'Handy Sekretariat'), online: false },
      { id: 3, tlf: '0511 999', bemerkung: formatMarker('0511 999', 2), online: false },
    ]);
    expect(p.variants.var4).toBe(2);
  });

  it('Var4: a value a user typed into a slot is new data, not ignored', () => {
    const p = plan({ advoware: [{ ...slot(5, 4), tlf: 'typed@example.com' }], base: [] });
    expect(p.espoEmails).toEqual([email('typed@example.com', true)]);
    expect(p.advowareUpdates).toEqual([{ id: 5, tlf: 'typed@example.com', bemerkung: formatMarker('typed@example.com', 4), online: false }]);
  });

  it('Var5: changed in EspoCRM → the same Advoware entry is PUT with the new value and marker', () => {
    const p = plan({
      espoEmails: [email('max.neu@example.com', true)],
      advoware: [synced(1, 4, 'max@example.com', 'Büro')],
      base: [MAX],
    });
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: 'max.neu@example.com', bemerkung: formatMarker('max.neu@example.com', 4, 'Büro'), online: false }]);
    expect(p.advowareCreates).toEqual([]);
    expect(p.espoEmails).toBeNull();
    expect(p.variants.var5).toBe(1);
  });

  it('Var6: changed in Advoware → EspoCRM value replaced in place (type and primary kept), marker rewritten', () => {
    const p = plan({
      espoPhones: [phone('0171 1', 'Mobile'), phone('0511 1234560', 'Office', true)],
      advoware: [synced(1, 3, '0171 1'), { ...synced(2, 1, '0511 1234560', 'Zentrale'), tlf: '0511 7777' }],
      base: ['phone:+491711', OFFICE],
    });
    expect(p.espoPhones).toEqual([phone('0171 1', 'Mobile'), phone('0511 7777', 'Office', true)]);
    expect(p.advowareUpdates).toEqual([{ id: 2, tlf: '0511 7777', bemerkung: formatMarker('0511 7777', 1, 'Zentrale'), online: false }]);
    expect(p.variants.var6).toBe(1);
    expect(p.nextBase).toEqual(['phone:+491711', 'phone:+495117777']);
  });

  it('a type change in EspoCRM (Office → Mobile) blanks the old entry and POSTs the new kommKz', () => {
    const p = plan({ espoPhones: [phone('0511 1234560', 'Mobile', true)], advoware: [synced(1, 1, '0511 1234560')], base: [OFFICE] });
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:1]', online: false }]);
    expect(p.advowareCreates).toEqual([{ tlf: '0511 1234560', bemerkung: formatMarker('0511 1234560', 3), kommKz: 3, online: false }]);
  });
});

describe('conflicts: EspoCRM wins on the same entry', () => {
  it('changed on both sides → EspoCRM value written, Advoware value reported', () => {
    const p = plan({
      espoEmails: [email('espo@example.com', true)],
      advoware: [{ ...synced(1, 4, 'max@example.com'), tlf: 'advo@example.com' }],
      base: [MAX],
    });
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: 'espo@example.com', bemerkung: formatMarker('espo@example.com', 4), online: false }]);
    expect(p.espoEmails).toBeNull();
    expect(p.conflicts).toEqual([{ key: MAX, espoValue: 'espo@example.com', advowareValue: 'advo@example.com' }]);
    expect(p.nextBase).toEqual(['email:espo@example.com']);
  });

  it('deleted in EspoCRM but changed in Advoware → EspoCRM wins, entry blanked, conflict reported', () => {
    const p = plan({ advoware: [{ ...synced(1, 4, 'max@example.com'), tlf: 'advo@example.com' }], base: [MAX] });
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:4]', online: false }]);
    expect(p.espoEmails).toBeNull();
    expect(p.conflicts).toEqual([{ key: MAX, espoValue: null, advowareValue: 'advo@example.com' }]);
  });

  it('both changed to the same value → no conflict, only the marker is rewritten', () => {
    const p = plan({
      espoEmails: [email('same@example.com', true)],
      advoware: [{ ...synced(1, 4, 'max@example.com'), tlf: 'SAME@example.com' }],
      base: [MAX],
    });
    expect(p.conflicts).toEqual([]);
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: 'SAME@example.com', bemerkung: formatMarker('SAME@example.com', 4), online: false }]);
  });
});

describe('first sync (no base): match by value, no duplicates (BUG-3)', () => {
  it('matches equal values, adds the rest to each side', () => {
    const p = plan({
      espoEmails: [email('Max@Example.com', true)],
      espoPhones: [phone('+49 (511) 123 4560', 'Office', true), phone('030 1', 'Home')],
      advoware: [adv(1, 4, 'max@example.com '), adv(2, 1, '0511/12345-60', 'Zentrale'), adv(3, 6, '0049 40 2')],
      base: null,
    });
    expect(p.advowareCreates).toEqual([{ tlf: '030 1', bemerkung: formatMarker('030 1', 6), kommKz: 6, online: false }]);
    expect(p.advowareUpdates).toEqual([
      { id: 1, tlf: 'max@example.com ', bemerkung: formatMarker('max@example.com', 4), online: false },
      { id: 2, tlf: '0511/12345-60', bemerkung: formatMarker('0511/12345-60', 1, 'Zentrale'), online: false },
      { id: 3, tlf: '0049 40 2', bemerkung: formatMarker('0049 40 2', 6), online: false },
    ]);
    expect(p.espoEmails).toBeNull();
    expect(p.espoPhones).toEqual([phone('+49 (511) 123 4560', 'Office', true), phone('030 1', 'Home'), phone('0049 40 2', 'Home')]);
    expect(p.variants.firstSyncMatch).toBe(2);
    expect(p.nextBase).toEqual(['email:max@example.com', 'phone:+49301', 'phone:+49402', 'phone:+495111234560']);
  });

  it('never deletes on a first sync', () => {
    const p = plan({ espoEmails: [email('a@example.com', true)], advoware: [synced(1, 4, 'b@example.com')], base: null });
    expect(p.espoEmails).toEqual([email('a@example.com', true), email('b@example.com')]);
    expect(p.advowareCreates).toHaveLength(1);
    expect(p.advowareUpdates).toEqual([]);
  });
});

describe('safety rules', () => {
  it('never touches kommKz 5, 11, 12', () => {
    const p = plan({
      advoware: [adv(1, 5, 'www.example.com'), adv(2, 11, 'epost-id'), adv(3, 12, 'bea-safe-id', formatMarker('x', 12))],
      base: ['email:x'],
    });
    expect(p).toMatchObject({ advowareCreates: [], advowareUpdates: [], espoEmails: null, espoPhones: null });
  });

  it('leaves a user-made duplicate in Advoware alone and creates none', () => {
    const p = plan({
      espoPhones: [phone('0511 1234560', 'Office', true)],
      advoware: [synced(1, 1, '0511 1234560'), adv(2, 1, '0511/1234560')],
      base: [OFFICE],
    });
    expect(p).toMatchObject({ advowareCreates: [], advowareUpdates: [], espoPhones: null });
  });

  it('drops duplicates within EspoCRM lists', () => {
    const p = plan({
      espoEmails: [email('max@example.com', true), email('MAX@example.com')],
      advoware: [synced(1, 4, 'max@example.com')],
      base: [MAX],
    });
    expect(p.espoEmails).toEqual([email('max@example.com', true)]);
  });

  it('keeps exactly one primary: fixes none or several', () => {
    expect(plan({ espoEmails: [email('a@x.de'), email('b@x.de')], advoware: [synced(1, 4, 'a@x.de'), synced(2, 4, 'b@x.de')], base: ['email:a@x.de', 'email:b@x.de'] }).espoEmails).toEqual([
      email('a@x.de', true),
      email('b@x.de'),
    ]);
    expect(plan({ espoEmails: [email('a@x.de', true), email('b@x.de', true)], advoware: [synced(1, 4, 'a@x.de'), synced(2, 4, 'b@x.de')], base: ['email:a@x.de', 'email:b@x.de'] }).espoEmails).toEqual([
      email('a@x.de', true),
      email('b@x.de'),
    ]);
  });

  it('recovers kommKz 0 from the marker so a synced entry stays in sync', () => {
    const entry = { ...synced(1, 3, '0171 1'), kommKz: 0 };
    const p = plan({ espoPhones: [phone('0171 1', 'Mobile', true)], advoware: [entry], base: ['phone:+491711'] });
    expect(p).toMatchObject({ advowareCreates: [], advowareUpdates: [], espoPhones: null });
  });
});

describe('remarks survive a type change (bug 4)', () => {
  it('EspoCRM Office → Mobile: the remark moves with the value to the new entry, the old one becomes a bare slot', () => {
    const p = plan({
      espoPhones: [phone('0511 1234560', 'Mobile', true)],
      advoware: [synced(1, 1, '0511 1234560', 'nur vormittags')],
      base: [OFFICE],
    });
    expect(p.advowareCreates).toEqual([
      { tlf: '0511 1234560', bemerkung: formatMarker('0511 1234560', 3, 'nur vormittags'), kommKz: 3, online: false },
    ]);
    expect(p.advowareUpdates).toEqual([{ id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:1]', online: false }]);
  });

  it('kommKz 0 on read: a user entry without marker misread as Office keeps its remark when EspoCRM says Mobile', () => {
    const p = plan({
      espoPhones: [phone('0171 9876543', 'Mobile', true)],
      advoware: [adv(4, 0, '0171 9876543', 'Handy, abends')],
      base: null,
    });
    const written = [...p.advowareCreates.map((c) => c.bemerkung), ...p.advowareUpdates.map((u) => u.bemerkung)];
    expect(written.join('\n')).toContain('Handy, abends');
    expect(p.advowareCreates[0]).toMatchObject({ tlf: '0171 9876543', kommKz: 3 });
  });

  it('a fitting slot that is reused takes the moved remark', () => {
    const p = plan({
      espoPhones: [phone('0511 1234560', 'Mobile', true)],
      advoware: [synced(1, 1, '0511 1234560', 'Zentrale'), slot(2, 3)],
      base: [OFFICE],
    });
    expect(p.advowareCreates).toEqual([]);
    expect(p.advowareUpdates).toEqual([
      { id: 1, tlf: '', bemerkung: '[ESPOCRM-SLOT:1]', online: false },
      { id: 2, tlf: '0511 1234560', bemerkung: formatMarker('0511 1234560', 3, 'Zentrale'), online: false },
    ]);
  });
});
