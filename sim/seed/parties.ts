import type { Rng } from './prng';
import type { EspoPhoneType, Salutation, Titel } from './types';
import { companyDomain, companyEmail, foreignNumber, landline, mobile, personalEmail, randomCity } from './contacts';
import { formatDate } from './dates';
import {
  COMPANY_RECHTSFORMEN,
  COMPANY_STEMS,
  DIVERSE_FIRST_NAMES,
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  PERSON_RECHTSFORM,
} from './names';

/** A party before it is rendered into either system's wire shape. */
export interface Party {
  kind: 'person' | 'company';
  firstName: string | null;
  /** Surname for persons, the full company name for companies. */
  lastName: string;
  salutation: Salutation;
  titel: Titel | null;
  rechtsform: string;
  geburtsdatum: string | null;
  handelsregisterNummer: string | null;
  registergericht: string | null;
  emails: { value: string; private: boolean }[];
  phones: { value: string; type: EspoPhoneType }[];
  /** Only Advoware keeps a web address (kommKz 5); EspoCRM has no slot for it. */
  website: string | null;
}

export function displayName(party: Party): string {
  return party.firstName ? `${party.firstName} ${party.lastName}` : party.lastName;
}

function birthDate(rng: Rng): string {
  return formatDate(Date.UTC(rng.int(1940, 2004), 0, 1) + rng.int(0, 364) * 86_400_000);
}

function pickTitel(rng: Rng): Titel | null {
  const roll = rng.next();
  if (roll < 0.02) return 'Prof. Dr.';
  if (roll < 0.1) return 'Dr.';
  return null;
}

export function generatePerson(rng: Rng, taken: Set<string>): Party {
  const roll = rng.next();
  const salutation: Salutation = roll < 0.04 ? 'Divers' : roll < 0.52 ? 'Herr' : 'Frau';
  const firstNames = salutation === 'Divers' ? DIVERSE_FIRST_NAMES : salutation === 'Herr' ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES;
  let firstName: string = rng.pick(firstNames);
  let lastName: string = rng.pick(LAST_NAMES);
  // Same-name parties would trip EspoCRM's duplicate check when the seed is loaded.
  for (let attempt = 0; taken.has(`${firstName} ${lastName}`); attempt++) {
    firstName = attempt < 20 ? rng.pick(firstNames) : `${rng.pick(firstNames)} ${rng.pick(firstNames)}`;
    lastName = attempt < 20 ? rng.pick(LAST_NAMES) : `${rng.pick(LAST_NAMES)}-${rng.pick(LAST_NAMES)}`;
  }
  taken.add(`${firstName} ${lastName}`);

  const city = randomCity(rng);
  const emails = [{ value: personalEmail(rng, firstName, lastName), private: true }];
  if (rng.chance(0.3)) emails.push({ value: personalEmail(rng, firstName, lastName), private: false });
  const phones: Party['phones'] = [{ value: mobile(rng), type: 'Mobile' }];
  if (rng.chance(0.5)) phones.push({ value: landline(rng, city), type: 'Home' });
  if (rng.chance(0.3)) phones.push({ value: rng.chance(0.2) ? foreignNumber(rng) : landline(rng, city), type: 'Office' });
  if (rng.chance(0.4)) phones.reverse();

  return {
    kind: 'person',
    firstName,
    lastName,
    salutation,
    titel: pickTitel(rng),
    rechtsform: PERSON_RECHTSFORM,
    geburtsdatum: birthDate(rng),
    handelsregisterNummer: null,
    registergericht: null,
    emails,
    phones,
    website: null,
  };
}

function companyName(rng: Rng, rechtsform: string, cityName: string): string {
  if (rechtsform === 'e.V.') {
    return `${rng.pick(['Sportverein Eintracht', 'Förderverein Grundschule', 'Mieterverein', 'Heimatverein', 'Tafel'])} ${cityName} e.V.`;
  }
  switch (rng.int(0, 2)) {
    case 0:
      return `${rng.pick(LAST_NAMES)} ${rng.pick(COMPANY_STEMS)} ${rechtsform}`;
    case 1:
      return `${rng.pick(COMPANY_STEMS)} ${cityName} ${rechtsform}`;
    default:
      return `${rng.pick(LAST_NAMES)} & ${rng.pick(LAST_NAMES)} ${rechtsform}`;
  }
}

function register(rng: Rng, rechtsform: string): string | null {
  if (rechtsform === 'GbR') return null;
  if (rechtsform === 'e.V.') return `VR ${rng.int(100, 9999)}`;
  if (rechtsform === 'e.K.' || rechtsform === 'KG') return `HRA ${rng.int(1000, 99999)}`;
  return `HRB ${rng.int(1000, 299999)}`;
}

export function generateCompany(rng: Rng, taken: Set<string>): Party {
  const rechtsform = rng.pick(COMPANY_RECHTSFORMEN);
  const city = randomCity(rng);
  let name = companyName(rng, rechtsform, city.name);
  for (let n = 2; taken.has(name); n++) name = companyName(rng, rechtsform, n > 20 ? `${city.name} ${n}` : city.name);
  taken.add(name);

  const domain = companyDomain(name);
  const contact = rng.pick(LAST_NAMES);
  const emails = [{ value: companyEmail(rng, domain, contact), private: false }];
  if (rng.chance(0.35)) emails.push({ value: companyEmail(rng, domain, contact), private: false });
  const phones: Party['phones'] = [{ value: landline(rng, city, rng.pick(['0', '10', '60', '100'])), type: 'Office' }];
  if (rng.chance(0.6)) phones.push({ value: landline(rng, city, rng.pick(['99', '29', '9'])), type: 'Fax' });
  if (rng.chance(0.25)) phones.push({ value: mobile(rng), type: 'Mobile' });
  const registerNumber = register(rng, rechtsform);

  return {
    kind: 'company',
    firstName: null,
    lastName: name,
    salutation: 'Firma',
    titel: null,
    rechtsform,
    geburtsdatum: null,
    handelsregisterNummer: registerNumber,
    registergericht: registerNumber ? city.court : null,
    emails,
    phones,
    website: rng.chance(0.4) ? `www.${domain}` : null,
  };
}
