import type { Rng } from './prng';
import { LAST_NAMES } from './names';

/** Subjects, places and notes of a German litigation practice's diary. */

const COURTS = [
  { short: 'AG Hannover', ort: 'Amtsgericht Hannover, Volgersweg 1' },
  { short: 'LG Hannover', ort: 'Landgericht Hannover, Volgersweg 65' },
  { short: 'OLG Celle', ort: 'Oberlandesgericht Celle, Schloßplatz 2' },
  { short: 'ArbG Hannover', ort: 'Arbeitsgericht Hannover, Ellernstraße 42' },
  { short: 'SG Hannover', ort: 'Sozialgericht Hannover, Leisewitzstraße 28' },
  { short: 'AG Braunschweig', ort: 'Amtsgericht Braunschweig, An der Martinikirche 8' },
  { short: 'LG Göttingen', ort: 'Landgericht Göttingen, Berliner Straße 8' },
];

const HEARING_KINDS = ['Verhandlung', 'Güteverhandlung', 'Beweisaufnahme', 'Verkündungstermin', 'Hauptverhandlung'];

const OFFICE_PLACES = ['Kanzlei, Besprechungsraum 1', 'Kanzlei, Besprechungsraum 2', 'Videokonferenz (Teams)', 'Telefon'];

function aktenzeichen(rng: Rng): string {
  return `${rng.int(1, 499)}/${rng.pick(['23', '24', '25', '26'])}`;
}

export interface TerminText {
  text: string;
  ort?: string;
  notiz?: string;
}

export function businessTermin(rng: Rng): TerminText {
  const client = rng.pick(LAST_NAMES);
  const roll = rng.int(0, 5);
  if (roll <= 1) {
    const court = rng.pick(COURTS);
    return {
      text: `${rng.pick(HEARING_KINDS)} ${court.short}`,
      ort: `${court.ort}, Saal ${rng.int(1, 3)}.${String(rng.int(1, 40)).padStart(2, '0')}`,
      notiz: notiz(rng, client),
    };
  }
  const text = [
    `Mandantengespräch ${client}`,
    `Besprechung Akte ${aktenzeichen(rng)}`,
    `Telefonkonferenz mit Gegenseite ${rng.pick(LAST_NAMES)} & Partner`,
    `Notartermin Kaufvertrag ${client}`,
    `Mediation ${client} ./. ${rng.pick(LAST_NAMES)}`,
  ][roll - 2] ?? `Akteneinsicht Staatsanwaltschaft Hannover`;
  return { text, ort: rng.pick(OFFICE_PLACES), notiz: notiz(rng, client) };
}

function notiz(rng: Rng, client: string): string | undefined {
  switch (rng.int(0, 3)) {
    case 0:
      return undefined;
    case 1:
      return `Akte ${aktenzeichen(rng)} mitnehmen`;
    case 2:
      return `Mandant ${client} bringt Originalbelege mit.\nUnterlagen: Vollmacht, Schriftsatz vom Vormonat`;
    default:
      return `Parken: Tiefgarage „Am Markt“ – Ausweis nicht vergessen!`;
  }
}

export const ALL_DAY_TEXTS = ['Urlaub', 'Fortbildung Fachanwalt Arbeitsrecht', 'Homeoffice', 'Kanzleiausflug', 'Betriebsversammlung'];

export function multiDayTermin(rng: Rng): TerminText & { timed: boolean } {
  return rng.pick([
    { text: 'Urlaub', timed: false },
    { text: 'Deutscher Anwaltstag', ort: 'Estrel Congress Center, Berlin', timed: false },
    { text: 'Fachanwaltslehrgang Familienrecht', ort: 'DAI Ausbildungscenter, Bochum', timed: true },
    { text: 'Klausurtagung Kanzlei', ort: 'Hotel Heidegrund, Lüneburger Heide', timed: true },
  ]);
}

export const RECURRING_TEXTS = ['Jour fixe', 'Teambesprechung Referat Arbeitsrecht', 'Fristenbesprechung mit Sekretariat'];

export const PRIVATE_TIMED_TEXTS = ['Zahnarzt', 'Elternabend', 'Physiotherapie', 'Kita abholen', 'Arzttermin'];
export const PRIVATE_ALL_DAY_TEXTS = ['Umzug', 'Geburtstag Mutter', 'Hochzeit Schwester'];
