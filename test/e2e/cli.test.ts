import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eventIdForFrNr } from '../../domain/calendar';
import { spawnEntry } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { temporalAddress } from '../support/temporal';

const ENTITY = 'CBeteiligte';

describe('advoware-bridge CLI against a running stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  async function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: stack.config.temporal.namespace, TEMPORAL_TASK_QUEUE: stack.workers.taskQueue, BETEILIGTE_DEBOUNCE: '200ms' };
    const child = spawnEntry('cli/main.ts', env, args);
    const code = await child.exited;
    return { code, output: child.output() };
  }

  it('resync beteiligte starts a pass and status reports its outcome as JSON', async () => {
    const record = stack.sims.espocrm.state.createRecord(ENTITY, { name: 'Clara Cli', firstName: 'Clara', lastName: 'Cli', rechtsform: 'Natürliche Person' });
    const id = record.id as string;
    const resync = await cli('resync', 'beteiligte', id);
    expect(resync.code).toBe(0);
    expect(resync.output).toContain(`beteiligte:${id}`);
    await stack.temporal.workflow.getHandle(`beteiligte:${id}`).result();
    const status = await cli('--json', 'status', id);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.output.slice(status.output.indexOf('{')));
    expect(parsed).toMatchObject({ espoId: id, lastOutcome: 'clean' });
    expect(typeof parsed.betNr).toBe('number');
  });

  it('exits 2 with a message for usage errors and 1 for unknown records', async () => {
    const bad = await cli('resync', 'beteiligte', '../etc');
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('is not an EspoCRM id');
    const unknownCommand = await cli('frobnicate');
    expect(unknownCommand.code).toBe(2);
    const missing = await cli('status', 'ffffffffffffffff1');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('no sync workflow');
    const badSchedule = await cli('schedules', 'pause', 'nope');
    expect(badSchedule.code).toBe(2);
  });

  /** The CLI with the worker's whole environment (verify and reset talk to Advoware and Google). */
  async function cliWithStack(...args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawnEntry('cli/main.ts', { ...stack.env, PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'error' }, args);
    const code = await child.exited;
    return { code, output: child.output() };
  }
  const json = (output: string) => JSON.parse(output.slice(output.indexOf('{')));
  const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const calendarOf = (email: string, name: string) => stack.sims.google.state.listCalendars(email).find((c) => c.calendar.summary === name)?.calendar.id;
  const workflowGone = (id: string) => stack.temporal.workflow.getHandle(id).describe().then(() => false, (err: unknown) => err instanceof WorkflowNotFoundError);

  it('calendar verify agrees after a pass, names every difference, and a Google delete of a Frist is undone (no_delete)', async () => {
    const advoware = stack.sims.advoware.state;
    advoware.addEmployee({ kuerzel: 'VK', name: 'Verify', vorname: 'Vera', email: 'vk@kanzlei.example', aktiv: true });
    const frist = advoware.createTermin({ datum: plusDays(3), uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: 'Fristablauf Berufung', anwalt: 'VK' });
    const edited = advoware.createTermin({ datum: plusDays(4), uhrzeitVon: '22:00:00', datumBis: plusDays(4), uhrzeitBis: '23:30:00', text: 'Spätschicht', anwalt: 'VK' });
    advoware.createTermin({ datum: plusDays(5), datumBis: plusDays(7), ganztaegig: true, text: 'Urlaub', anwalt: 'VK' });

    const sync = await cli('calendar', 'sync', '--kuerzel', 'vk');
    expect(sync.output).toContain('VK: clean');
    expect(sync.code).toBe(0);
    const agreed = await cliWithStack('calendar', 'verify', 'VK');
    expect(agreed.output).toContain('result: in agreement');
    expect(agreed.code).toBe(0);

    const calendarId = calendarOf('vk@kanzlei.example', 'Advoware VK')!;
    stack.sims.google.state.deleteEvent(calendarId, eventIdForFrNr(frist.frNr));
    stack.sims.google.state.patchEvent(calendarId, eventIdForFrNr(edited.frNr), { summary: 'Spätschicht (verlegt)' });
    const differs = await cliWithStack('--json', 'calendar', 'verify', 'VK');
    expect(differs.code).toBe(1);
    const report = json(differs.output);
    expect(report.missing).toEqual([expect.objectContaining({ frNr: frist.frNr, text: 'Fristablauf Berufung' })]);
    expect(report.different).toEqual([{ frNr: edited.frNr, eventId: eventIdForFrNr(edited.frNr), fields: [{ field: 'text', advoware: 'Spätschicht', google: 'Spätschicht (verlegt)' }] }]);

    // Default CALENDAR_ADVOWARE_WRITES=no_delete: the Frist stays in Advoware and comes back in Google.
    expect((await cli('calendar', 'sync', '--kuerzel', 'VK')).code).toBe(0);
    expect(advoware.getTermin(frist.frNr)?.text).toBe('Fristablauf Berufung');
    expect(stack.sims.google.state.getEvent(calendarId, eventIdForFrNr(frist.frNr)).status).toBe('confirmed');
    expect(advoware.getTermin(edited.frNr)?.text).toBe('Spätschicht (verlegt)');
    const again = await cliWithStack('calendar', 'verify', 'VK');
    expect(again.output).toContain('result: in agreement');
    expect(again.code).toBe(0);
  });

  it('calendar reset shows its plan without --yes (exit 2), then removes calendar and workflow state', async () => {
    const advoware = stack.sims.advoware.state;
    advoware.addEmployee({ kuerzel: 'RS', name: 'Reset', vorname: 'Rita', email: 'rs@kanzlei.example', aktiv: true });
    const termin = advoware.createTermin({ datum: plusDays(2), uhrzeitVon: '11:00:00', uhrzeitBis: '12:00:00', text: 'Probe', anwalt: 'RS' });
    expect((await cli('calendar', 'sync', '--kuerzel', 'RS')).code).toBe(0);
    const calendarId = calendarOf('rs@kanzlei.example', 'Advoware RS');
    expect(calendarId).toBeDefined();

    const dry = await cliWithStack('calendar', 'reset', 'RS');
    expect(dry.code).toBe(2);
    expect(dry.output).toContain('would:');
    expect(dry.output).toContain('terminate workflow calendar:RS');
    expect(dry.output).toContain(`delete Google calendar "Advoware RS" (${calendarId})`);
    expect((await stack.temporal.workflow.getHandle('calendar:RS').describe()).status.name).toBe('RUNNING');

    const done = await cliWithStack('calendar', 'reset', 'RS', '--yes');
    expect(done.code).toBe(0);
    expect((await stack.temporal.workflow.getHandle('calendar:RS').describe()).status.name).toBe('TERMINATED');
    expect(calendarOf('rs@kanzlei.example', 'Advoware RS')).toBeUndefined();
    expect(advoware.getTermin(termin.frNr)?.text).toBe('Probe');

    // The next pass starts clean: a new calendar, filled again, in agreement.
    expect((await cli('calendar', 'sync', '--kuerzel', 'RS')).code).toBe(0);
    const fresh = calendarOf('rs@kanzlei.example', 'Advoware RS');
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(calendarId);
    expect((await cliWithStack('calendar', 'verify', 'RS')).code).toBe(0);
  });

  it('refuses a Kürzel that is no active employee without starting its workflow (issue 12 item 4)', async () => {
    const sync = await cli('calendar', 'sync', '--kuerzel', 'NOPE');
    expect(sync.code).toBe(1);
    expect(sync.output).toContain('NOPE: unknown_employee (NOPE is not an active Advoware employee');
    expect(await workflowGone('calendar:NOPE')).toBe(true);
    const resync = await cli('resync', 'calendar', 'NOPE');
    expect(resync.code).toBe(1);
    expect(resync.output).toContain('no calendar workflow for NOPE');
    expect(await workflowGone('calendar:NOPE')).toBe(true);
  });

  it('calendar sync without a mode flag keeps an anonymised calendar anonymised (issue 12 item 3)', async () => {
    const advoware = stack.sims.advoware.state;
    advoware.addEmployee({ kuerzel: 'AN', name: 'Anonym', vorname: 'Anna', email: 'an@kanzlei.example', aktiv: true });
    const termin = advoware.createTermin({ datum: plusDays(2), uhrzeitVon: '14:00:00', uhrzeitBis: '15:00:00', text: 'Mandant Müller', anwalt: 'AN' });
    const summary = () => stack.sims.google.state.getEvent(calendarOf('an@kanzlei.example', 'Advoware AN')!, eventIdForFrNr(termin.frNr)).summary;
    expect((await cli('calendar', 'sync', '--kuerzel', 'AN', '--anonymous')).code).toBe(0);
    expect(summary()).toBe('Termin');
    advoware.updateTermin(termin.frNr, { text: 'Mandant Müller (neu)' });
    expect((await cli('calendar', 'sync', '--kuerzel', 'AN')).code).toBe(0);
    expect(summary()).toBe('Termin');
    expect((await cli('calendar', 'sync', '--kuerzel', 'AN', '--full-content')).code).toBe(0);
    expect(summary()).toBe('Mandant Müller (neu)');
    expect((await cli('calendar', 'sync', '--anonymous', '--full-content')).code).toBe(2);
  });

  it('schedules apply is idempotent and list shows both schedules', async () => {
    expect((await cli('schedules', 'apply')).output).toMatch(/beteiligte-sweep: (created|updated)/);
    const again = await cli('schedules', 'apply');
    expect(again.output).toContain('beteiligte-sweep: updated');
    expect(again.output).toContain('calendar-sync: updated');
    const list = await cli('schedules', 'list');
    expect(list.output).toContain('beteiligte-sweep');
    expect(list.output).toContain('calendar-sync');
    // Leave the shared dev server quiet for other suites.
    expect((await cli('schedules', 'pause', 'beteiligte-sweep')).code).toBe(0);
    expect((await cli('schedules', 'pause', 'calendar-sync')).code).toBe(0);
  });

  it('calendar sync --kuerzel answers through the Update: the outcome of a clean pass, and a pass that keeps failing as failed with its error and exit 1 within --timeout', async () => {
    stack.sims.advoware.state.addEmployee({ kuerzel: 'CL', name: 'Lenz', vorname: 'Carla', email: 'cl@kanzlei.example', aktiv: true });
    stack.sims.advoware.state.createTermin({ datum: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10), uhrzeitVon: '09:00:00', uhrzeitBis: '10:00:00', text: 'Termin CLI', anwalt: 'CL' });
    const clean = await cli('calendar', 'sync', '--kuerzel', 'CL');
    expect(clean.output).toContain('CL: clean');
    expect(clean.code).toBe(0);

    // Every Termine listing fails: the pass activity retries for minutes; the CLI must not wait for that.
    const fault = stack.sims.advoware.faults.add({ method: 'GET', path: '^/.*/advonet/Termine', status: 503 });
    try {
      const startedAt = Date.now();
      const failing = await cli('calendar', 'sync', '--kuerzel', 'CL', '--timeout', '6s');
      expect(failing.output).toMatch(/CL: failed \(pass still failing after 6 s \(planEmployeePass, \d+ failed attempts?\): .+\)/);
      expect(failing.code).toBe(1);
      expect(Date.now() - startedAt).toBeLessThan(30_000);
    } finally {
      stack.sims.advoware.faults.remove(fault);
      await stack.temporal.workflow.getHandle('calendar:CL').terminate('test finished').catch(() => undefined);
    }
    const badTimeout = await cli('calendar', 'sync', '--kuerzel', 'CL', '--timeout', 'soon');
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.output).toContain('--timeout');
  });
});
