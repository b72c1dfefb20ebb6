import type { Command } from 'commander';
import { UsageError, withTemporal, type CliOutput } from '../context';
import { collectShadowReport, formatShadowReport } from '../report/shadow';

export function registerReport(program: Command, out: () => CliOutput): void {
  const report = program.command('report').description('reports over the sync workflows');
  report
    .command('shadow')
    .description('what shadow passes (BETEILIGTE_MODE / CALENDAR_MODE = shadow) would have written: counts by kind and field, records that would change most')
    .option('--top <n>', 'records to list', '10')
    .action(async (opts: { top: string }) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number >= 0, got "${opts.top}"`);
      await withTemporal(async (t) => {
        const result = await collectShadowReport(t.client, t.taskQueue);
        out().print(formatShadowReport(result, top), result);
      });
    });
}
