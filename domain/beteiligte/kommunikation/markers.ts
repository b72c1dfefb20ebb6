import { base64DecodeText, base64EncodeText } from '../encoding';

/**
 * Our bookkeeping inside Advoware's free-text `bemerkung`:
 *   `[ESPOCRM:<base64 of the value as last synced>:<kommKz>] user text` — a synced entry;
 *     Base64 (not a hash) so the previous value can be read back when a user edits `tlf`.
 *   `[ESPOCRM-SLOT:<kommKz>]` — an entry we emptied because DELETE is not allowed; reusable.
 * Text a user wrote around the marker is kept and written back after it.
 */

export type ParsedBemerkung =
  | { type: 'marker'; value: string; kommKz: number; userText: string }
  | { type: 'slot'; kommKz: number; userText: string }
  | { type: 'none'; userText: string };

const MARKER = /\[ESPOCRM:([A-Za-z0-9+/=]*):(\d{1,3})\]/;
const SLOT = /\[ESPOCRM-SLOT:(\d{1,3})\]/;

function joinUserText(before: string, after: string): string {
  return `${before} ${after}`.replace(/\s+/g, ' ').trim();
}

export function parseBemerkung(bemerkung: string | null | undefined): ParsedBemerkung {
  const text = bemerkung ?? '';
  const marker = MARKER.exec(text);
  if (marker) {
    const value = base64DecodeText(marker[1]);
    if (value !== null) {
      const userText = joinUserText(text.slice(0, marker.index), text.slice(marker.index + marker[0].length));
      return { type: 'marker', value, kommKz: Number(marker[2]), userText };
    }
  }
  const slot = SLOT.exec(text);
  if (slot) {
    const userText = joinUserText(text.slice(0, slot.index), text.slice(slot.index + slot[0].length));
    return { type: 'slot', kommKz: Number(slot[1]), userText };
  }
  return { type: 'none', userText: text.replace(/\s+/g, ' ').trim() };
}

export function formatMarker(value: string, kommKz: number, userText = ''): string {
  const marker = `[ESPOCRM:${base64EncodeText(value)}:${kommKz}]`;
  const text = userText.trim();
  return text === '' ? marker : `${marker} ${text}`;
}

/** A user's remark stays after the slot marker: emptying the value never deletes their text. */
export function formatSlotMarker(kommKz: number, userText = ''): string {
  const marker = `[ESPOCRM-SLOT:${kommKz}]`;
  const text = userText.trim();
  return text === '' ? marker : `${marker} ${text}`;
}
