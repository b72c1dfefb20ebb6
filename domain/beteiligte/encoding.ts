/** Base64 of UTF-8 text, as the Kommunikation markers store values (`[ESPOCRM:<base64>:<kommKz>]`). */

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function base64EncodeText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Strict: null when the text is not padded standard Base64 or its bytes are not UTF-8. Buffer's
 * own decoder skips bad characters, which would turn a damaged marker into a wrong value.
 */
export function base64DecodeText(text: string): string | null {
  if (!STRICT_BASE64.test(text)) return null;
  try {
    return utf8.decode(Buffer.from(text, 'base64'));
  } catch {
    return null;
  }
}
