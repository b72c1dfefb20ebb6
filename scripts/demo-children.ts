import type { Simulators } from '../sim/start-all';

/** Valid German IBANs (check digits correct) for the demo's bank accounts. */
const IBANS = ['DE89370400440532013000', 'DE02120300000000202051', 'DE02500105170137075030'];
const STREETS = [
  { strasse: 'Georgstr. 12', plz: '30159', ort: 'Hannover' },
  { strasse: 'Bahnhofstr. 3', plz: '29221', ort: 'Celle' },
  { strasse: 'Marktplatz 1', plz: '31134', ort: 'Hildesheim' },
];

/**
 * A few addresses and bank accounts for the first seeded parties, so the demo shows them synced
 * too: each party's pass posts its addresses, each account's workflow posts it once the party is linked.
 */
export function seedAdressenUndKonten(sims: Simulators, parties = 3): { adressen: number; konten: number } {
  const ids = sims.espocrm.state
    .listRecords('CBeteiligte')
    .map((r) => r.id as string)
    .sort()
    .slice(0, parties);
  let adressen = 0;
  ids.forEach((beteiligteId, i) => {
    const home = STREETS[i % STREETS.length];
    sims.espocrm.state.createRecord('CAdressen', { beteiligteId, ...home, land: 'D', standardAnschrift: true, gueltigVon: '2020-01-01' });
    sims.espocrm.state.createRecord('CAdressen', { beteiligteId, strasse: 'Postfach', plz: home.plz, ort: home.ort, postfach: String(1000 + i), postfachPLZ: home.plz, standardAnschrift: false });
    adressen += 2;
    sims.espocrm.state.createRecord('CBankverbindungen', { beteiligteId, name: 'Geschäftskonto', iban: IBANS[i % IBANS.length], kontoinhaber: 'Demo', bankname: 'Demo Bank' });
  });
  return { adressen, konten: ids.length };
}

/** How many seeded addresses and bank accounts are linked and clean. */
export function cleanChildren(sims: Simulators): { adressen: number; konten: number } {
  const clean = (type: string, idField: string) => sims.espocrm.state.listRecords(type).filter((r) => r.syncStatus === 'clean' && r[idField]).length;
  return { adressen: clean('CAdressen', 'advowareAdresseId'), konten: clean('CBankverbindungen', 'advowareKontoId') };
}
