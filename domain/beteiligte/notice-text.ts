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
