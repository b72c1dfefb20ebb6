import type { Command } from 'commander';
import { withTemporal, type CliOutput } from '../context';
import { bankverbindungStatus, describeBankverbindung } from './bankverbindung';
import { beteiligteStatus, checkEspoId, describeBeteiligte } from './beteiligte';
import { calendarStatus, checkKuerzel, describeCalendar } from './calendar';

/** Kürzel are short (≤ 10); EspoCRM ids are 17 hex characters. */
const looksLikeKuerzel = (id: string) => /^[A-Za-z]{1,10}$/.test(id);

export function registerStatus(program: Command, out: () => CliOutput): void {
  program
    .command('status')
    .description('show the sync state of a record (EspoCRM id of a party or bank account) or an employee calendar (Kürzel)')
    .argument('<espoIdOrKuerzel>')
    .action(async (id: string) => {
      await withTemporal(async (t) => {
        if (looksLikeKuerzel(id)) {
          const status = await calendarStatus(t, checkKuerzel(id));
          if (!status) throw new Error(`no calendar workflow for ${id.toUpperCase()} yet (run: advoware-bridge calendar sync --kuerzel ${id})`);
          out().print(describeCalendar(status), status);
          return;
        }
        const status = await beteiligteStatus(t, checkEspoId(id));
        if (status) return out().print(describeBeteiligte(status), status);
        // Not a party: maybe a bank account (the ids look alike).
        const bank = await bankverbindungStatus(t, id);
        if (bank) return out().print(describeBankverbindung(bank), bank);
        throw new Error(`no sync workflow for ${id} yet (run: advoware-bridge resync beteiligte ${id}, or resync bankverbindung ${id})`);
      });
    });
}
