import { describe, expect, it } from 'vitest';
import type { AdvowareKommunikation } from '../types';
import { detectKommKz } from './detect';
import { formatMarker, formatSlotMarker } from './markers';

const entry = (kommKz: number, tlf: string | null, bemerkung: string | null = null): AdvowareKommunikation => ({
  id: 1,
  rowId: 'r',
  kommKz,
  tlf,
  bemerkung,
});

describe('detectKommKz (Advoware may report kommKz 0)', () => {
  it('trusts a valid reported kommKz', () => {
    expect(detectKommKz(entry(3, 'x@y.de', formatMarker('x', 1)))).toBe(3);
  });

  it('recovers from our marker, then slot marker', () => {
    expect(detectKommKz(entry(0, '0171 1', formatMarker('0171 1', 3)))).toBe(3);
    expect(detectKommKz(entry(0, '', formatSlotMarker(7)))).toBe(7);
  });

  it('then from a top-level party field with the same value', () => {
    const party = { betNr: 1, rowId: 'p', mobil: '+49 171 1' };
    expect(detectKommKz(entry(0, '0171 1'), party)).toBe(3);
  });

  it('then from the value shape, else the business phone default', () => {
    expect(detectKommKz(entry(0, 'max@example.com'))).toBe(4);
    expect(detectKommKz(entry(0, '0511 123'))).toBe(1);
  });
});
