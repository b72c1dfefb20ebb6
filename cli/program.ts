import { Command, CommanderError } from 'commander';
import { createOutput, UsageError, type CliOutput } from './context';
import { registerBeteiligteCommands } from './commands/beteiligte';
import { registerBankverbindungCommands } from './commands/bankverbindung';
import { registerCalendarCommands } from './commands/calendar';
import { registerDoctor } from './commands/doctor';
import { registerEspoCrmCommands } from './commands/espocrm';
import { registerPing } from './commands/ping';
import { registerReport } from './commands/report';
import { registerScheduleCommands } from './commands/schedules';
import { registerSim } from './commands/sim';
import { registerStatus } from './commands/status';
import { registerTemporalSetup } from './commands/temporal-setup';

/** Builds the `advoware-bridge` command tree. Exit codes: 0 ok, 1 failure, 2 usage. */
export function buildProgram(): Command {
  const program = new Command('advoware-bridge')
    .description('Operate the EspoCRM ↔ Advoware ↔ Google Calendar sync')
    .option('--json', 'machine-readable output')
    .showHelpAfterError()
    .exitOverride();
  const out = (): CliOutput => createOutput(Boolean(program.opts().json));
  registerPing(program, out);
  registerTemporalSetup(program, out);
  registerSim(program, out);
  const resync = program.command('resync').description('force a sync (beteiligte <espoId> | calendar <kuerzel>)');
  registerBeteiligteCommands(program, resync, out);
  registerBankverbindungCommands(resync, out);
  registerCalendarCommands(program, resync, out);
  registerStatus(program, out);
  registerScheduleCommands(program, out);
  registerEspoCrmCommands(program, out);
  registerDoctor(program, out);
  registerReport(program, out);
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    // Checks that found problems (doctor, espocrm check, calendar sync, calendar verify) set
    // process.exitCode = 1 and still print a report; calendar reset without --yes sets 2.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help/version are "errors" to commander but successes to the user.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
