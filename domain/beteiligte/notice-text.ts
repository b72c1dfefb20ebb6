import type { MasterField } from './mapping';

/** German field names and value quoting for the Tasks the Beteiligte sync leaves for people. */
export const FIELD_LABELS: Record<MasterField, string> = {
  name: 'Name',
  vorname: 'Vorname',
  rechtsform: 'Rechtsform',
  anrede: 'Anrede',
  titel: 'Titel',
  geburtsdatum: 'Geburtsdatum',
  handelsRegisterNummer: 'Handelsregisternummer',
  registergericht: 'Registergericht',
};

export const shown = (value: string | null): string => (value === null ? '(leer)' : `„${value}“`);

/** The linked Advoware party is gone: what EspoCRM records, and the Task (it is never re-created). */
export function deletedInAdvoware(betNr: number): { fields: { syncStatus: 'deleted_in_advoware'; syncErrorMessage: string }; notice: { title: string; message: string } } {
  return {
    fields: { syncStatus: 'deleted_in_advoware', syncErrorMessage: `Beteiligter ${betNr} existiert in Advoware nicht mehr` },
    notice: {
      title: `Beteiligter ${betNr} in Advoware gelöscht`,
      message: `Der verknüpfte Beteiligte ${betNr} wurde in Advoware nicht gefunden. Er wird nicht neu angelegt; bitte prüfen.`,
    },
  };
}

/** The Task for a record deleted in EspoCRM: Advoware keeps the party (legal data). `at` is an EspoCRM timestamp (UTC). */
export function deletedInEspoNotice(espoId: string, knownBetNr: number | null, at: string): { title: string; message: string } {
  return {
    title: 'Beteiligter in EspoCRM gelöscht',
    message: `Der EspoCRM-Datensatz ${espoId}${knownBetNr ? ` (Advoware betNr ${knownBetNr})` : ''} wurde gelöscht (${at} UTC). In Advoware wurde nichts gelöscht; bitte dort manuell prüfen.`,
  };
}

/** German names of the Kommunikation fields the bridge writes (verify-after-write Tasks). */
export const KOMM_FIELD_LABELS: Record<'tlf' | 'kommKz' | 'online', string> = {
  tlf: 'Wert',
  kommKz: 'Art (kommKz)',
  online: 'Online-Kennzeichen',
};

/** A Kommunikation field value as a Task shows it: text quoted, flags as ja/nein, codes as numbers. */
export const shownKomm = (value: string | number | boolean | null): string =>
  typeof value === 'boolean' ? (value ? 'ja' : 'nein') : typeof value === 'number' ? String(value) : value === '' ? '(leer)' : shown(value);
