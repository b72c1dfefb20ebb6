import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventIdForFrNr, frNrFromEventId } from './event-id';

const GOOGLE_ID = /^[a-v0-9]{5,1024}$/;

describe('eventIdForFrNr', () => {
  it('produces valid Google ids that decode back to the frNr', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (frNr) => {
        const id = eventIdForFrNr(frNr);
        expect(id).toMatch(GOOGLE_ID);
        expect(frNrFromEventId(id)).toBe(frNr);
      }),
      { numRuns: 500 },
    );
    expect(eventIdForFrNr(0)).toMatch(GOOGLE_ID);
  });

  it('is deterministic and unique per frNr', () => {
    expect(eventIdForFrNr(4711)).toBe(eventIdForFrNr(4711));
    const ids = new Set(Array.from({ length: 5000 }, (_, i) => eventIdForFrNr(i)));
    expect(ids.size).toBe(5000);
  });

  it('rejects frNr that Advoware marks as special (negative) or non-integers', () => {
    expect(() => eventIdForFrNr(-1)).toThrow(RangeError);
    expect(() => eventIdForFrNr(1.5)).toThrow(RangeError);
  });
});

describe('frNrFromEventId', () => {
  it('does not mistake Google-generated or tampered ids for ours', () => {
    expect(frNrFromEventId('4h2kq0v1l8cmb3u9u1c7d6p5a0')).toBeNull();
    expect(frNrFromEventId(null)).toBeNull();
    expect(frNrFromEventId('adv')).toBeNull();
    const id = eventIdForFrNr(12345);
    const tampered = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
    expect(frNrFromEventId(tampered)).toBeNull();
    // A leading zero would give a second spelling of the same frNr.
    expect(frNrFromEventId(`adv0${id.slice(3)}`)).toBeNull();
  });
});
