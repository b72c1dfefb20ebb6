import { describe, expect, it } from 'vitest';
import { eventIdForFrNr, type CalendarSnapshot } from '../../domain/calendar';
import { packSnapshot, unpackSnapshot } from './calendar-snapshot';

describe('packed calendar snapshot (carried over continue-as-new)', () => {
  it('round-trips every field, including event ids that do not follow from the frNr, null and absent ends', () => {
    const snapshot: CalendarSnapshot = {
      '1001': { eventId: eventIdForFrNr(1001), hash: '0123456789abcdef', start: '2026-05-04', end: '2026-05-04' },
      '1002': { eventId: 'googleBornEvent42', hash: 'fedcba9876543210', start: '2026-05-05', end: null },
      '1003': { eventId: eventIdForFrNr(1003), hash: '00000000000000ff' },
    };
    expect(unpackSnapshot(packSnapshot(snapshot))).toEqual(snapshot);
    expect(unpackSnapshot(null)).toEqual({});
  });

  it('5,000 entries pack well below a 256 KB payload', () => {
    const snapshot: CalendarSnapshot = {};
    for (let i = 0; i < 5000; i++) {
      const frNr = 100_000 + i * 7;
      snapshot[String(frNr)] = { eventId: eventIdForFrNr(frNr), hash: (BigInt(frNr) * 0x9e3779b97f4a7c15n % 2n ** 64n).toString(16).padStart(16, '0'), start: `2026-0${1 + (i % 9)}-1${i % 10}`, end: `2026-0${1 + (i % 9)}-1${i % 10}` };
    }
    const packed = packSnapshot(snapshot);
    expect(packed.length).toBeLessThan(256 * 1024);
    expect(unpackSnapshot(packed)).toEqual(snapshot);
  });
});
