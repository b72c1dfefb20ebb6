import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMarker, formatSlotMarker, parseBemerkung } from './markers';

describe('Kommunikation markers', () => {
  it('formats the documented example', () => {
    expect(formatMarker('max@example.com', 4, 'Geschäftlich')).toBe('[ESPOCRM:bWF4QGV4YW1wbGUuY29t:4] Geschäftlich');
    expect(formatMarker('max@example.com', 4)).toBe('[ESPOCRM:bWF4QGV4YW1wbGUuY29t:4]');
    expect(formatSlotMarker(3)).toBe('[ESPOCRM-SLOT:3]');
  });

  it('round-trips values with umlauts and keeps user text', () => {
    const bemerkung = formatMarker('jürgen.müßig@kanzlei-öd.de', 8, 'nur vormittags');
    expect(parseBemerkung(bemerkung)).toEqual({ type: 'marker', value: 'jürgen.müßig@kanzlei-öd.de', kommKz: 8, userText: 'nur vormittags' });
  });

  it('round-trips arbitrary values and user text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 12 }), fc.string({ maxLength: 30 }), (value, kz, text) => {
        const parsed = parseBemerkung(formatMarker(value, kz, text));
        expect(parsed).toMatchObject({ type: 'marker', value, kommKz: kz });
        if (parsed.type === 'marker') expect(parsed.userText).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps text a user wrote before the marker', () => {
    expect(parseBemerkung('Zentrale [ESPOCRM:MDUxMQ==:1] Durchwahl')).toEqual({ type: 'marker', value: '0511', kommKz: 1, userText: 'Zentrale Durchwahl' });
  });

  it('parses slots and plain remarks', () => {
    expect(parseBemerkung('[ESPOCRM-SLOT:2]')).toEqual({ type: 'slot', kommKz: 2, userText: '' });
    expect(parseBemerkung('  privat  ')).toEqual({ type: 'none', userText: 'privat' });
    expect(parseBemerkung(null)).toEqual({ type: 'none', userText: '' });
  });

  it('treats a marker with broken Base64 as plain text', () => {
    expect(parseBemerkung('[ESPOCRM:abc:1]').type).toBe('none');
  });
});
