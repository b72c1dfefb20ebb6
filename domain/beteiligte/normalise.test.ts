import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPerson,
  normaliseAnrede,
  normaliseDate,
  normaliseEmail,
  normaliseHandelsregisterNummer,
  normaliseName,
  normalisePhone,
  normaliseRechtsform,
  parseTimestamp,
  toAdvowareDate,
} from './normalise';

describe('normalisePhone', () => {
  it.each([
    ['0511/12345-60', '+495111234560'],
    ['+49 (511) 123 4560', '+495111234560'],
    ['0049 511 1234560', '+495111234560'],
    ['+49 (0) 511 1234560', '+495111234560'],
    ['+49 0511 1234560', '+495111234560'],
    ['(0511) 123 45 60', '+495111234560'],
    ['0511.123.45.60', '+495111234560'],
    ['  0171 9876543 ', '+491719876543'],
    ['+43 1 234567', '+431234567'],
    ['0043 1 234567', '+431234567'],
    ['+1 (555) 010-0000', '+15550100000'],
    ['1234560', '1234560'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normalisePhone(raw)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const once = normalisePhone(raw);
        expect(normalisePhone(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('text normalisation', () => {
  it('lower-cases and trims e-mails', () => {
    expect(normaliseEmail('  Max.Muster@Example.COM ')).toBe('max.muster@example.com');
  });

  it('trims and collapses names, empty → null', () => {
    expect(normaliseName('  Max   von  Muster ')).toBe('Max von Muster');
    expect(normaliseName('   ')).toBeNull();
    expect(normaliseName(null)).toBeNull();
  });

  it.each([
    ['herr', 'Herr'],
    ['Hr.', 'Herr'],
    ['HERRN', 'Herr'],
    ['frau', 'Frau'],
    ['Fr.', 'Frau'],
    ['divers', 'Divers'],
    ['firma', 'Firma'],
    ['Mr.', 'Herr'],
    ['Eure Exzellenz', 'Eure Exzellenz'],
  ])('Anrede %j → %j', (raw, expected) => {
    expect(normaliseAnrede(raw)).toBe(expected);
  });

  it.each([
    ['gmbh', 'GmbH'],
    ['G.m.b.H.', 'GmbH'],
    [' ag ', 'AG'],
    ['gbr', 'GbR'],
    ['e.k.', 'e.K.'],
    ['eK', 'e.K.'],
    ['kg', 'KG'],
    ['ohg', 'OHG'],
    ['UG', 'UG (haftungsbeschränkt)'],
    ['ug (haftungsbeschraenkt)', 'UG (haftungsbeschränkt)'],
    ['GmbH & Co KG', 'GmbH & Co. KG'],
    ['gmbh und co. kg', 'GmbH & Co. KG'],
    ['ev', 'e.V.'],
    ['natürliche person', 'Natürliche Person'],
    ['Natuerliche  Person', 'Natürliche Person'],
    ['Ltd.', 'Ltd.'],
  ])('Rechtsform %j → %j', (raw, expected) => {
    expect(normaliseRechtsform(raw)).toBe(expected);
  });

  it('derives person vs company from the Rechtsform', () => {
    expect(isPerson('Natürliche Person')).toBe(true);
    expect(isPerson('natuerliche person')).toBe(true);
    expect(isPerson(null)).toBe(true);
    expect(isPerson('')).toBe(true);
    expect(isPerson('GmbH')).toBe(false);
    expect(isPerson('e.K.')).toBe(false);
  });

  it('normalises Handelsregister numbers', () => {
    expect(normaliseHandelsregisterNummer('hrb12345')).toBe('HRB 12345');
    expect(normaliseHandelsregisterNummer('HRB  12345 B')).toBe('HRB 12345 B');
    expect(normaliseHandelsregisterNummer('12345')).toBe('12345');
  });
});

describe('dates and timestamps', () => {
  it('maps Espo dates and Advoware date-times to YYYY-MM-DD', () => {
    expect(normaliseDate('1980-05-17')).toBe('1980-05-17');
    expect(normaliseDate('1980-05-17T00:00:00')).toBe('1980-05-17');
    expect(normaliseDate('1980-05-17T00:00:00+02:00')).toBe('1980-05-17');
    expect(normaliseDate('17.5.1980')).toBe('1980-05-17');
    expect(normaliseDate('')).toBeNull();
    expect(toAdvowareDate('1980-05-17')).toBe('1980-05-17T00:00:00');
    expect(toAdvowareDate(null)).toBeNull();
  });

  it('reads Espo UTC timestamps and Advoware ISO (zone-less = UTC) to epoch ms', () => {
    const expected = Date.UTC(2026, 1, 8, 22, 59, 0);
    expect(parseTimestamp('2026-02-08 22:59:00')).toBe(expected);
    expect(parseTimestamp('2026-02-08T22:59:00')).toBe(expected);
    expect(parseTimestamp('2026-02-08T22:59:00Z')).toBe(expected);
    expect(parseTimestamp('2026-02-08T23:59:00+01:00')).toBe(expected);
    expect(parseTimestamp('2026-02-08T22:59:00.250')).toBe(expected + 250);
    expect(parseTimestamp('gestern')).toBeNull();
    expect(parseTimestamp(null)).toBeNull();
  });
});
