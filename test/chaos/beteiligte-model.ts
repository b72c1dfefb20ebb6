import { classifyAdvoware, classifyEspo } from '../../domain/beteiligte/kommunikation/classify';
import {
  espoTargetForKommKz,
  kindOfTarget,
  kommunikationHash,
  masterFromAdvoware,
  masterFromEspo,
  parseSyncBase,
  type AdvowareBeteiligter,
  type EspoBeteiligte,
  type EspoEmail,
  type EspoPhone,
  type MasterData,
  type PartyKind,
} from '../../domain/beteiligte';
import type { Rng } from '../../sim/seed/prng';
import type { Simulators } from '../../sim/start-all';

export const ENTITY = 'CBeteiligte';

/**
 * What the final state of every Beteiligter must be: the value of the last edit of every master
 * field and the Kommunikation value set after the last edit, on BOTH sides.
 *
 * Edits follow the rules so the expectation is unambiguous: EspoCRM edits happen any time
 * (EspoCRM wins a same-field conflict, and it is also the newer edit); Advoware edits only on a
 * "settled" record — no pass running, both sides and the sync base agree — because a pass in
 * flight rewrites Advoware with a full PUT (Advoware offers no optimistic locking), which would
 * make the expected value depend on timing. After an Advoware edit, EspoCRM Kommunikation
 * edits on that record wait until the Advoware edit has been synced.
 */
export interface TrackedBeteiligter {
  espoId: string;
  betNr: number;
  kind: PartyKind;
  master: MasterData;
  kommKeys: Set<string>;
  /** An Advoware edit not yet seen in a completed pass. */
  advowarePending: boolean;
  edits: number;
}

export function espoRecord(sims: Simulators, espoId: string): EspoBeteiligte {
  return sims.espocrm.state.getRecord(ENTITY, espoId) as unknown as EspoBeteiligte;
}

export function advowareRecord(sims: Simulators, betNr: number): AdvowareBeteiligter | undefined {
  return sims.advoware.state.getBeteiligte(betNr) as unknown as AdvowareBeteiligter | undefined;
}

export function espoKeys(espo: EspoBeteiligte): string[] {
  return classifyEspo(espo.emailAddressData ?? [], espo.phoneNumberData ?? [])
    .map((i) => i.key)
    .filter((k): k is string => k !== null);
}

export function advowareKeys(advo: AdvowareBeteiligter): string[] {
  return classifyAdvoware(advo.kommunikation ?? [], advo)
    .map((i) => i.key)
    .filter((k): k is string => k !== null);
}

export const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

export const sameMaster = (a: MasterData, b: MasterData) => (Object.keys(a) as (keyof MasterData)[]).every((k) => a[k] === b[k]);

/** Why a record is not settled (both sides and the stored sync base agree, hash current), or null when it is. */
export function unsettledReason(sims: Simulators, t: Pick<TrackedBeteiligter, 'espoId' | 'betNr'>): string | null {
  const espo = espoRecord(sims, t.espoId);
  const advo = advowareRecord(sims, t.betNr);
  if (!espo || !advo) return 'missing';
  if (!['clean', 'conflict'].includes(String(espo.syncStatus))) return `syncStatus ${espo.syncStatus}`;
  const base = parseSyncBase(espo.advowareSyncBase);
  const master = masterFromEspo(espo);
  if (!base) return 'no sync base';
  if (!sameMaster(master, masterFromAdvoware(advo))) return 'master differs';
  if (!sameMaster(master, base.master)) return `base master differs: ${JSON.stringify(master)} vs ${JSON.stringify(base.master)}`;
  const keys = espoKeys(espo);
  if (!sameSet(keys, advowareKeys(advo))) return `keys differ: ${keys} vs ${advowareKeys(advo)}`;
  if (!sameSet(keys, base.kommunikation)) return `base keys differ: ${keys} vs ${base.kommunikation}`;
  if (espo.kommunikationHash !== kommunikationHash(advo.kommunikation ?? [], advo)) return `hash ${espo.kommunikationHash} vs ${kommunikationHash(advo.kommunikation ?? [], advo)}`;
  return null;
}

export function isSettledData(sims: Simulators, t: Pick<TrackedBeteiligter, 'espoId' | 'betNr'>): boolean {
  return unsettledReason(sims, t) === null;
}

// ---- value generators (unique, so no edit accidentally re-creates an old value) -------------

let counter = 0;
const next = () => ++counter;
const FIRST = ['Jürgen', 'Bärbel', 'Özlem', 'Hans-Peter', 'Ana', 'Lukas', 'Søren', 'Marie'];
const LAST = ['Groß', 'Müller', 'Weiß', 'Schäfer', 'Ilić', 'Koch', 'Becker', 'Nowak'];
const TITEL = ['Dr.', 'Prof. Dr.', 'Dipl.-Ing.', null];
const GERICHT = ['Amtsgericht Hannover', 'Amtsgericht Celle', 'Amtsgericht Hildesheim', 'Amtsgericht Göttingen'];

export const newEmail = (rng: Rng) => `chaos${next()}.${rng.int(10, 99)}@beispiel.de`;
export const newPhone = (rng: Rng) => `0511 ${rng.int(100, 999)}${String(next()).padStart(5, '0')}`;
const newDate = (rng: Rng) => `19${rng.int(40, 99)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;

/** EspoCRM attribute → new value, for a random field of this kind. */
export function randomEspoFieldEdit(rng: Rng, kind: PartyKind): Record<string, unknown> {
  if (kind === 'person') {
    return rng.pick([
      () => ({ firstName: `${rng.pick(FIRST)}${next()}` }),
      () => ({ lastName: `${rng.pick(LAST)}${next()}` }),
      () => ({ titel: rng.pick(TITEL) }),
      () => ({ geburtsdatum: newDate(rng) }),
      () => ({ salutationName: rng.pick(['Herr', 'Frau', 'Divers']) }),
    ])();
  }
  return rng.pick([
    () => ({ name: `${rng.pick(LAST)} ${next()} GmbH` }),
    () => ({ titel: rng.pick(TITEL) }),
    () => ({ registergericht: rng.pick(GERICHT) }),
    () => ({ handelsregisterNummer: `HRB ${rng.int(1000, 99999)}` }),
  ])();
}

/** Advoware attribute → new value, mirroring randomEspoFieldEdit. */
export function randomAdvowareFieldEdit(rng: Rng, kind: PartyKind): Record<string, string | null> {
  if (kind === 'person') {
    return rng.pick([
      () => ({ vorname: `${rng.pick(FIRST)}${next()}` }),
      () => ({ name: `${rng.pick(LAST)}${next()}` }),
      () => ({ titel: rng.pick(TITEL) }),
      () => ({ geburtsdatum: newDate(rng) }),
      () => ({ anrede: rng.pick(['Herr', 'Frau', 'Divers']) }),
    ])();
  }
  return rng.pick([
    () => ({ name: `${rng.pick(LAST)} ${next()} GmbH` }),
    () => ({ titel: rng.pick(TITEL) }),
    () => ({ registergericht: rng.pick(GERICHT) }),
    () => ({ handelsRegisterNummer: `HRB ${rng.int(1000, 99999)}` }),
  ])();
}

/** The same master field under its EspoCRM name, for provoking a same-field conflict. */
export function espoEditForSameField(rng: Rng, kind: PartyKind, advowareEdit: Record<string, unknown>): Record<string, unknown> {
  const field = Object.keys(advowareEdit)[0];
  const map: Record<string, string> = kind === 'person'
    ? { vorname: 'firstName', name: 'lastName', titel: 'titel', geburtsdatum: 'geburtsdatum', anrede: 'salutationName' }
    : { name: 'name', titel: 'titel', registergericht: 'registergericht', handelsRegisterNummer: 'handelsregisterNummer' };
  for (let i = 0; i < 20; i++) {
    const candidate = randomEspoFieldEdit(rng, kind);
    if (Object.keys(candidate)[0] === map[field]) return candidate;
  }
  return randomEspoFieldEdit(rng, kind);
}

export function initialEspoRecord(rng: Rng, index: number): Record<string, unknown> {
  const phones: EspoPhone[] = [{ phoneNumber: newPhone(rng), primary: true, type: 'Office' }];
  if (rng.chance(0.5)) phones.push({ phoneNumber: newPhone(rng), primary: false, type: rng.pick(['Mobile', 'Fax', 'Home']) });
  const emails: EspoEmail[] = [{ emailAddress: newEmail(rng), primary: true }];
  if (index % 2 === 0) {
    const firstName = `${rng.pick(FIRST)}${next()}`;
    const lastName = `${rng.pick(LAST)}${next()}`;
    return {
      name: `${firstName} ${lastName}`,
      firstName,
      lastName,
      salutationName: rng.pick(['Herr', 'Frau']),
      titel: rng.pick(TITEL),
      rechtsform: 'Natürliche Person',
      geburtsdatum: newDate(rng),
      emailAddressData: emails,
      phoneNumberData: phones,
    };
  }
  const name = `${rng.pick(LAST)} ${next()} GmbH`;
  return {
    name,
    lastName: name,
    salutationName: 'Firma',
    rechtsform: 'GmbH',
    registergericht: rng.pick(GERICHT),
    handelsregisterNummer: `HRB ${rng.int(1000, 99999)}`,
    emailAddressData: emails,
    phoneNumberData: phones,
  };
}

/** A random change to the EspoCRM e-mail/phone lists (add, remove, change a value). */
export function randomEspoKommEdit(rng: Rng, espo: EspoBeteiligte): Record<string, unknown> {
  const emails = (espo.emailAddressData ?? []).map((e) => ({ emailAddress: e.emailAddress, primary: e.primary }));
  const phones = (espo.phoneNumberData ?? []).map((p) => ({ phoneNumber: p.phoneNumber, primary: p.primary, type: p.type }));
  const op = rng.pick(['addEmail', 'addPhone', 'removeEmail', 'removePhone', 'changeEmail', 'changePhone'] as const);
  switch (op) {
    case 'addEmail':
      emails.push({ emailAddress: newEmail(rng), primary: emails.length === 0 });
      break;
    case 'addPhone':
      phones.push({ phoneNumber: newPhone(rng), primary: phones.length === 0, type: rng.pick(['Office', 'Mobile', 'Fax', 'Home']) });
      break;
    case 'removeEmail':
      if (emails.length) emails.splice(rng.int(0, emails.length - 1), 1);
      break;
    case 'removePhone':
      if (phones.length) phones.splice(rng.int(0, phones.length - 1), 1);
      break;
    case 'changeEmail':
      if (emails.length) emails[rng.int(0, emails.length - 1)].emailAddress = newEmail(rng);
      else emails.push({ emailAddress: newEmail(rng), primary: true });
      break;
    case 'changePhone':
      if (phones.length) phones[rng.int(0, phones.length - 1)].phoneNumber = newPhone(rng);
      else phones.push({ phoneNumber: newPhone(rng), primary: true, type: 'Office' });
      break;
  }
  if (emails.length && !emails.some((e) => e.primary)) emails[0].primary = true;
  if (phones.length && !phones.some((p) => p.primary)) phones[0].primary = true;
  return { emailAddressData: emails, phoneNumberData: phones };
}

/** A user editing Kommunikation in Advoware itself: add an entry, change a value, delete an entry. */
export function applyRandomAdvowareKommEdit(rng: Rng, sims: Simulators, advo: AdvowareBeteiligter): string {
  const relevant = (advo.kommunikation ?? []).filter((k) => espoTargetForKommKz(k.kommKz) !== null && (k.tlf ?? '').trim() !== '');
  const op = relevant.length === 0 ? 'add' : rng.pick(['add', 'change', 'delete'] as const);
  if (op === 'add') {
    const kommKz = rng.pick([1, 3, 4, 6]);
    sims.advoware.state.addKommunikation(advo.betNr, { kommKz, tlf: kommKz === 4 ? newEmail(rng) : newPhone(rng), online: kommKz === 4 });
    return 'advoware-komm-add';
  }
  const entry = rng.pick(relevant);
  if (op === 'change') {
    const kind = kindOfTarget(espoTargetForKommKz(entry.kommKz) ?? 'Office');
    sims.advoware.state.updateKommunikation(advo.betNr, entry.id, { tlf: kind === 'email' ? newEmail(rng) : newPhone(rng) });
    return 'advoware-komm-change';
  }
  sims.advoware.state.deleteKommunikation(advo.betNr, entry.id);
  return 'advoware-komm-delete';
}
