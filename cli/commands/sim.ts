import type { Command } from 'commander';
import { DEFAULT_SIM_PORTS, seedSimulators, startSimulators } from '../../sim/start-all';
import { UsageError, type CliOutput } from '../context';

/** `advoware-bridge sim`: the three simulators on fixed ports, seeded, until Ctrl-C. */
export function registerSim(program: Command, out: () => CliOutput): void {
  program
    .command('sim')
    .description('run the EspoCRM, Advoware and Google Calendar simulators (seeded) until Ctrl-C')
    .option('--persons <n>', 'EspoCRM persons to seed', '20')
    .option('--companies <n>', 'EspoCRM companies to seed', '10')
    .option('--employees <n>', 'Advoware employees (Kürzel) to seed', '3')
    .option('--termine <n>', 'Termine per employee', '40')
    .option('--seed <n>', 'random seed (same seed, same data)', '42')
    .action(async (opts: Record<string, string>) => {
      const numbers = Object.fromEntries(
        Object.entries(opts).map(([k, v]) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${k} must be a whole number >= 0, got "${v}"`);
          return [k, n];
        }),
      );
      const sims = await startSimulators({ ports: DEFAULT_SIM_PORTS, webhookIntervalMs: 5_000 });
      const data = seedSimulators(sims, {
        seed: numbers.seed,
        persons: numbers.persons,
        companies: numbers.companies,
        employees: numbers.employees,
        terminePerEmployee: numbers.termine,
        startDate: new Date().toISOString().slice(0, 10),
      });
      const lines = [
        `Advoware   ${sims.advoware.url}   (configurator ${sims.advoware.configuratorUrl}, admin ${sims.advoware.url}/__admin/counts)`,
        `EspoCRM    ${sims.espocrm.apiBaseUrl}   (admin ${sims.espocrm.url}/__admin/counts, flush webhooks: POST ${sims.espocrm.url}/__admin/webhooks/flush)`,
        `Google     ${sims.google.url}   (admin ${sims.google.url}/__admin/counts)`,
        `Seeded: ${data.employees.length} employees, ${data.termine.length} Termine, ${data.espoBeteiligte.length} EspoCRM records, ${data.advowareBeteiligte.length} Advoware-only parties.`,
        'Faults: POST <sim>/__admin/faults {"method":"GET","path":"/…","status":503,"times":3}. Ctrl-C to stop.',
      ];
      out().print(lines.join('\n'), { advoware: sims.advoware.url, espocrm: sims.espocrm.apiBaseUrl, google: sims.google.url });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sims.close();
    });
}
