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
    sims.advoware.state.addAdresse(party.betNr, { strasse: 'Praxisweg 1', plz: '30159', ort: 'Hannover', land: 'D' });
    sims.advoware.state.addBankverbindung(party.betNr, { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', kontoinhaber: 'Dora Doktor', bankname: 'Commerzbank' });
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
    // The child entities and the Advoware paths of the address and bank-account syncs.
    expect(output).toContain('✓ all 9 fields the bank accounts sync uses present on CBankverbindungen');
    expect(output).toContain('✓ all 16 fields the addresses sync uses present on CAdressen');
    expect(output).toContain('✓ CBankverbindungen.beteiligte links to CBeteiligte (ESPOCRM_PARTY_LINK_FIELD=beteiligteId)');
    expect(output).toContain('✓ CAdressen.beteiligte links to CBeteiligte (ESPOCRM_PARTY_LINK_FIELD=beteiligteId)');
    expect(output).toContain('✓ syncStatus options has every value the product writes (clean, unclean, failed)');
    expect(output).toContain('✓ the Beteiligte GET embeds adressen (1)');
    expect(output).toContain('✓ ADVOWARE_PATH_ADRESSEN=api/v1/advonet/Beteiligte/{betNr}/Adressen: 200');
    expect(output).toContain('✓ ADVOWARE_PATH_BANKVERBINDUNGEN=api/v1/advonet/Beteiligte/{betNr}/Bankverbindungen: 200, list of 1');
    // The only POSTs are the token requests (a read-only check still needs a token).
    expect(writes() - before).toBe(sims.advoware.counter.sum({ method: 'POST', path: /Token$/ }) - tokenPosts);
  });

  it('fails (exit 1) naming a path the tenant does not serve and the one it does', async () => {
    const { code, output } = await doctor({ ADVOWARE_PATH_MITARBEITER: 'api/v1/advonet/employees' });
    expect(code).toBe(1);
    expect(output).toContain('✗ ADVOWARE_PATH_MITARBEITER=api/v1/advonet/employees is not served: 404');
    expect(output).toContain('set ADVOWARE_PATH_MITARBEITER=api/v1/advonet/Mitarbeiter');
  });

  it('fails (exit 1) naming an Adressen / Bankverbindungen path the tenant does not serve', async () => {
    const { code, output } = await doctor({
      ADVOWARE_PATH_BANKVERBINDUNGEN: 'api/v1/advonet/Beteiligte/{betNr}/Konten',
      ADVOWARE_PATH_ADRESSEN: 'api/v1/advonet/Beteiligte/{betNr}/Anschriften',
    });
    expect(code).toBe(1);
    expect(output).toContain(`✗ ADVOWARE_PATH_BANKVERBINDUNGEN=api/v1/advonet/Beteiligte/{betNr}/Konten answered 404 for betNr ${betNr}`);
    expect(output).toContain(`✗ ADVOWARE_PATH_ADRESSEN=api/v1/advonet/Beteiligte/{betNr}/Anschriften answered 404 for betNr ${betNr}`);
    expect(output).toContain('doctor: 2 mismatches');
  });

  it('fails (exit 1) when a configured child entity does not exist or does not link to CBeteiligte', async () => {
    const missing = await doctor({ ESPOCRM_ADRESSEN_ENTITY: 'CAnschriften' });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('✗ EspoCRM has no entity CAnschriften (ESPOCRM_ADRESSEN_ENTITY)');
    expect(missing.output).toContain('✓ all 9 fields the bank accounts sync uses present on CBankverbindungen');

    const unlinked = await doctor({ ESPOCRM_PARTY_LINK_FIELD: 'parteiId' });
    expect(unlinked.code).toBe(1);
    expect(unlinked.output).toContain('✗ CBankverbindungen has no link "partei" to CBeteiligte (ESPOCRM_PARTY_LINK_FIELD=parteiId)');
    expect(unlinked.output).toContain('✗ CAdressen has no link "partei" to CBeteiligte (ESPOCRM_PARTY_LINK_FIELD=parteiId)');
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

  it('fails (exit 1) naming a field of CBankverbindungen the bank-account sync needs', async () => {
    sims.espocrm.removeField('CBankverbindungen', 'advowareKontoId');
    const { code, output } = await doctor();
    expect(code).toBe(1);
    expect(output).toContain('✗ CBankverbindungen has no field "advowareKontoId" (the bank accounts sync uses it');
  });

  it('exits 2 on incomplete configuration', async () => {
    const { code, output } = await doctor({ ESPOCRM_API_BASE_URL: '' });
    expect(code).toBe(2);
    expect(output).toContain('ESPOCRM_API_BASE_URL');
  });
});
