import { generateSeed } from '../../sim/seed';
import type { EmployeeSeed, EspoSeed, TerminSeed } from '../../sim/seed';
import { ENTITY } from './beteiligte';
import type { BenchStack } from './stack';

const today = () => new Date().toISOString().slice(0, 10);

/** Creates unlinked EspoCRM records (German seed data, deterministic) and returns their ids. */
export function createUnlinkedRecords(stack: BenchStack, counts: { persons: number; companies?: number; seed?: number }): string[] {
  const data = generateSeed({ seed: counts.seed ?? 42, persons: counts.persons, companies: counts.companies ?? 0, advowareOnly: 0, employees: 0, terminePerEmployee: 0, startDate: today() });
  return data.espoBeteiligte.map((record: EspoSeed) => stack.sims.espocrm.state.createRecord(ENTITY, { ...record }).id as string);
}

/**
 * Adds employees (all active, so every one is synced) with their generated Termine to the
 * Advoware simulator. Special entries (negative frNr) are added too; the sync skips them.
 */
export function seedCalendars(stack: BenchStack, options: { employees: number; terminePerEmployee: number; seed?: number; rename?: (e: EmployeeSeed) => EmployeeSeed }): { employees: EmployeeSeed[]; termine: number } {
  const data = generateSeed({ seed: options.seed ?? 42, persons: 0, companies: 0, advowareOnly: 0, employees: options.employees, terminePerEmployee: options.terminePerEmployee, startDate: today() });
  const rename = options.rename ?? ((e: EmployeeSeed) => e);
  const byKuerzel = new Map<string, EmployeeSeed>();
  for (const employee of data.employees) {
    const renamed = { ...rename(employee), aktiv: true };
    byKuerzel.set(employee.kuerzel, renamed);
    stack.sims.advoware.state.addEmployee(renamed);
  }
  let termine = 0;
  for (const { special, ...termin } of data.termine as TerminSeed[]) {
    const anwalt = byKuerzel.get(termin.anwalt)?.kuerzel ?? termin.anwalt;
    if (special) stack.sims.advoware.state.createSpecialTermin({ ...termin, anwalt });
    else {
      stack.sims.advoware.state.createTermin({ ...termin, anwalt });
      termine += 1;
    }
  }
  return { employees: [...byKuerzel.values()], termine };
}
