import { kommKzInfo } from './kommunikation/kommkz';
import type { RejectedKomm } from './kommunikation/verify';
import { FIELD_LABELS, KOMM_FIELD_LABELS, shown, shownKomm } from './notice-text';
import { MASTER_FIELD_MAP, masterFromAdvoware, type MasterData, type MasterField } from './mapping';
import type { SyncBase } from './sync-base';
import type { AdvowareBeteiligter } from './types';

/**
 * Verify-after-write for the Advoware party (bug 3). Advoware may ignore a field on PUT (known
 * for 8 Adressen fields, unknown for Beteiligte). Without a check, the next pass would see
 * "Advoware changed it back" and copy the old value over the user's EspoCRM edit, silently.
 */

export interface RejectedField {
  field: MasterField;
  /** What EspoCRM holds and the bridge sent. */
  wanted: string | null;
  /** What Advoware kept. */
  kept: string | null;
}

/** The Advoware attribute of a master field. */
export function advowareWireName(field: MasterField): string {
  return MASTER_FIELD_MAP.find((m) => m.field === field)?.advoware ?? field;
}

/** Fields among `written` whose value in Advoware's answer (or re-read) is not the one sent. */
export function rejectedFields(target: MasterData, written: readonly MasterField[], answer: AdvowareBeteiligter): RejectedField[] {
  const stored = masterFromAdvoware(answer, target.kind);
  return written.filter((field) => stored[field] !== target[field]).map((field) => ({ field, wanted: target[field], kept: stored[field] }));
}

/**
 * The next base once Advoware kept other values: the kept value is what both "agree" on, remembered as rejected.
 * Kommunikation refusals replace the earlier ones of the entries written in this pass (`kommWritten` ids).
 */
export function baseWithRejected(base: SyncBase, rejected: readonly RejectedField[], kommRejected: readonly RejectedKomm[] = [], kommWritten: readonly number[] = []): SyncBase {
  const earlier = (base.kommRejected ?? []).filter((r) => !kommWritten.includes(r.id));
  const komm = [...earlier, ...kommRejected];
  const withKomm: SyncBase = { ...base };
  if (komm.length > 0) withKomm.kommRejected = komm;
  else delete withKomm.kommRejected;
  if (rejected.length === 0) return withKomm;
  base = withKomm;
  const master = { ...base.master };
  const entries = { ...(base.rejected ?? {}) };
  for (const r of rejected) {
    master[r.field] = r.kept;
    entries[r.field] = { wanted: r.wanted, kept: r.kept };
  }
  return { ...base, master, rejected: entries };
}


export function rejectedNotice(betNr: number, rejected: readonly RejectedField[], kommRejected: readonly RejectedKomm[] = []): { title: string; message: string } {
  const lines = [
    ...rejected.map((r) => {
      const wire = advowareWireName(r.field);
      return `${FIELD_LABELS[r.field]} (Advoware-Feld ${wire}): gewünscht ${shown(r.wanted)}, Advoware behielt ${shown(r.kept)}`;
    }),
    ...kommRejected.map((r) => {
      const type = kommKzInfo(r.kommKz)?.name ?? `kommKz ${r.kommKz}`;
      return `Kommunikation ${r.id} (${type}), ${KOMM_FIELD_LABELS[r.field]} (Advoware-Feld ${r.field}): gewünscht ${shownKomm(r.wanted)}, Advoware behielt ${shownKomm(r.kept)}`;
    }),
  ];
  return {
    title: 'Advoware hat Änderungen nicht übernommen',
    message:
      `Advoware (Beteiligter ${betNr}) hat beim Speichern folgende Felder nicht übernommen:\n${lines.join('\n')}\n` +
      'Der EspoCRM-Wert bleibt unverändert stehen und wird nicht überschrieben; bitte in Advoware von Hand ändern.',
  };
}
