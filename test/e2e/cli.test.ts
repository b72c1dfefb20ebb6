import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: stack.workers.taskQueue, BETEILIGTE_DEBOUNCE: '200ms' };
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
