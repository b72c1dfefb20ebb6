import { ADRESSE_FIELDS, type AdresseValues } from './fields';

/** What both sides agreed on per linked address after the last pass (stored on the party as JSON). */
export interface AdresseLink {
  advoId: number;
  values: AdresseValues;
  /** Field → the EspoCRM value a Task already asked a human to set in Advoware (no second Task). */
  open?: Record<string, unknown>;
  /** A Task was created for this link's deletion (EspoCRM side gone) or disappearance (Advoware side gone). */
  deleteTask?: boolean;
  missingTask?: boolean;
}

export interface AdressenBase {
  v: 1;
  /** EspoCRM address id → link. */
  links: Record<string, AdresseLink>;
}

export const EMPTY_BASE: AdressenBase = { v: 1, links: {} };

/** Tolerant: an unreadable base is treated as none (every linked pair is then a first sync). */
export function parseAdressenBase(raw: unknown): AdressenBase {
  if (typeof raw !== 'string' || raw.trim() === '') return { v: 1, links: {} };
  try {
    const parsed = JSON.parse(raw) as Partial<AdressenBase>;
    if (parsed?.v !== 1 || typeof parsed.links !== 'object' || parsed.links === null) return { v: 1, links: {} };
    const links: Record<string, AdresseLink> = {};
    for (const [espoId, link] of Object.entries(parsed.links)) {
      if (!link || typeof link.advoId !== 'number' || typeof link.values !== 'object' || link.values === null) continue;
      const values = {} as AdresseValues;
      for (const field of ADRESSE_FIELDS) values[field] = (link.values as Record<string, unknown>)[field] as AdresseValues[typeof field] ?? null;
      links[espoId] = { ...link, values };
    }
    return { v: 1, links };
  } catch {
    return { v: 1, links: {} };
  }
}

/** Stable JSON (sorted link ids) so an unchanged base compares equal and is not rewritten. */
export function serialiseAdressenBase(base: AdressenBase): string {
  const links = Object.fromEntries(
    Object.keys(base.links)
      .sort()
      .map((id) => {
        const { advoId, values, open, deleteTask, missingTask } = base.links[id];
        const link: AdresseLink = { advoId, values };
        if (open && Object.keys(open).length > 0) link.open = Object.fromEntries(Object.keys(open).sort().map((k) => [k, open[k]]));
        if (deleteTask) link.deleteTask = true;
        if (missingTask) link.missingTask = true;
        return [id, link];
      }),
  );
  return JSON.stringify({ v: 1, links });
}
