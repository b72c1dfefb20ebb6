// Every workflow the worker registers. Deterministic code only: this folder is bundled and replayed.
export { ping } from './ping';
export { beteiligteSync } from './beteiligte-sync';
export { beteiligteSweep } from './beteiligte-sweep';
export { calendarSyncEmployee } from './calendar-sync-employee';
export { calendarSyncAll } from './calendar-sync-all';
export { bankverbindungSync } from './bankverbindung-sync';
export { adresseEvent } from './adresse-event';
export { webhookIntake } from './webhook-intake';
