/**
 * Operator tools for one employee's calendar: `calendar verify` (read-only comparison of both
 * sides now) and `calendar reset` (delete the bridge's calendar and the workflow's state, for
 * cut-over rehearsals). Both talk to Advoware/Google directly, so they need the worker's
 * environment, not just TEMPORAL_*.
 */
import type { Command } from 'commander';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createAdvowareClient, lookUpTermine } from '../../clients/advoware';
import { createGoogleCalendarClient, type GoogleUserCalendar } from '../../clients/google';
import { ConfigError, loadConfig, type Config } from '../../config';
import { hasDifferences, syncWindow, verifyCalendar, type GoogleEvent, type VerifyReport } from '../../domain/calendar';
import { calendarWorkflowId } from '../../workflows/messages';
import { UsageError, withTemporal, type CliOutput } from '../context';
import { checkKuerzel } from './calendar';

function configFromEnv(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`this command needs the worker's environment.\n${err.message}`);
    throw err;
  }
}

function googleUser(config: Config, kuerzel: string): GoogleUserCalendar {
  if (!config.google.serviceAccountFile && !config.google.serviceAccountJson) throw new UsageError('set GOOGLE_SERVICE_ACCOUNT_JSON or GOOGLE_SERVICE_ACCOUNT_FILE');
  return createGoogleCalendarClient(config.google).forKuerzel(kuerzel);
}

/** The calendars the bridge created for this Kürzel (found by name, as the sync finds them). */
async function bridgeCalendars(user: GoogleUserCalendar, config: Config, kuerzel: string) {
  const name = config.calendar.calendarNameTemplate.replace('{kuerzel}', kuerzel);
  const calendars = (await user.listCalendars()).filter((c) => c.summary === name && c.accessRole === 'owner' && !c.deleted && c.id);
  return { name, ids: calendars.map((c) => c.id as string) };
}

export interface VerifyResult extends VerifyReport {
  calendar: { name: string; id: string | null };
  /** Advoware rows that could not be read (see the worker log for their frNr). */
  unreadableRows: number;
}

export async function verifyEmployee(config: Config, kuerzel: string, nowMs = Date.now()): Promise<VerifyResult> {
  const advoware = createAdvowareClient(config.advoware);
  try {
    const user = googleUser(config, kuerzel);
    const { name, ids } = await bridgeCalendars(user, config, kuerzel);
    const window = syncWindow(nowMs, config.calendar.pastDays, config.calendar.futureDays);
    const listed = await advoware.listTermine({ kuerzel, ...window });
    const events = ids.length ? ((await user.listEvents({ calendarId: ids[0] })).items as GoogleEvent[]) : [];
    const base = { kuerzel, events, window };
    const termine = listed.termine;
    let report = verifyCalendar({ ...base, termine });
    if (report.lookups.length) {
      const { found, missing } = await lookUpTermine(advoware, report.lookups);
      report = verifyCalendar({ ...base, termine: [...termine, ...found], confirmedMissing: missing });
    }
    return { ...report, calendar: { name, id: ids[0] ?? null }, unreadableRows: listed.rejected.length };
  } finally {
    await advoware.close();
  }
}

export function describeVerify(r: VerifyResult): string {
  const lines = [
    `calendar ${r.kuerzel} ("${r.calendar.name}"${r.calendar.id ? '' : ', not created yet'}), window ${r.window.from}..${r.window.to}: ${r.termine} Termine, ${r.events} events, ${r.agreed} pairs agree`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  section('missing in Google', r.missing.map((m) => `frNr ${m.frNr}  ${m.start}  ${m.text}`));
  section('extra in Google (no Termin)', r.extra.map((e) => `event ${e.eventId}  ${e.start}  ${e.summary}`));
  section('different', r.different.map((d) => `frNr ${d.frNr} / event ${d.eventId}: ${d.fields.map((f) => `${f.field} ${JSON.stringify(f.advoware)} (Advoware) ≠ ${JSON.stringify(f.google)} (Google)`).join('; ')}`));
  section('duplicates', r.duplicates.map((d) => `frNr ${d.frNr}: ${d.eventIds.join(', ')}`));
  section('orphans', r.orphans.map((o) => `event ${o.eventId} → frNr ${o.frNr} (${o.reason === 'other_anwalt' ? "another lawyer's Termin" : 'not in Advoware'})`));
  const skipped = Object.entries(r.skipped).map(([k, n]) => `${k} ${n}`);
  if (r.unreadableRows) skipped.push(`unreadableRows ${r.unreadableRows}`);
  if (skipped.length) lines.push(`not compared: ${skipped.join(', ')}`);
  const differences = r.missing.length + r.extra.length + r.different.length + r.duplicates.length + r.orphans.length;
  lines.push(differences ? `result: ${differences} difference(s)` : 'result: in agreement');
  return lines.join('\n');
}

export function registerCalendarTools(calendar: Command, out: () => CliOutput): void {
  calendar
    .command('verify')
    .description('compare Advoware and Google for one employee now (read-only); exit 1 on any difference')
    .argument('<kuerzel>')
    .action(async (raw: string) => {
      const kuerzel = checkKuerzel(raw);
      const result = await verifyEmployee(configFromEnv(), kuerzel);
      out().print(describeVerify(result), result);
      if (hasDifferences(result)) process.exitCode = 1;
    });

  calendar
    .command('reset')
    .description("delete the calendar the bridge created and the workflow's state, so the next pass starts clean")
    .argument('<kuerzel>')
    .option('--yes', 'really do it (without: show what would happen, exit 2)')
    .action(async (raw: string, opts: { yes?: boolean }) => {
      const kuerzel = checkKuerzel(raw);
      const config = configFromEnv();
      const user = googleUser(config, kuerzel);
      const { name, ids } = await bridgeCalendars(user, config, kuerzel);
      const workflowId = calendarWorkflowId(kuerzel);
      await withTemporal(async (t) => {
        const handle = t.client.workflow.getHandle(workflowId);
        const status = await handle.describe().then(
          (d) => d.status.name,
          (err: unknown) => {
            if (err instanceof WorkflowNotFoundError) return null;
            throw err;
          },
        );
        const running = status === 'RUNNING';
        const plan = {
          kuerzel,
          workflow: { id: workflowId, status, terminate: running },
          calendars: ids.map((id) => ({ id, name, user: user.email })),
        };
        const steps = [
          running ? `terminate workflow ${workflowId} (its sync token and snapshot are dropped)` : `workflow ${workflowId}: ${status ?? 'none'}, nothing to terminate`,
          ...(ids.length ? ids.map((id) => `delete Google calendar "${name}" (${id}) of ${user.email} with all its events`) : [`no Google calendar "${name}" of ${user.email}`]),
        ];
        if (!opts.yes) {
          out().print(['would:', ...steps.map((s) => `  ${s}`), 'run again with --yes to do it; Advoware is not touched'].join('\n'), { ...plan, done: false });
          process.exitCode = 2;
          return;
        }
        // The workflow first: a pass running now could otherwise recreate the calendar.
        if (running) await handle.terminate(`calendar reset ${kuerzel} by operator`);
        for (const id of ids) await user.deleteCalendar(id);
        out().print(['done:', ...steps.map((s) => `  ${s}`), `the next pass (advoware-bridge calendar sync --kuerzel ${kuerzel}) starts clean`].join('\n'), { ...plan, done: true });
      });
    });
}
