import type { Rng } from './prng';
import type { TerminSeed } from './types';
import { addDays, isWeekend, parseDate } from './dates';

const windowDays = (from: string, to: string) => Math.round((parseDate(to) - parseDate(from)) / 86_400_000);

/** Fixed-date public holidays in Lower Saxony (movable feasts are left out on purpose). */
const HOLIDAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '01-01', name: 'Neujahr' },
  { monthDay: '05-01', name: 'Tag der Arbeit' },
  { monthDay: '10-03', name: 'Tag der Deutschen Einheit' },
  { monthDay: '10-31', name: 'Reformationstag' },
  { monthDay: '12-25', name: '1. Weihnachtstag' },
  { monthDay: '12-26', name: '2. Weihnachtstag' },
];

function holidaysBetween(from: string, to: string): { datum: string; name: string }[] {
  const found: { datum: string; name: string }[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of HOLIDAYS) {
      const datum = `${year}-${h.monthDay}`;
      if (datum >= from && datum <= to) found.push({ datum, name: h.name });
    }
  }
  return found;
}

/**
 * Entries Advoware derives itself (Vorfristen, holidays, travel time). They get negative
 * frNr in the simulator and must never be synced or written back.
 */
export function specialTermin(rng: Rng, anwalt: string, from: string, to: string): TerminSeed {
  const base = { anwalt, privat: false, special: true };
  const holidays = holidaysBetween(from, to);
  let datum = to;
  do datum = addDays(from, rng.int(0, windowDays(from, to)));
  while (isWeekend(datum));
  switch (holidays.length > 0 ? rng.int(0, 2) : rng.int(0, 1)) {
    case 0:
      return { ...base, datum, text: `Vorfrist: Berufungsbegründung Akte ${rng.int(1, 499)}/25`, ganztaegig: true };
    case 1:
      return { ...base, datum, uhrzeitVon: '07:30:00', uhrzeitBis: '08:30:00', text: 'Reisezeit Hannover → Celle', ganztaegig: false };
    default: {
      const holiday = rng.pick(holidays);
      return { ...base, datum: holiday.datum, text: `Feiertag: ${holiday.name}`, ganztaegig: true };
    }
  }
}
