import type { Rng } from './prng';
import type { AdvoKommunikationSeed, AdvoSeed, EspoPhoneType, EspoSeed } from './types';
import { type Party, displayName } from './parties';

/** Commonly documented Advoware kommKz codes (1 TelGesch, 2 FaxGesch, 3 Mobil, 4 MailGesch, 5 Internet, 6 TelPrivat, 8 MailPrivat). */
const KOMM_KZ_BY_PHONE_TYPE: Record<EspoPhoneType, number> = { Office: 1, Fax: 2, Mobile: 3, Home: 6 };
const KOMM_KZ_MAIL_GESCH = 4;
const KOMM_KZ_INTERNET = 5;
const KOMM_KZ_MAIL_PRIVAT = 8;

export function toEspoSeed(party: Party): EspoSeed {
  return {
    name: displayName(party),
    firstName: party.firstName,
    lastName: party.lastName,
    salutationName: party.salutation,
    titel: party.titel,
    rechtsform: party.rechtsform,
    geburtsdatum: party.geburtsdatum,
    handelsregisterNummer: party.handelsregisterNummer,
    registergericht: party.registergericht,
    emailAddressData: party.emails.map((e, i) => ({ emailAddress: e.value, primary: i === 0 })),
    phoneNumberData: party.phones.map((p, i) => ({ phoneNumber: p.value, primary: i === 0, type: p.type })),
    betnr: null,
    syncStatus: 'pending_sync',
  };
}

/** Advoware data entered by hand over the years: salutations are sometimes abbreviated. */
function advowareAnrede(rng: Rng, party: Party): string {
  if (party.salutation === 'Herr' && rng.chance(0.1)) return 'Hr.';
  if (party.salutation === 'Frau' && rng.chance(0.1)) return 'Fr.';
  return party.salutation;
}

export function toAdvoSeed(rng: Rng, party: Party): AdvoSeed {
  const kommunikation: AdvoKommunikationSeed[] = [
    ...party.phones.map((p) => ({ tlf: p.value, kommKz: KOMM_KZ_BY_PHONE_TYPE[p.type] })),
    ...party.emails.map((e) => ({ tlf: e.value, kommKz: e.private ? KOMM_KZ_MAIL_PRIVAT : KOMM_KZ_MAIL_GESCH })),
    ...(party.website ? [{ tlf: party.website, kommKz: KOMM_KZ_INTERNET }] : []),
  ].map((k) => ({ ...k, bemerkung: null, online: false }));

  return {
    name: party.lastName,
    vorname: party.firstName,
    rechtsform: party.rechtsform,
    anrede: advowareAnrede(rng, party),
    titel: party.titel,
    geburtsdatum: party.geburtsdatum ? `${party.geburtsdatum}T00:00:00` : null,
    handelsRegisterNummer: party.handelsregisterNummer,
    registergericht: party.registergericht,
    kommunikation,
  };
}
