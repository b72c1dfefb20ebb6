import type { Command } from 'commander';
import { createEspoCrmClient } from '../../clients/espocrm';
import { ConfigError, loadConfig } from '../../config';
import { UsageError, type CliOutput } from '../context';
import { checkAdvoware, type CheckResult } from '../doctor/advoware';
import { checkEspoCrm } from '../doctor/espocrm';

const MARK = { ok: '✓', info: '·', warn: '!', mismatch: '✗' } as const;

export function formatDoctor(results: readonly CheckResult[]): { text: string; mismatches: number; warnings: number } {
  const lines: string[] = [];
  let mismatches = 0;
  let warnings = 0;
  for (const result of results) {
    lines.push(result.name);
    for (const finding of result.findings) {
      if (finding.level === 'mismatch') mismatches += 1;
      if (finding.level === 'warn') warnings += 1;
      lines.push(`  ${MARK[finding.level]} ${finding.message}`);
    }
  }
  lines.push(`doctor: ${mismatches} mismatch${mismatches === 1 ? '' : 'es'}, ${warnings} warning${warnings === 1 ? '' : 's'} — ${mismatches ? 'FAILED' : 'OK'}`);
  return { text: lines.join('\n'), mismatches, warnings };
}

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
};

export function registerDoctor(program: Command, out: () => CliOutput): void {
  program
    .command('doctor')
    .description('read-only check of the configured Advoware tenant and EspoCRM instance against what the product expects (exit 1 on any mismatch)')
    .option('--betnr <n>', 'Beteiligter to read (default: the betnr of the first linked EspoCRM record)', positiveInt('--betnr'))
    .option('--kuerzel <K>', 'employee whose Termine window is read (default: the first active one)')
    .action(async (opts: { betnr?: number; kuerzel?: string }) => {
      let config;
      try {
        config = loadConfig();
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(err.message);
        throw err;
      }
      const espocrm = createEspoCrmClient(config.espocrm);
      try {
        const entity = config.espocrm.entity;
        const children = {
          parentEntity: entity,
          linkField: config.espocrm.partyLinkField,
          bankverbindungenEntity: config.espocrm.bankverbindungenEntity,
          adressenEntity: config.espocrm.adressenEntity,
        };
        const espoResults = await checkEspoCrm(espocrm, entity, config.espocrm.taskRouting.assignee, children);
        const linked = opts.betnr ?? (await firstLinkedBetNr(espocrm, entity));
        const advowareResults = await checkAdvoware(config.advoware, {
          betNr: linked,
          kuerzel: opts.kuerzel,
          pastDays: config.calendar.pastDays,
          futureDays: config.calendar.futureDays,
        });
        const results = [...advowareResults, ...espoResults];
        const { text, mismatches, warnings } = formatDoctor(results);
        out().print(text, { ok: mismatches === 0, mismatches, warnings, checks: results });
        if (mismatches) process.exitCode = 1;
      } finally {
        await espocrm.close();
      }
    });
}

async function firstLinkedBetNr(espocrm: ReturnType<typeof createEspoCrmClient>, entity: string): Promise<number | undefined> {
  const page = await espocrm.list(entity, { maxSize: 1, select: ['betnr'], where: [{ type: 'isNotNull', attribute: 'betnr' }] }).catch(() => undefined);
  const betnr = Number(page?.list[0]?.betnr);
  return Number.isInteger(betnr) && betnr > 0 ? betnr : undefined;
}
