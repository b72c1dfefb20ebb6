import type { AdvowareClient } from './client';
import { AdvowareNotFoundError } from './errors';

/**
 * A window list cannot tell "deleted" from "moved out of the window": asks Advoware for each
 * Termin by its frNr. Found ones come back as Termine, 404s as confirmed missing; any other
 * error is thrown (never read as "deleted").
 */
export async function lookUpTermine(advoware: Pick<AdvowareClient, 'getTermin'>, frNrs: readonly number[]) {
  const found: Awaited<ReturnType<AdvowareClient['getTermin']>>[] = [];
  const missing: number[] = [];
  for (const frNr of frNrs) {
    try {
      found.push(await advoware.getTermin(frNr));
    } catch (err) {
      if (err instanceof AdvowareNotFoundError) missing.push(frNr);
      else throw err;
    }
  }
  return { found, missing };
}
