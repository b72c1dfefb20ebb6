/**
 * Every Advoware path this project calls, in one place. The live swagger was not available, so
 * these are the paths client and simulator agree on (architecture §5); correct them here when a
 * live tenant says otherwise.
 */
export const advowareEndpoints = {
  /** Relative to the configurator base (…/AdvonetConfigurator/). */
  discovery: 'api/Url',
  /** Relative to the security gateway base. */
  token: 'api/v1/Token',

  // Relative to the API base (connectorUrl, else relayUrl).
  beteiligteCollection: 'api/v1/advonet/Beteiligte',
  beteiligte: (betNr: number) => `api/v1/advonet/Beteiligte/${betNr}`,
  kommunikationen: (betNr: number) => `api/v1/advonet/Beteiligte/${betNr}/Kommunikationen`,
  kommunikation: (betNr: number, id: number) => `api/v1/advonet/Beteiligte/${betNr}/Kommunikationen/${id}`,
  adressen: (betNr: number) => `api/v1/advonet/Beteiligte/${betNr}/Adressen`,
  adresse: (betNr: number, id: number) => `api/v1/advonet/Beteiligte/${betNr}/Adressen/${id}`,
  termineCollection: 'api/v1/advonet/Termine',
  termin: (frNr: number) => `api/v1/advonet/Termine/${frNr}`,
  mitarbeiter: 'api/v1/advonet/Mitarbeiter',
  aktenCollection: 'api/v1/Akten',
  akte: (id: number) => `api/v1/Akten/${id}`,
} as const;
