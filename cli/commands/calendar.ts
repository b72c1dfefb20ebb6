import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import {
  calendarStatusQuery,
  calendarSyncRequestedSignal,
  calendarWorkflowId,
  forceFullResyncSignal,
  KUERZEL_PATTERN,
  type CalendarEmployeeStatus,
  type CalendarSyncAllResult,
} from '../../workflows/messages';
import { parseDuration } from '../../config/duration';
import { UsageError, withTemporal, type CliOutput, type TemporalContext } from '../context';
import { registerCalendarTools } from './calendar-tools';
import { CALENDAR_ALL_RUN_TEXT } from '../../workflows/run-details';

function parseTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`--timeout: expected a duration like 30s or 5m, got "${text}"`);
  return ms;
}

export function checkKuerzel(kuerzel: string): string {
  if (!KUERZEL_PATTERN.test(kuerzel)) throw new UsageError(`"${kuerzel}" is not a Kürzel (1–10 letters or digits)`);
  return kuerzel.toUpperCase();
}

export async function calendarStatus(t: TemporalContext, kuerzel: string): Promise<CalendarEmployeeStatus | null> {
  try {
    return await t.client.workflow.getHandle(calendarWorkflowId(kuerzel)).query(calendarStatusQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export function describeCalendar(status: CalendarEmployeeStatus): string {
  const last = status.lastPass;
  return [
    `calendar ${status.kuerzel}: ${status.phase}, passes ${status.passes}, linked events ${status.linkedEvents}, sync token ${status.hasSyncToken ? 'yes' : 'no'}`,
    last ? `  last pass: ${last.outcome}${last.fullSync ? ' (full sync)' : ''} ${JSON.stringify(last.counts)}${last.error ? ` error: ${last.error}` : ''}` : '  no pass yet',
  ].join('\n');
}

export function registerCalendarCommands(program: Command, resync: Command, out: () => CliOutput): void {
  const calendar = program.command('calendar').description('calendar sync and operator tools');
  registerCalendarTools(calendar, out);
  calendar
    .command('sync')
    .description('run the calendar sync now for all employees (or one with --kuerzel) and wait for the result')
    .option('--kuerzel <K>', 'only this employee')
    .option('--anonymous', 'switch to anonymised events ("Termin", no notes/place)')
    .option('--full-content', 'switch to full content (text, notes, place)')
    .option('--timeout <duration>', "how long to wait for each employee's pass (default CALENDAR_SYNC_WAIT_TIMEOUT, 5m)")
    .action(async (opts: { kuerzel?: string; anonymous?: boolean; fullContent?: boolean; timeout?: string }) => {
      const kuerzel = opts.kuerzel ? [checkKuerzel(opts.kuerzel)] : undefined;
      if (opts.anonymous && opts.fullContent) throw new UsageError('--anonymous and --full-content exclude each other');
      // Neither flag: each employee keeps the content mode it has (an anonymised calendar stays anonymised).
      const fullContent = opts.anonymous ? false : opts.fullContent ? true : undefined;
      const timeoutMs = opts.timeout === undefined ? undefined : parseTimeout(opts.timeout);
      // Also for one Kürzel: calendarSyncAll first checks that it is a real employee (the CLI has
      // no Advoware access), then asks the employee's workflow through the requestPass Update.
      const result: CalendarSyncAllResult = await withTemporal((t) =>
        t.client.workflow.execute(calendarSyncAll, {
          taskQueue: t.taskQueue,
          workflowId: `calendar-sync-cli-${Date.now()}`,
          args: [{ kuerzel, fullContent, waitMs: timeoutMs ?? t.calendarWaitMs }],
          ...CALENDAR_ALL_RUN_TEXT,
        }),
      );
      out().print(result.employees.map((e) => `${e.kuerzel}: ${e.outcome}${e.error ? ` (${e.error})` : ''}`).join('\n') || 'no employees', result);
      if (result.employees.some((e) => e.outcome === 'failed' || e.outcome === 'timed_out' || e.outcome === 'unknown_employee')) process.exitCode = 1;
    });

  resync
    .command('calendar')
    .description("request a pass of one employee's running calendar workflow (--full drops the sync token)")
    .argument('<kuerzel>')
    .option('--full', 'full resync: list every Google event again')
    .action(async (raw: string, opts: { full?: boolean }) => {
      const kuerzel = checkKuerzel(raw);
      // Signals only a workflow that exists: starting one is `calendar sync --kuerzel`, which
      // checks that the Kürzel is a real employee first.
      const signalled = await withTemporal(async (t) => {
        const handle = t.client.workflow.getHandle(calendarWorkflowId(kuerzel));
        try {
          if (opts.full) await handle.signal(forceFullResyncSignal);
          else await handle.signal(calendarSyncRequestedSignal, {});
          return true;
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        }
      });
      if (!signalled) {
        out().print(`no calendar workflow for ${kuerzel}; start one with: advoware-bridge calendar sync --kuerzel ${kuerzel}`, { kuerzel, error: 'not_found' });
        process.exitCode = 1;
        return;
      }
      out().print(`${opts.full ? 'full resync' : 'resync'} requested for calendar ${kuerzel}`, { kuerzel, full: Boolean(opts.full) });
    });
}
