import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSimulators, startSimulators, type Simulators } from '../../sim/start-all';
import { spawnEntry } from '../support/processes';

/** `advoware-bridge doctor` is read-only and must pass against the simulators; a broken tenant fails naming the problem. */
describe('advoware-bridge doctor against the simulators', () => {
  let sims: Simulators;
  let betNr: number;

  beforeAll(async () => {
    sims = await startSimulators({ googleRateLimits: false });
    seedSimulators(sims, { seed: 7, persons: 3, companies: 1, employees: 2, terminePerEmployee: 5, startDate: new Date().toISOString().slice(0, 10) });
    const party = sims.advoware.state.createBeteiligte({ name: 'Doktor', vorname: 'Dora', rechtsform: 'Natürliche Person' });
    sims.advoware.state.addKommunikation(party.betNr, { kommKz: 1, tlf: '+49 511 123', bemerkung: null, online: false });
    betNr = party.betNr;
  });
  afterAll(async () => sims?.close());

  async function doctor(extraEnv: Record<string, string> = {}, ...args: string[]) {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sims.env, ...extraEnv };
    const child = spawnEntry('cli/main.ts', env, ['doctor', '--betnr', String(betNr), ...args]);
    return { code: await child.exited, output: child.output() };
  }

  const writes = () => [sims.advoware.counter, sims.espocrm.counter, sims.google.counter].reduce((n, c) => n + c.sum({ method: 'POST' }) + c.sum({ method: 'PUT' }) + c.sum({ method: 'PATCH' }) + c.sum({ method: 'DELETE' }), 0);

  it('passes (exit 0) and writes nothing', async () => {
    const before = writes();
    const tokenPosts = sims.advoware.counter.sum({ method: 'POST', path: /Token$/ });
    const { code, output } = await doctor();
    expect(output).toContain('doctor: 0 mismatches');
    expect(code).toBe(0);
    expect(output).toMatch(/✓ ADVOWARE_PATH_MITARBEITER=api\/v1\/advonet\/Mitarbeiter: 200/);
    expect(output).toMatch(/candidate api\/v1\/advonet\/employees: 404/);
    expect(output).toMatch(/✓ ADVOWARE_PATH_TERMIN=api\/v1\/advonet\/Termine\/\{frNr\}: 200, Termin \d+/);
    expect(output).toContain(`Beteiligter ${betNr}`);
    expect(output).toContain('syncStatus options has every value the product writes');
    // The only POSTs are the token requests (a read-only check still needs a token).
    expect(writes() - before).toBe(sims.advoware.counter.sum({ method: 'POST', path: /Token$/ }) - tokenPosts);
  });

  it('fails (exit 1) naming a path the tenant does not serve and the one it does', async () => {
    const { code, output } = await doctor({ ADVOWARE_PATH_MITARBEITER: 'api/v1/advonet/employees' });
    expect(code).toBe(1);
    expect(output).toContain('✗ ADVOWARE_PATH_MITARBEITER=api/v1/advonet/employees is not served: 404');
    expect(output).toContain('set ADVOWARE_PATH_MITARBEITER=api/v1/advonet/Mitarbeiter');
  });

  it('fails (exit 1) when ESPOCRM_TASK_ASSIGNEE names a team that does not exist', async () => {
    const { code, output } = await doctor({ ESPOCRM_TASK_ASSIGNEE: 'team:gibtsnicht' });
    expect(code).toBe(1);
    expect(output).toContain('✗ ESPOCRM_TASK_ASSIGNEE names Team gibtsnicht, which does not exist');
  });

  it('fails (exit 1) naming a mapped EspoCRM field that is missing', async () => {
    sims.espocrm.removeField('CBeteiligte', 'registergericht');
    const { code, output } = await doctor();
    expect(code).toBe(1);
    expect(output).toContain('✗ CBeteiligte has no field "registergericht"');
  });

  it('exits 2 on incomplete configuration', async () => {
    const { code, output } = await doctor({ ESPOCRM_API_BASE_URL: '' });
    expect(code).toBe(2);
    expect(output).toContain('ESPOCRM_API_BASE_URL');
  });
});
