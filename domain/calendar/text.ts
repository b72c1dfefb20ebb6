/**
 * Text normalisation applied identically to both sides before comparing or hashing, so
 * cosmetic differences (CRLF, trailing blanks, decomposed umlauts, the HTML Google's web UI
 * wraps descriptions in) never look like an edit and never cause ping-pong updates.
 */

// Only the tags Google's editor produces, so text like "<Mandant>" in a Notiz survives.
const HTML_TAG = /<\/?(br|p|div|span|b|i|u|strong|em|a|ul|ol|li|h[1-6]|font)\b[^>]*>/gi;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  if (!new RegExp(HTML_TAG.source, 'i').test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(HTML_TAG, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '');
}

export function normaliseText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .trim();
}

/** Descriptions and Notizen may carry HTML from Google's editor. */
export function normaliseNote(value: string | null | undefined): string {
  return normaliseText(htmlToText(value ?? ''));
}
