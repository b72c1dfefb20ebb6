import { Rng } from './prng';
import type { SeedData, SeedOptions } from './types';
import { parseDate } from './dates';
import { generateEmployees } from './employees';
import { type Party, generateCompany, generatePerson } from './parties';
import { toAdvoSeed, toEspoSeed } from './beteiligte';
import { generateTermine } from './termine';

export const SEED_DEFAULTS = { seed: 42, persons: 30, companies: 10, employees: 5, terminePerEmployee: 20 } as const;

function count(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0, got ${n}`);
  return n;
}

/**
 * Deterministic seed data: the same options always give byte-identical output. Each section
 * draws from its own PRNG stream, so e.g. more Termine do not reshuffle the Beteiligte.
 */
export function generateSeed(options: SeedOptions): SeedData {
  parseDate(options.startDate);
  const seed = count(options.seed, SEED_DEFAULTS.seed, 'seed');
  const persons = count(options.persons, SEED_DEFAULTS.persons, 'persons');
  const companies = count(options.companies, SEED_DEFAULTS.companies, 'companies');
  const advowareOnly = count(options.advowareOnly, Math.ceil((persons + companies) / 4), 'advowareOnly');
  const employeeCount = count(options.employees, SEED_DEFAULTS.employees, 'employees');
  const terminePerEmployee = count(options.terminePerEmployee, SEED_DEFAULTS.terminePerEmployee, 'terminePerEmployee');

  // One name registry across both systems: Advoware-only parties must not match an EspoCRM record.
  const takenNames = new Set<string>();
  const espoRng = Rng.fork(seed, 'espo');
  const espoParties: Party[] = [
    ...Array.from({ length: persons }, () => generatePerson(espoRng, takenNames)),
    ...Array.from({ length: companies }, () => generateCompany(espoRng, takenNames)),
  ];

  const advoRng = Rng.fork(seed, 'advoware');
  const advoParties = Array.from({ length: advowareOnly }, () =>
    advoRng.chance(0.7) ? generatePerson(advoRng, takenNames) : generateCompany(advoRng, takenNames),
  );

  const employees = generateEmployees(Rng.fork(seed, 'employees'), employeeCount);
  return {
    employees,
    espoBeteiligte: espoParties.map(toEspoSeed),
    advowareBeteiligte: advoParties.map((party) => toAdvoSeed(advoRng, party)),
    termine: generateTermine(Rng.fork(seed, 'termine'), employees, terminePerEmployee, options.startDate),
  };
}
