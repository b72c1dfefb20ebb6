import { randomBytes } from 'node:crypto';

/** EspoCRM ids: 17 lowercase hex characters. */
export function newId(): string {
  return randomBytes(9).toString('hex').slice(0, 17);
}

/** EspoCRM datetime wire format: UTC `YYYY-MM-DD HH:mm:ss`. */
export function espoDateTime(date: Date = new Date()): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
