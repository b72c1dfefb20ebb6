import { createHash } from 'node:crypto';

/** Lower-case hex MD5 of the UTF-8 bytes (the Kommunikation hash format the old system stored). */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}
