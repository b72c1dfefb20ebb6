import type { Rng } from './prng';
import type { EmployeeSeed, TerminSeed } from './types';
import { addDays, dstSwitchDays, formatTime, isWeekend } from './dates';
import {
  ALL_DAY_TEXTS,
  PRIVATE_ALL_DAY_TEXTS,
  PRIVATE_TIMED_TEXTS,
  RECURRING_TEXTS,
  businessTermin,
  multiDayTermin,
} from './termin-texts';
import { specialTermin } from './special-termine';

export const WINDOW_PAST_DAYS = 30;
export const WINDOW_FUTURE_DAYS = 90;

export type TerminKind = 'timed' | 'allDay' | 'multiDay' | 'recurring' | 'private' | 'dst';

/** Every kind appears once per employee (when the count allows) before the random mix starts. */
const GUARANTEED: readonly TerminKind[] = ['timed', 'allDay', 'multiDay', 'recurring', 'private'];
const MIX = { timed: 60, allDay: 10, multiDay: 8, recurring: 8, private: 14 } as const;

interface Window {
  from: string;
  to: string;
  dstDays: string[];
}

function anyDay(rng: Rng, window: Window): string {
  return addDays(window.from, rng.int(0, WINDOW_PAST_DAYS + WINDOW_FUTURE_DAYS));
}

function workday(rng: Rng, window: Window): string {
  for (;;) {
    const day = anyDay(rng, window);
    if (!isWeekend(day)) return day;
  }
}

function times(rng: Rng, earliest = 8 * 60, latest = 16 * 60 + 30): { uhrzeitVon: string; uhrzeitBis: string } {
  const start = earliest + rng.int(0, (latest - earliest) / 15) * 15;
  const end = Math.min(start + rng.pick([30, 45, 60, 90, 120, 180]), 19 * 60);
  return { uhrzeitVon: formatTime(start), uhrzeitBis: formatTime(end) };
}

function build(rng: Rng, kind: TerminKind, anwalt: string, window: Window): TerminSeed {
  const base = { anwalt, ganztaegig: false, privat: false };
  switch (kind) {
    case 'timed': {
      const t = businessTermin(rng);
      return { ...base, datum: workday(rng, window), ...times(rng), text: t.text, ...(t.ort && { ort: t.ort }), ...(t.notiz && { notiz: t.notiz }) };
    }
    case 'allDay':
      return { ...base, datum: workday(rng, window), text: rng.pick(ALL_DAY_TEXTS), ganztaegig: true };
    case 'multiDay': {
      const t = multiDayTermin(rng);
      const datum = workday(rng, window);
      const datumBis = addDays(datum, t.timed ? rng.int(1, 2) : rng.int(2, 9));
      const place = t.ort ? { ort: t.ort } : {};
      return t.timed
        ? { ...base, datum, datumBis, uhrzeitVon: '09:00:00', uhrzeitBis: '16:30:00', text: t.text, ...place }
        : { ...base, datum, datumBis, text: t.text, ganztaegig: true, ...place };
    }
    case 'recurring': {
      const datum = workday(rng, window);
      const daily = rng.chance(0.2);
      return {
        ...base,
        datum,
        ...times(rng, 8 * 60, 10 * 60),
        text: daily ? 'Fristenkontrolle' : rng.pick(RECURRING_TEXTS),
        ort: 'Kanzlei, Besprechungsraum 1',
        turnus: 1,
        turnusArt: daily ? 1 : 2,
        turnusBis: addDays(datum, daily ? rng.int(4, 10) : 7 * rng.int(4, 12)),
      };
    }
    case 'private':
      return rng.chance(0.75)
        ? { ...base, datum: anyDay(rng, window), ...times(rng, 7 * 60, 18 * 60), text: rng.pick(PRIVATE_TIMED_TEXTS), privat: true }
        : { ...base, datum: anyDay(rng, window), text: rng.pick(PRIVATE_ALL_DAY_TEXTS), ganztaegig: true, privat: true };
    case 'dst':
      return dstTermin(rng, anwalt, rng.pick(window.dstDays));
  }
}

/** Sundays when Europe/Berlin changes offset: one spans the switch hour, the others sit beside it. */
function dstTermin(rng: Rng, anwalt: string, datum: string): TerminSeed {
  const base = { anwalt, datum, privat: false };
  switch (rng.int(0, 2)) {
    case 0:
      return { ...base, uhrzeitVon: '01:30:00', uhrzeitBis: '03:30:00', text: 'Nachtbereitschaft Strafverteidiger-Notdienst', ganztaegig: false };
    case 1:
      return { ...base, uhrzeitVon: '10:00:00', uhrzeitBis: '11:00:00', text: 'Bereitschaft Strafverteidiger-Notdienst', ganztaegig: false };
    default:
      return { ...base, text: 'Wochenendseminar Verkehrsrecht', ganztaegig: true };
  }
}

export function generateTermine(rng: Rng, employees: readonly EmployeeSeed[], perEmployee: number, startDate: string): TerminSeed[] {
  const from = addDays(startDate, -WINDOW_PAST_DAYS);
  const to = addDays(startDate, WINDOW_FUTURE_DAYS);
  const window: Window = { from, to, dstDays: dstSwitchDays(from, to) };
  const guaranteed: TerminKind[] = [...GUARANTEED, ...(window.dstDays.length > 0 ? (['dst'] as const) : [])];

  const termine: TerminSeed[] = [];
  for (const employee of employees) {
    for (let i = 0; i < perEmployee; i++) {
      const kind = guaranteed[i] ?? rng.weighted(MIX);
      termine.push(build(rng, kind, employee.kuerzel, window));
    }
    if (perEmployee > 0) termine.push(specialTermin(rng, employee.kuerzel, window.from, window.to));
  }
  return termine;
}
