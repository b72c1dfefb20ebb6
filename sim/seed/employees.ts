import type { Rng } from './prng';
import type { EmployeeSeed } from './types';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, transliterate } from './names';

/** The Kürzel the original system's docs use as examples, so demos and docs line up. */
const FIXED: readonly Omit<EmployeeSeed, 'email' | 'aktiv'>[] = [
  { kuerzel: 'SB', vorname: 'Susanne', name: 'Bäcker' },
  { kuerzel: 'AI', vorname: 'Andreas', name: 'Illner' },
  { kuerzel: 'RO', vorname: 'Renate', name: 'Oßwald' },
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function letters(text: string): string {
  return transliterate(text).toUpperCase().replace(/[^A-Z]/g, '');
}

/** Initials first (as firms do), then a third letter, then anything free. */
function kuerzelFor(rng: Rng, vorname: string, name: string, taken: Set<string>): string {
  const first = letters(vorname);
  const last = letters(name);
  const candidates = [first[0] + last[0], first[0] + last.slice(0, 2), first.slice(0, 2) + last[0], first[0] + last[0] + last[last.length - 1]];
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate;
  for (;;) {
    const candidate = first[0] + rng.pick([...LETTERS]) + rng.pick([...LETTERS]);
    if (!taken.has(candidate)) return candidate;
  }
}

export function generateEmployees(rng: Rng, count: number): EmployeeSeed[] {
  if (count > LETTERS.length ** 3) throw new Error(`at most ${LETTERS.length ** 3} employees fit into 3-letter Kürzel`);
  const taken = new Set<string>();
  const employees: EmployeeSeed[] = [];
  for (let i = 0; i < count; i++) {
    const fixed = FIXED[i];
    const vorname = fixed?.vorname ?? rng.pick(rng.chance(0.5) ? MALE_FIRST_NAMES : FEMALE_FIRST_NAMES);
    const name = fixed?.name ?? rng.pick(LAST_NAMES);
    const kuerzel = fixed?.kuerzel ?? kuerzelFor(rng, vorname, name, taken);
    taken.add(kuerzel);
    // One in eight has left the firm; the first stays active so small seeds always sync something.
    const aktiv = i === 0 || !rng.chance(0.125);
    employees.push({ kuerzel, name, vorname, email: `${kuerzel.toLowerCase()}@kanzlei.example`, aktiv });
  }
  return employees;
}
