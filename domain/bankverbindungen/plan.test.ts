import { describe, expect, it } from 'vitest';
import { bankDeleteTask, planBankPass } from './plan';
import type { EspoBankverbindung } from './types';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const IBAN = 'DE89 3704 0044 0532 0130 00';
const espo = (over: Partial<EspoBankverbindung> = {}): EspoBankverbindung => ({
  id: 'bank1',
  name: 'Geschäftskonto',
  iban: IBAN,
  bic: 'COBADEFFXXX',
  kontoinhaber: 'Müller GmbH',
  bankname: 'Commerzbank',
  ...over,
});
const advo = { id: 7, iban: 'DE89370400440532013000', bic: 'cobadeffxxx', kontoinhaber: 'Müller GmbH', bankname: 'Commerzbank' };

describe('planBankPass', () => {
  it('invalid IBAN → failed with the reason, nothing for Advoware; the same failure twice writes nothing', () => {
    const plan = planBankPass({ espo: espo({ iban: 'DE89 3704 0044 0532 0130 01' }), betNr: 1, advoware: [], now: NOW });
    expect(plan.kind).toBe('invalid');
    if (plan.kind !== 'invalid') return;
    expect(plan.espoPatch).toMatchObject({ syncStatus: 'failed', syncErrorMessage: expect.stringContaining('Prüfziffer') });
    const again = planBankPass({ espo: espo({ iban: 'DE89 3704 0044 0532 0130 01', ...plan.espoPatch }), betNr: 1, advoware: [], now: NOW });
    expect(again).toMatchObject({ kind: 'invalid', espoPatch: null });
  });

  it('unlinked → create with normalised values', () => {
    const plan = planBankPass({ espo: espo(), betNr: 1, advoware: [], now: NOW });
    expect(plan).toEqual({ kind: 'create', body: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', kontoinhaber: 'Müller GmbH', bankname: 'Commerzbank' } });
  });

  it('unlinked but exactly one Advoware account with the same IBAN (earlier attempt) → link, no second POST', () => {
    const plan = planBankPass({ espo: espo(), betNr: 1, advoware: [advo, { ...advo, id: 8, iban: 'AT611904300234573201' }], now: NOW });
    expect(plan).toEqual({ kind: 'link', kontoId: 7, espoPatch: { advowareKontoId: 7 } });
  });

  it('linked and equal (ignoring blanks and case) → clean', () => {
    const plan = planBankPass({ espo: espo({ advowareKontoId: 7, syncStatus: 'unclean', syncErrorMessage: 'x' }), betNr: 1, advoware: [advo], now: NOW });
    expect(plan).toEqual({ kind: 'agree', kontoId: 7, espoPatch: { syncStatus: 'clean', syncErrorMessage: null, advowareLastSync: '2026-11-30 12:00:00' } });
  });

  it('clean and equal: writes nothing within the hour; an older advowareLastSync (a sweep re-check) is moved, and only it', () => {
    const clean = { advowareKontoId: 7, syncStatus: 'clean', syncErrorMessage: null };
    expect(planBankPass({ espo: espo({ ...clean, advowareLastSync: '2026-11-30 11:30:00' }), betNr: 1, advoware: [advo], now: NOW })).toEqual({ kind: 'agree', kontoId: 7, espoPatch: null });
    for (const advowareLastSync of ['2026-11-29 08:00:00', null]) {
      expect(planBankPass({ espo: espo({ ...clean, advowareLastSync }), betNr: 1, advoware: [advo], now: NOW })).toEqual({
        kind: 'agree',
        kontoId: 7,
        espoPatch: { advowareLastSync: '2026-11-30 12:00:00' },
        refreshOnly: true,
      });
    }
  });

  it('linked and different → unclean plus one Task naming every field to change; not repeated while unchanged', () => {
    const plan = planBankPass({ espo: espo({ advowareKontoId: '7', bic: 'DRESDEFF', bankname: null }), betNr: 42, advoware: [advo], now: NOW });
    expect(plan.kind).toBe('differs');
    if (plan.kind !== 'differs') return;
    expect(plan.differences.map((d) => d.field)).toEqual(['bic', 'bankname']);
    expect(plan.task?.message).toContain('BIC: in Advoware „COBADEFFXXX“ → ändern auf „DRESDEFF“');
    expect(plan.task?.message).toContain('Bank: in Advoware „Commerzbank“ → ändern auf (leer)');
    expect(plan.task?.message).toContain('Beteiligter 42, Konto 7');
    expect(plan.espoPatch).toMatchObject({ syncStatus: 'unclean' });
    const again = planBankPass({ espo: espo({ advowareKontoId: 7, bic: 'DRESDEFF', bankname: null, ...plan.espoPatch }), betNr: 42, advoware: [advo], now: NOW });
    expect(again).toMatchObject({ kind: 'differs', task: null, espoPatch: null });
  });

  it('linked but gone from Advoware → unclean plus a Task, once', () => {
    const plan = planBankPass({ espo: espo({ advowareKontoId: 9 }), betNr: 42, advoware: [advo], now: NOW });
    expect(plan).toMatchObject({ kind: 'missing', kontoId: 9, espoPatch: { syncStatus: 'unclean' }, task: { message: expect.stringContaining('fehlt in Advoware') } });
    if (plan.kind !== 'missing') return;
    expect(planBankPass({ espo: espo({ advowareKontoId: 9, ...plan.espoPatch }), betNr: 42, advoware: [advo], now: NOW })).toMatchObject({ task: null, espoPatch: null });
  });
});

describe('bankDeleteTask', () => {
  it('names party, account and IBAN when the sync knew the link', () => {
    const task = bankDeleteTask('bank1', { betNr: 42, kontoId: 7, iban: 'DE89370400440532013000', name: 'Geschäftskonto' });
    expect(task.message).toContain('beim Beteiligten 42 das Konto 7 (IBAN DE89370400440532013000)');
  });
  it('says plainly when it did not', () => {
    expect(bankDeleteTask('bank1', null).message).toContain('nicht als mit Advoware verknüpft bekannt');
  });
});
