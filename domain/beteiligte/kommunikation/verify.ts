import type { AdvowareBeteiligter, AdvowareKommunikation } from '../types';
import { detectKommKz } from './detect';
import { espoTargetForKommKz, isValidKommKz, kindOfTarget } from './kommkz';
import { normaliseKommValue } from './keys';
import { formatMarker, formatSlotMarker, parseBemerkung } from './markers';
import type { AdvowareKommCreate, AdvowareKommUpdate } from './plan';

/**
 * Verify-after-write for Kommunikation entries (the master-data check is verify-write.ts).
 * Advoware may not keep what a POST/PUT sent — a tenant with read-only fields, a kommKz it
 * replaces, an online flag it drops. Unchecked, the next pass reads the kept value and takes it
 * for an Advoware-side edit: a phone number the user changed in EspoCRM is copied back (Var6),
 * a value the user deleted comes back (Var4), a type Advoware refused is POSTed again every pass.
 *
 * Each written entry is compared with the write's answer, or with the re-read where the answer
 * lacks a field (online is optional; kommKz 0 is the documented read bug and means "unknown",
 * never "refused"). A refused field is remembered in the base (`kommRejected`) with what was
 * wanted and what Advoware kept; while the entry still holds the kept value the plan sees the
 * wanted one, so it neither re-sends it nor copies the kept value over EspoCRM.
 */

export type KommField = 'tlf' | 'kommKz' | 'online';

export interface RejectedKomm {
  /** The Advoware entry (Kommunikation id). */
  id: number;
  field: KommField;
  wanted: string | number | boolean;
  kept: string | number | boolean | null;
  /** The entry's kommKz (the one sent, for a create) — names the type in the Task. */
  kommKz: number;
}

export type KommWrite =
  | { kind: 'create'; sent: AdvowareKommCreate; answer: AdvowareKommunikation | null }
  | { kind: 'update'; sent: AdvowareKommUpdate; answer: AdvowareKommunikation | null };

function sameValue(kommKz: number, a: string | null | undefined, b: string | null | undefined): boolean {
  const target = espoTargetForKommKz(kommKz);
  if (target === null) return (a ?? '').trim() === (b ?? '').trim();
  const kind = kindOfTarget(target);
  return normaliseKommValue(kind, a ?? '') === normaliseKommValue(kind, b ?? '');
}

/**
 * The refused fields of this pass's Kommunikation writes. `before` is the party as read before
 * the writes (for an updated entry's kommKz), `reread` the entries after them (may be empty
 * when nothing was re-read; then only the answers count).
 */
export function rejectedKommunikation(writes: readonly KommWrite[], before: AdvowareBeteiligter, reread: readonly AdvowareKommunikation[]): RejectedKomm[] {
  const out: RejectedKomm[] = [];
  for (const write of writes) {
    const answer = write.answer;
    const id = write.kind === 'update' ? write.sent.id : answer?.id;
    const stored =
      reread.find((k) => k.id === id) ?? (write.kind === 'create' && !answer ? reread.find((k) => k.bemerkung === write.sent.bemerkung) : undefined);
    const entryId = id ?? stored?.id;
    if (entryId === undefined) continue; // nothing to compare with
    // The answer first; the re-read for what the answer lacks (or reports as the kommKz-0 bug).
    const tlf = answer ? answer.tlf : stored?.tlf;
    const online = typeof answer?.online === 'boolean' ? answer.online : stored?.online;
    const kommKzRead = [answer?.kommKz, stored?.kommKz].find((kz) => typeof kz === 'number' && isValidKommKz(kz));
    const previous = (before.kommunikation ?? []).find((k) => k.id === entryId);
    const kommKz = write.kind === 'create' ? write.sent.kommKz : previous ? detectKommKz(previous, before) : (kommKzRead ?? 0);
    if (tlf !== undefined && !sameValue(kommKz, tlf, write.sent.tlf)) out.push({ id: entryId, field: 'tlf', wanted: write.sent.tlf, kept: tlf, kommKz });
    if (write.kind === 'create' && kommKzRead !== undefined && kommKzRead !== write.sent.kommKz) {
      out.push({ id: entryId, field: 'kommKz', wanted: write.sent.kommKz, kept: kommKzRead, kommKz });
    }
    if (typeof online === 'boolean' && online !== write.sent.online) out.push({ id: entryId, field: 'online', wanted: write.sent.online, kept: online, kommKz });
  }
  return out;
}

/** Whether the entry still holds what Advoware kept (kommKz 0 = the read bug: cannot tell, assume so). */
function stillKept(entry: AdvowareKommunikation, r: RejectedKomm): boolean {
  if (r.field === 'tlf') return sameValue(r.kommKz, entry.tlf, typeof r.kept === 'string' ? r.kept : null);
  if (r.field === 'kommKz') return entry.kommKz === r.kept || !isValidKommKz(entry.kommKz);
  return (entry.online ?? null) === r.kept;
}

/**
 * The entries as the plan should see them: where an earlier write was refused and the entry
 * still holds the kept value, the wanted value (with our marker naming it). Returns the
 * refusals that still hold, to carry into the next base; the others are dropped (Advoware or
 * the entry moved on, so the normal rules apply again).
 */
export function applyHeldKommRejections(
  entries: readonly AdvowareKommunikation[],
  rejected: readonly RejectedKomm[] | undefined,
): { entries: AdvowareKommunikation[]; held: RejectedKomm[] } {
  if (!rejected || rejected.length === 0) return { entries: [...entries], held: [] };
  const held: RejectedKomm[] = [];
  const result = entries.map((entry) => {
    let view = entry;
    for (const r of rejected) {
      if (r.id !== entry.id || !stillKept(entry, r)) continue;
      held.push(r);
      if (r.field === 'kommKz' && typeof r.wanted === 'number') view = { ...view, kommKz: r.wanted };
      if (r.field === 'online' && typeof r.wanted === 'boolean') view = { ...view, online: r.wanted };
      if (r.field === 'tlf' && typeof r.wanted === 'string') {
        const userText = parseBemerkung(view.bemerkung).userText;
        view = { ...view, tlf: r.wanted, bemerkung: r.wanted === '' ? formatSlotMarker(r.kommKz, userText) : formatMarker(r.wanted, r.kommKz, userText) };
      }
    }
    return view;
  });
  return { entries: result, held };
}

/** Stable order so an unchanged base never looks changed. */
export function sortRejectedKomm(list: readonly RejectedKomm[]): RejectedKomm[] {
  const order: Record<KommField, number> = { tlf: 0, kommKz: 1, online: 2 };
  return [...list].sort((a, b) => a.id - b.id || order[a.field] - order[b.field]);
}

/** Tolerant parse of stored refusals: unreadable entries are dropped (the entry then syncs normally). */
export function parseRejectedKomm(raw: unknown): RejectedKomm[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const out = raw.filter(
    (r): r is RejectedKomm =>
      typeof r === 'object' && r !== null &&
      Number.isInteger((r as RejectedKomm).id) &&
      ['tlf', 'kommKz', 'online'].includes((r as RejectedKomm).field) &&
      scalar((r as RejectedKomm).wanted) &&
      ((r as RejectedKomm).kept === null || scalar((r as RejectedKomm).kept)) &&
      Number.isInteger((r as RejectedKomm).kommKz),
  );
  return out.length > 0 ? sortRejectedKomm(out.map(({ id, field, wanted, kept, kommKz }) => ({ id, field, wanted, kept, kommKz }))) : undefined;
}
