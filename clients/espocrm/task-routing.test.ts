import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ESPOCRM_API_KEY, startEspoCrmSim, type EspoCrmSim } from '../../sim/espocrm';
import { createEspoCrmClient } from './client';
import { parseTaskAssignee, withTaskRouting } from './task-routing';

let sim: EspoCrmSim | undefined;
afterEach(async () => sim?.close());

async function client() {
  sim = await startEspoCrmSim();
  return createEspoCrmClient({ apiBaseUrl: sim.apiBaseUrl, apiKey: DEFAULT_ESPOCRM_API_KEY, timeoutMs: 5_000 });
}

describe('Task routing (ESPOCRM_TASK_ASSIGNEE)', () => {
  it('parses a user id, user:<id>, team:<id> and refuses anything else', () => {
    expect(parseTaskAssignee('5f1a2b3c4d5e6f708')).toEqual({ kind: 'user', id: '5f1a2b3c4d5e6f708' });
    expect(parseTaskAssignee('team:kanzlei')).toEqual({ kind: 'team', id: 'kanzlei' });
    expect(parseTaskAssignee('USER:u1')).toEqual({ kind: 'user', id: 'u1' });
    expect(parseTaskAssignee(undefined)).toBeUndefined();
    expect(parseTaskAssignee('group:x')).toBeInstanceOf(Error);
    expect(parseTaskAssignee('a b')).toBeInstanceOf(Error);
  });

  it('assigns every Task to the user and sends the in-app notification when asked', async () => {
    const espo = withTaskRouting(await client(), { assignee: { kind: 'user', id: 'u-sekretariat' }, notify: true });
    const task = await espo.createTask({ name: 'Beteiligter 4711 in Advoware gelöscht', parentType: 'CBeteiligte', parentId: 'abc' });
    expect(sim!.state.getRecord('Task', task.id as string)).toMatchObject({ assignedUserId: 'u-sekretariat', parentId: 'abc' });
    const notifications = sim!.state.listRecords('Notification');
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ userId: 'u-sekretariat', relatedType: 'Task', relatedId: task.id });
    await espo.close();
  });

  it('gives the Task to a team without notifying; a Task naming its own user keeps it', async () => {
    const espo = withTaskRouting(await client(), { assignee: { kind: 'team', id: 'team-buero' } });
    const team = await espo.createTask({ name: 'Konflikt' });
    expect(sim!.state.getRecord('Task', team.id as string)).toMatchObject({ teamsIds: ['team-buero'] });
    const own = await withTaskRouting(espo, { assignee: { kind: 'user', id: 'u-default' } }).createTask({ name: 'X', assignedUserId: 'u-own' });
    expect(sim!.state.getRecord('Task', own.id as string)).toMatchObject({ assignedUserId: 'u-own' });
    expect(sim!.state.listRecords('Notification')).toHaveLength(0);
    await espo.close();
  });

  it('leaves the client untouched when no assignee is configured', async () => {
    const plain = await client();
    expect(withTaskRouting(plain, {})).toBe(plain);
    await plain.close();
  });
});
