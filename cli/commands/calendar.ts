import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { calendarSyncEmployee } from '../../workflows/calendar-sync-employee';
import {
  calendarStartOptions,
  calendarStatusQuery,
  calendarSyncRequestedSignal,
  calendarWorkflowId,
  forceFullResyncSignal,
  KUERZEL_PATTERN,
  type CalendarEmployeeStatus,
  type CalendarSyncAllResult,
} from '../../workflows/messages';
import { requestCalendarPass } from '../../clients/temporal/calendar-pass';
import { parseDuration } from '../../config/duration';
import { UsageError, withTemporal, type CliOutput, type TemporalContext } from '../context';

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
  program
    .command('calendar')
    .description('calendar sync')
    .command('sync')
    .description('run the calendar sync now for all employees (or one with --kuerzel) and wait for the result')
    .option('--kuerzel <K>', 'only this employee')
    .option('--anonymous', 'write anonymised events ("Termin", no notes/place)')
    .option('--timeout <duration>', "how long to wait for each employee's pass (default CALENDAR_SYNC_WAIT_TIMEOUT, 5m)")
    .action(async (opts: { kuerzel?: string; anonymous?: boolean; timeout?: string }) => {
      const kuerzel = opts.kuerzel ? checkKuerzel(opts.kuerzel) : undefined;
      const timeoutMs = opts.timeout === undefined ? undefined : parseTimeout(opts.timeout);
      const result: CalendarSyncAllResult = await withTemporal(async (t) => {
        const waitMs = timeoutMs ?? t.calendarWaitMs;
        // One employee: ask its workflow directly (update-with-start) and wait for that pass's answer.
        if (kuerzel) {
          const answer = await requestCalendarPass(t.client, { kuerzel, taskQueue: t.taskQueue, requestId: `cli-${randomUUID()}`, fullContent: !opts.anonymous, timeoutMs: waitMs });
          return { employees: [{ kuerzel: answer.kuerzel, outcome: answer.outcome, ...(answer.error ? { error: answer.error } : {}) }] };
        }
        return t.client.workflow.execute(calendarSyncAll, {
          taskQueue: t.taskQueue,
          workflowId: `calendar-sync-cli-${Date.now()}`,
          args: [{ fullContent: !opts.anonymous, waitMs }],
        });
      });
      out().print(result.employees.map((e) => `${e.kuerzel}: ${e.outcome}${e.error ? ` (${e.error})` : ''}`).join('\n') || 'no employees', result);
      if (result.employees.some((e) => e.outcome === 'failed' || e.outcome === 'timed_out')) process.exitCode = 1;
    });

  resync
    .command('calendar')
    .description("request a pass of one employee's calendar (--full drops the sync token)")
    .argument('<kuerzel>')
    .option('--full', 'full resync: list every Google event again')
    .action(async (raw: string, opts: { full?: boolean }) => {
      const kuerzel = checkKuerzel(raw);
      await withTemporal(async (t) => {
        const common = calendarStartOptions(kuerzel, t.taskQueue, true);
        const handle = opts.full
          ? await t.client.workflow.signalWithStart(calendarSyncEmployee, { ...common, signal: forceFullResyncSignal, signalArgs: [] })
          : await t.client.workflow.signalWithStart(calendarSyncEmployee, { ...common, signal: calendarSyncRequestedSignal, signalArgs: [{}] });
        return handle.workflowId;
      });
      out().print(`${opts.full ? 'full resync' : 'resync'} requested for calendar ${kuerzel}`, { kuerzel, full: Boolean(opts.full) });
    });
}
