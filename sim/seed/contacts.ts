import type { Rng } from './prng';
import { type City, CITIES, EMAIL_PROVIDERS, MOBILE_PREFIXES, transliterate } from './names';

/**
 * Phone numbers and e-mail addresses as people actually type them into two systems:
 * the same kind of number in many formats, so the sync's normalisation is exercised.
 */

function group(digits: string, size: number): string {
  const parts: string[] = [];
  for (let i = 0; i < digits.length; i += size) parts.push(digits.slice(i, i + size));
  return parts.join(' ');
}

/** A landline number; `extension` gives office numbers a `-60` style suffix in one format. */
export function landline(rng: Rng, city: City, extension?: string): string {
  const subscriber = rng.digits(Math.max(5, 8 - city.areaCode.length));
  const ext = extension ?? String(rng.int(10, 99));
  switch (rng.int(0, 5)) {
    case 0:
      return `0${city.areaCode}/${subscriber}-${ext}`;
    case 1:
      return `+49 ${city.areaCode} ${subscriber}${ext}`;
    case 2:
      return `0049 (${city.areaCode}) ${group(subscriber + ext, 3)}`;
    case 3:
      return `(0${city.areaCode}) ${group(subscriber + ext, 2)}`;
    case 4:
      return `0${city.areaCode}-${subscriber}${ext}`;
    default:
      return `0${city.areaCode} ${subscriber}${ext}`;
  }
}

export function mobile(rng: Rng): string {
  const prefix = rng.pick(MOBILE_PREFIXES);
  const subscriber = rng.digits(7);
  switch (rng.int(0, 3)) {
    case 0:
      return `0${prefix} ${subscriber}`;
    case 1:
      return `+49 ${prefix} ${subscriber}`;
    case 2:
      return `0${prefix}/${subscriber}`;
    default:
      return `+49 (0)${prefix} ${group(subscriber, 4)}`;
  }
}

/** Austrian and Swiss numbers: the normaliser must not force them into +49. */
export function foreignNumber(rng: Rng): string {
  return rng.chance(0.6) ? `+43 1 ${rng.digits(6)}` : `+41 44 ${rng.digits(3)} ${rng.digits(2)} ${rng.digits(2)}`;
}

export function randomCity(rng: Rng): City {
  return rng.pick(CITIES);
}

function localPart(text: string): string {
  return transliterate(text).replace(/[^A-Za-z0-9-]+/g, '');
}

/** A private address; case varies on purpose (e-mails compare case-insensitively). */
export function personalEmail(rng: Rng, firstName: string, lastName: string): string {
  const first = localPart(firstName);
  const last = localPart(lastName);
  const domain = rng.pick(EMAIL_PROVIDERS);
  switch (rng.int(0, 6)) {
    case 0:
    case 5:
      return `${first}.${last}@${domain}`;
    case 1:
      return `${first[0].toLowerCase()}.${last.toLowerCase()}@${domain}`;
    case 2:
      return `${first.toLowerCase()}_${last.toLowerCase()}${rng.int(60, 99)}@${domain}`;
    case 3:
      return `${first.toUpperCase()}.${last.toUpperCase()}@${domain.toUpperCase()}`;
    case 4:
      return `${last.toLowerCase()}.${first.toLowerCase()}@${domain}`;
    default:
      return `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`;
  }
}

export function companyDomain(companyName: string): string {
  const words = transliterate(companyName)
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !['gmbh', 'ag', 'gbr', 'e', 'k', 'kg', 'ug', 'co', 'v'].includes(w));
  return `${words.slice(0, 2).join('-') || 'firma'}.example`;
}

export function companyEmail(rng: Rng, domain: string, contactLastName: string): string {
  const box = rng.pick(['info', 'kontakt', 'Buchhaltung', 'office', 'Info', `${localPart(contactLastName).toLowerCase()}`]);
  return `${box}@${domain}`;
}
