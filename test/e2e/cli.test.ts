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
});
