import { describe, expect, it } from 'vitest';
import { checkIban, normaliseIban } from './iban';

describe('checkIban', () => {
  it('accepts valid IBANs regardless of spaces and case', () => {
    expect(checkIban('DE89 3704 0044 0532 0130 00')).toEqual({ ok: true, iban: 'DE89370400440532013000' });
    expect(checkIban('de89370400440532013000').ok).toBe(true);
    expect(checkIban('AT611904300234573201').ok).toBe(true);
    expect(checkIban('GB82 WEST 1234 5698 7654 32').ok).toBe(true);
  });

  it('rejects a wrong check digit, a wrong length, a bad format and an empty value with a reason', () => {
    const typo = checkIban('DE89 3704 0044 0532 0130 01');
    expect(typo).toMatchObject({ ok: false });
    expect(!typo.ok && typo.reason).toContain('Prüfziffer');
    expect(checkIban('DE89 3704 0044 0532 0130')).toMatchObject({ ok: false, reason: expect.stringContaining('erwartet 22') });
    expect(checkIban('1234567890123456')).toMatchObject({ ok: false, reason: expect.stringContaining('Format') });
    expect(checkIban('DE89-3704-0044')).toMatchObject({ ok: false });
    expect(checkIban('  ')).toEqual({ ok: false, reason: 'IBAN fehlt' });
    expect(checkIban(null)).toEqual({ ok: false, reason: 'IBAN fehlt' });
  });

  it('normalises spaces and case', () => {
    expect(normaliseIban(' de89 3704\t0044 ')).toBe('DE8937040044');
  });
});
