import type { Rng } from '../../sim/seed/prng';
import type { Simulators } from '../../sim/start-all';

/**
 * Expected calendar content per employee. Every Termin/event carries a unique tag as the first
 * word of its text/summary ("#C17 …"), so both sides can be matched without knowing ids.
 *
 * One item is edited on one side only until a calendar pass that started after that edit has
 * completed for its employee: then no conflict decides the outcome, and the expected content is
 * simply the last edit (with conflicts the configured policy `advoware` would win instead).
 */
export interface CalendarItem {
  tag: string;
  kuerzel: string;
  text: string;
  ort: string;
  deleted: boolean;
  /** Side allowed to edit until the lock is released; null = free. */
  lockedBy: 'advoware' | 'google' | null;
  lastEditAt: number;
}

export interface TrackedEmployee {
  kuerzel: string;
  email: string;
  calendarId: string | null;
}

const DAY_MS = 86_400_000;
export const plusDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);
const ORTE = ['AG Hannover', 'LG Hannover', 'OLG Celle', 'Kanzlei', 'AG Hildesheim', 'Videokonferenz'];
const WORDS = ['Verhandlung', 'Mandantengespräch', 'Frist', 'Besprechung', 'Termin', 'Güteverhandlung', 'Akteneinsicht'];

let tagCounter = 0;
export const tagOf = (text: string | null | undefined) => (text ?? '').split(' ')[0];

export class CalendarModel {
  readonly items = new Map<string, CalendarItem>();

  /**
   * Google-side creates (a new event without link → the sync creates the Advoware Termin) are on
   * by default. They once duplicated when `POST Termine` succeeded but the attempt failed
   * afterwards (seed 4711); a retried create now adopts the earlier Termin (activities/calendar.ts,
   * `findUnlinkedTwin`). CHAOS_GOOGLE_CREATES=0 leaves them out.
   */
  constructor(
    private readonly sims: Simulators,
    private readonly googleCreates = process.env.CHAOS_GOOGLE_CREATES !== '0',
  ) {}

  private newItem(kuerzel: string, rng: Rng, side: CalendarItem['lockedBy']): CalendarItem {
    const tag = `#C${++tagCounter}`;
    const item: CalendarItem = { tag, kuerzel, text: `${tag} ${rng.pick(WORDS)}`, ort: rng.pick(ORTE), deleted: false, lockedBy: side, lastEditAt: Date.now() };
    this.items.set(tag, item);
    return item;
  }

  seedTermin(kuerzel: string, rng: Rng): void {
    const item = this.newItem(kuerzel, rng, null);
    const start = rng.int(8, 16);
    this.sims.advoware.state.createTermin({ datum: plusDays(rng.int(1, 40)), uhrzeitVon: `${String(start).padStart(2, '0')}:00:00`, uhrzeitBis: `${String(start + 1).padStart(2, '0')}:00:00`, text: item.text, ort: item.ort, anwalt: kuerzel });
  }

  terminFor(item: CalendarItem) {
    return this.sims.advoware.state.listTermine({ kuerzel: item.kuerzel }).find((t) => t.frNr > 0 && tagOf(t.text) === item.tag);
  }

  eventFor(item: CalendarItem, calendarId: string) {
    return this.sims.google.state.listEvents(calendarId).find((e) => e.status !== 'cancelled' && tagOf(e.summary) === item.tag);
  }

  /** Releases locks of items last edited before `startedAt` for employees whose pass completed. */
  release(kuerzel: string[], startedAt: number): void {
    for (const item of this.items.values()) if (kuerzel.includes(item.kuerzel) && item.lastEditAt < startedAt) item.lockedBy = null;
  }

  /** One random calendar edit for this employee; returns its name, or null when nothing fit. */
  randomEdit(rng: Rng, employee: TrackedEmployee): string | null {
    const calendarId = employee.calendarId;
    if (!calendarId) return null;
    let side: 'advoware' | 'google' = rng.chance(0.5) ? 'advoware' : 'google';
    const editable = [...this.items.values()].filter((i) => i.kuerzel === employee.kuerzel && !i.deleted && (i.lockedBy === null || i.lockedBy === side));
    const op = rng.pick(['edit', 'edit', 'edit', 'create', 'delete'] as const);
    if ((op === 'create' || editable.length === 0) && side === 'google' && !this.googleCreates) side = 'advoware';
    const touch = (item: CalendarItem) => {
      item.lockedBy = side;
      item.lastEditAt = Date.now();
    };
    if (op === 'create' || editable.length === 0) {
      const item = this.newItem(employee.kuerzel, rng, side);
      const date = plusDays(rng.int(1, 40));
      const hour = rng.int(8, 16);
      if (side === 'advoware') {
        this.sims.advoware.state.createTermin({ datum: date, uhrzeitVon: `${String(hour).padStart(2, '0')}:30:00`, uhrzeitBis: `${String(hour + 1).padStart(2, '0')}:30:00`, text: item.text, ort: item.ort, anwalt: employee.kuerzel });
      } else {
        this.sims.google.state.insertEvent(calendarId, { summary: item.text, location: item.ort, start: { dateTime: `${date}T${String(hour).padStart(2, '0')}:00:00Z` }, end: { dateTime: `${date}T${String(hour + 1).padStart(2, '0')}:00:00Z` } });
      }
      return `${side}-create`;
    }
    const item = rng.pick(editable);
    const termin = this.terminFor(item);
    const event = this.eventFor(item, calendarId);
    // An item created on one side may not have reached the other side yet.
    if (side === 'advoware' && !termin) return null;
    if (side === 'google' && !event) return null;
    if (op === 'delete') {
      if (side === 'advoware') this.sims.advoware.state.deleteTermin(termin!.frNr);
      else this.sims.google.state.deleteEvent(calendarId, event!.id);
      item.deleted = true;
      touch(item);
      return `${side}-delete`;
    }
    item.text = `${item.tag} ${rng.pick(WORDS)} ${rng.int(1, 999)}`;
    if (rng.chance(0.5)) item.ort = rng.pick(ORTE);
    if (side === 'advoware') this.sims.advoware.state.updateTermin(termin!.frNr, { text: item.text, ort: item.ort });
    else this.sims.google.state.patchEvent(calendarId, event!.id, { summary: item.text, location: item.ort });
    touch(item);
    return `${side}-edit`;
  }
}
