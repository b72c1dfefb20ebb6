/** Word lists for realistic German parties; umlauts and ß on purpose (normalisation must cope). */

export const MALE_FIRST_NAMES = [
  'Jürgen', 'Thomas', 'Michael', 'Andreas', 'Stefan', 'Klaus', 'Günter', 'Uwe', 'Jörg', 'Matthias',
  'Sören', 'Björn', 'Frank', 'Peter', 'Ralf', 'Hans-Dieter', 'Karl-Heinz', 'Lukas', 'Jonas', 'Maximilian',
  'Felix', 'Timo', 'Dirk', 'Volker', 'Bernd', 'Jan-Ole', 'Tobias', 'Sebastian', 'Florian', 'Ömer',
] as const;

export const FEMALE_FIRST_NAMES = [
  'Bärbel', 'Sabine', 'Petra', 'Ursula', 'Monika', 'Käthe', 'Jutta', 'Anja', 'Susanne', 'Renate',
  'Brigitte', 'Heike', 'Annegret', 'Maren', 'Jana', 'Lea', 'Sophie', 'Marie-Luise', 'Katrin', 'Claudia',
  'Doris', 'Gesine', 'Hannelore', 'Ilse', 'Nicole', 'Sandra', 'Tanja', 'Birgit', 'Dörte', 'Elif',
] as const;

export const DIVERSE_FIRST_NAMES = ['Alex', 'Kim', 'Robin', 'Sascha', 'Luca', 'Jona'] as const;

export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier',
  'Groß', 'Weiß', 'Voß', 'Strauß', 'Jäger', 'Köhler', 'Böhm', 'Günther', 'Lührs', 'Hübner',
  'Döring', 'Gößling', 'Oßwald', 'von Bülow', 'Mayer-Lüdecke', 'Özdemir', 'Nowak', 'Brüggemann', 'Thiele', 'Kästner',
] as const;

export interface City {
  name: string;
  /** Area code without the leading 0. */
  areaCode: string;
  court: string;
}

export const CITIES: readonly City[] = [
  { name: 'Hannover', areaCode: '511', court: 'Amtsgericht Hannover' },
  { name: 'Berlin', areaCode: '30', court: 'Amtsgericht Charlottenburg' },
  { name: 'Hamburg', areaCode: '40', court: 'Amtsgericht Hamburg' },
  { name: 'München', areaCode: '89', court: 'Amtsgericht München' },
  { name: 'Köln', areaCode: '221', court: 'Amtsgericht Köln' },
  { name: 'Frankfurt am Main', areaCode: '69', court: 'Amtsgericht Frankfurt am Main' },
  { name: 'Braunschweig', areaCode: '531', court: 'Amtsgericht Braunschweig' },
  { name: 'Göttingen', areaCode: '551', court: 'Amtsgericht Göttingen' },
  { name: 'Lüneburg', areaCode: '4131', court: 'Amtsgericht Lüneburg' },
  { name: 'Düsseldorf', areaCode: '211', court: 'Amtsgericht Düsseldorf' },
];

export const COMPANY_STEMS = [
  'Bau', 'Logistik', 'Immobilien', 'Haustechnik', 'Gebäudereinigung', 'Steuerberatung', 'Maschinenbau',
  'Autohaus', 'Bäckerei', 'Elektro', 'Dachdeckerei', 'Software', 'Handelsgesellschaft', 'Grundstücksverwaltung',
  'Spedition', 'Metallbau', 'Gärtnerei', 'Sanitär', 'Verlag', 'Brauerei',
] as const;

/** Rechtsform values for companies; the EspoCRM and Advoware sides use the same strings. */
export const COMPANY_RECHTSFORMEN = ['GmbH', 'AG', 'GbR', 'e.K.', 'KG', 'UG (haftungsbeschränkt)', 'GmbH & Co. KG', 'e.V.'] as const;

export const PERSON_RECHTSFORM = 'Natürliche Person';

export const MOBILE_PREFIXES = ['151', '152', '160', '162', '170', '171', '172', '176', '177', '179'] as const;

export const EMAIL_PROVIDERS = ['webmail.example', 'gmx.example', 't-online.example', 'posteo.example', 'freenet.example'] as const;

/** ä → ae, ß → ss …, then drops anything an e-mail local part or domain should not carry. */
export function transliterate(text: string): string {
  return text
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss');
}

export function slug(text: string): string {
  return transliterate(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
