import type { Command } from 'commander';
import { ScheduleNotFoundError } from '@temporalio/client';
import { applySchedules, SCHEDULE_IDS } from '../../worker/schedules';
import { UsageError, withTemporal, type CliOutput } from '../context';

const KNOWN = Object.values(SCHEDULE_IDS) as string[];

function checkScheduleId(id: string): string {
  if (!KNOWN.includes(id)) throw new UsageError(`unknown schedule "${id}"; known: ${KNOWN.join(', ')}`);
  return id;
}

export function registerScheduleCommands(program: Command, out: () => CliOutput): void {
  const schedules = program.command('schedules').description('Temporal Schedules that replace cron');

  schedules
    .command('apply')
    .description('create or update every schedule from the current configuration (idempotent)')
    .action(async () => {
      const results = await withTemporal((t) => applySchedules(t.client, t.scheduleConfig));
      out().print(results.map((r) => `${r.id}: ${r.result}`).join('\n'), results);
    });

  schedules
    .command('list')
    .description('list schedules with their state and next run')
    .action(async () => {
      const rows = await withTemporal(async (t) => {
        const found = [];
        for await (const summary of t.client.schedule.list()) {
          found.push({
            id: summary.scheduleId,
            paused: summary.state.paused,
            nextRun: summary.info.nextActionTimes[0]?.toISOString() ?? null,
            lastRun: summary.info.recentActions.at(-1)?.takenAt.toISOString() ?? null,
          });
        }
        return found;
      });
      out().print(rows.length ? rows.map((r) => `${r.id}  ${r.paused ? 'PAUSED' : 'active'}  next ${r.nextRun ?? '–'}  last ${r.lastRun ?? '–'}`).join('\n') : 'no schedules (run: advoware-bridge schedules apply)', rows);
    });

  for (const action of ['pause', 'unpause', 'trigger'] as const) {
    schedules
      .command(action)
      .description(`${action} one schedule (${KNOWN.join(' | ')})`)
      .argument('<scheduleId>')
      .action(async (id: string) => {
        checkScheduleId(id);
        await withTemporal(async (t) => {
          const handle = t.client.schedule.getHandle(id);
          try {
            if (action === 'pause') await handle.pause('paused from advoware-bridge CLI');
            else if (action === 'unpause') await handle.unpause('unpaused from advoware-bridge CLI');
            else await handle.trigger();
          } catch (err) {
            if (err instanceof ScheduleNotFoundError) throw new Error(`schedule ${id} does not exist; run: advoware-bridge schedules apply`);
            throw err;
          }
        });
        out().print(`${id}: ${action} done`, { id, action });
      });
  }
}
