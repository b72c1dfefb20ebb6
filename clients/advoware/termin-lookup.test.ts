import { describe, expect, it } from 'vitest';
import { AdvowareError, AdvowareNotFoundError } from './errors';
import { lookUpTermine } from './termin-lookup';

const termin = (frNr: number) => ({ frNr }) as unknown as Awaited<ReturnType<Parameters<typeof lookUpTermine>[0]['getTermin']>>;

describe('lookUpTermine', () => {
  it('returns found Termine and the frNrs Advoware answers 404 for, in order', async () => {
    const result = await lookUpTermine({ getTermin: async (frNr) => (frNr % 2 ? termin(frNr) : Promise.reject(new AdvowareNotFoundError('gone', { status: 404 }))) }, [1, 2, 3, 4]);
    expect(result.found.map((t) => t.frNr)).toEqual([1, 3]);
    expect(result.missing).toEqual([2, 4]);
  });

  it('throws any other error instead of reading it as "deleted"', async () => {
    await expect(lookUpTermine({ getTermin: async () => Promise.reject(new AdvowareError('offline', { status: 503 })) }, [7])).rejects.toThrow('offline');
  });
});
