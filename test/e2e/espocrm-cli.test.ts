import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type Simulators } from '../../sim/start-all';
import { spawnEntry } from '../support/processes';

/** `espocrm register-webhooks` and `espocrm check` cover all three entities, CAdressen included. */
describe('advoware-bridge espocrm register-webhooks / check against the EspoCRM simulator', () => {
  let sims: Simulators;

  beforeAll(async () => {
    sims = await startSimulators({ googleRateLimits: false });
  });
  afterAll(async () => sims?.close());

  async function cli(...args: string[]) {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...sims.env };
    const child = spawnEntry('cli/main.ts', env, ['--json', ...args]);
    return { code: await child.exited, output: child.output() };
  }
  const json = (output: string) => JSON.parse(output.slice(output.indexOf('{'))) as Record<string, unknown>;
  /** The webhooks as EspoCRM's API lists them. */
  const hooks = async () => {
    const res = await fetch(`${sims.env.ESPOCRM_API_BASE_URL.replace(/\/$/, '')}/Webhook`, { headers: { 'X-Api-Key': sims.env.ESPOCRM_API_KEY } });
    return ((await res.json()) as { list: { id: string; event: string; url: string }[] }).list;
  };

  it('registers create/update/delete webhooks of CBeteiligte, CBankverbindungen and CAdressen, pointing at their paths', async () => {
    const { code, output } = await cli('espocrm', 'register-webhooks', '--url', 'https://bridge.example');
    expect(code).toBe(0);
    expect(output).toMatch(/ESPOCRM_WEBHOOK_SECRETS.*(,[^,]+){8}/);
    const registered = await hooks();
    expect(registered.map((h) => h.event).sort()).toEqual(
      ['CAdressen', 'CBankverbindungen', 'CBeteiligte'].flatMap((e) => ['create', 'delete', 'update'].map((a) => `${e}.${a}`)).sort(),
    );
    expect(registered.find((h) => h.event === 'CAdressen.delete')?.url).toBe('https://bridge.example/vmh/webhook/adressen/delete');
  });

  it('check passes with all nine webhooks and fails (exit 1) naming a missing CAdressen one', async () => {
    sims.espocrm.state.createRecord('CBeteiligte', { name: 'Prüfling' });
    const ok = await cli('espocrm', 'check');
    expect(json(ok.output)).toMatchObject({ ok: true, missingHooks: [] });
    expect(ok.code).toBe(0);

    const hook = (await hooks()).find((h) => h.event === 'CAdressen.update')!;
    const res = await fetch(`${sims.env.ESPOCRM_API_BASE_URL.replace(/\/$/, '')}/Webhook/${hook.id}`, { method: 'DELETE', headers: { 'X-Api-Key': sims.env.ESPOCRM_API_KEY } });
    expect(res.ok).toBe(true);
    const missing = await cli('espocrm', 'check');
    expect(missing.code).toBe(1);
    expect(json(missing.output)).toMatchObject({ ok: false, missingHooks: ['CAdressen.update'] });
  });
});
