/**
 * Every Advoware path this project calls, in one place. The live swagger was not available, so
 * the defaults are the paths client and simulator agree on (docs/SIMULATORS.md lists how sure each is); a tenant that
 * serves other paths is configured with the `ADVOWARE_PATH_*` variables (docs/CONFIGURATION.md)
 * — `advoware-bridge doctor` says which candidate a tenant serves.
 *
 * Paths are templates: `{betNr}`, `{id}` and `{frNr}` are replaced (URL-encoded). A template may
 * carry a query string, e.g. `api/v1/advonet/appointments?frnr={frNr}` (the old system's
 * lower-case filter); a single-record GET that answers with a list is then read tolerantly.
 */
export interface AdvowarePaths {
  /** Relative to the configurator base (…/AdvonetConfigurator/). */
  discovery: string;
  /** Relative to the security gateway base. */
  token: string;
  // Relative to the API base (connectorUrl, else relayUrl):
  beteiligteCollection: string;
  beteiligte: string;
  kommunikationen: string;
  kommunikation: string;
  adressen: string;
  adresse: string;
  /** POST and GET only: Advoware has no PUT/DELETE for bank accounts. */
  bankverbindungen: string;
  termineCollection: string;
  termin: string;
  mitarbeiter: string;
  aktenCollection: string;
  akte: string;
}

export const DEFAULT_ADVOWARE_PATHS: Readonly<AdvowarePaths> = {
  discovery: 'api/Url',
  token: 'api/v1/Token',
  beteiligteCollection: 'api/v1/advonet/Beteiligte',
  beteiligte: 'api/v1/advonet/Beteiligte/{betNr}',
  kommunikationen: 'api/v1/advonet/Beteiligte/{betNr}/Kommunikationen',
  kommunikation: 'api/v1/advonet/Beteiligte/{betNr}/Kommunikationen/{id}',
  adressen: 'api/v1/advonet/Beteiligte/{betNr}/Adressen',
  adresse: 'api/v1/advonet/Beteiligte/{betNr}/Adressen/{id}',
  bankverbindungen: 'api/v1/advonet/Beteiligte/{betNr}/Bankverbindungen',
  termineCollection: 'api/v1/advonet/Termine',
  termin: 'api/v1/advonet/Termine/{frNr}',
  mitarbeiter: 'api/v1/advonet/Mitarbeiter',
  aktenCollection: 'api/v1/Akten',
  akte: 'api/v1/Akten/{id}',
};

/** The env variable that overrides each path (config/schema.ts reads exactly these). */
export const ADVOWARE_PATH_ENV: Readonly<Record<keyof AdvowarePaths, string>> = {
  discovery: 'ADVOWARE_PATH_DISCOVERY',
  token: 'ADVOWARE_PATH_TOKEN',
  beteiligteCollection: 'ADVOWARE_PATH_BETEILIGTE',
  beteiligte: 'ADVOWARE_PATH_BETEILIGTER',
  kommunikationen: 'ADVOWARE_PATH_KOMMUNIKATIONEN',
  kommunikation: 'ADVOWARE_PATH_KOMMUNIKATION',
  adressen: 'ADVOWARE_PATH_ADRESSEN',
  adresse: 'ADVOWARE_PATH_ADRESSE',
  bankverbindungen: 'ADVOWARE_PATH_BANKVERBINDUNGEN',
  termineCollection: 'ADVOWARE_PATH_TERMINE',
  termin: 'ADVOWARE_PATH_TERMIN',
  mitarbeiter: 'ADVOWARE_PATH_MITARBEITER',
  aktenCollection: 'ADVOWARE_PATH_AKTEN',
  akte: 'ADVOWARE_PATH_AKTE',
};

/** Fills `{name}` placeholders; an unknown placeholder is a configuration error worth failing on. */
export function fillPath(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new TypeError(`Advoware path template ${JSON.stringify(template)} uses unknown placeholder {${name}}`);
    return encodeURIComponent(String(values[name]));
  });
}

export type AdvowareEndpoints = ReturnType<typeof createAdvowareEndpoints>;

export function createAdvowareEndpoints(overrides: Partial<AdvowarePaths> = {}) {
  const p: AdvowarePaths = { ...DEFAULT_ADVOWARE_PATHS, ...definedOnly(overrides) };
  return {
    templates: p,
    discovery: p.discovery,
    token: p.token,
    beteiligteCollection: p.beteiligteCollection,
    beteiligte: (betNr: number) => fillPath(p.beteiligte, { betNr }),
    kommunikationen: (betNr: number) => fillPath(p.kommunikationen, { betNr }),
    kommunikation: (betNr: number, id: number) => fillPath(p.kommunikation, { betNr, id }),
    adressen: (betNr: number) => fillPath(p.adressen, { betNr }),
    adresse: (betNr: number, id: number) => fillPath(p.adresse, { betNr, id }),
    bankverbindungen: (betNr: number) => fillPath(p.bankverbindungen, { betNr }),
    termineCollection: p.termineCollection,
    termin: (frNr: number) => fillPath(p.termin, { frNr }),
    mitarbeiter: p.mitarbeiter,
    aktenCollection: p.aktenCollection,
    akte: (id: number) => fillPath(p.akte, { id }),
  };
}

/** The defaults; code without settings at hand (tests, simulators) uses these. */
export const advowareEndpoints = createAdvowareEndpoints();

function definedOnly(overrides: Partial<AdvowarePaths>): Partial<AdvowarePaths> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as Partial<AdvowarePaths>;
}
