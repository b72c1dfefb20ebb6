import { describe, expect, it } from 'vitest';
import { advowarePathsFromEnv, loadConfig } from '../../config';
import { envShape } from '../../config/schema';
import { ADVOWARE_PATH_ENV, createAdvowareEndpoints, DEFAULT_ADVOWARE_PATHS, fillPath } from './endpoints';

describe('Advoware endpoints', () => {
  it('defaults to the paths the simulator serves', () => {
    const e = createAdvowareEndpoints();
    expect(e.beteiligte(104860)).toBe('api/v1/advonet/Beteiligte/104860');
    expect(e.kommunikation(1, 22)).toBe('api/v1/advonet/Beteiligte/1/Kommunikationen/22');
    expect(e.termin(-5)).toBe('api/v1/advonet/Termine/-5');
    expect(e.mitarbeiter).toBe('api/v1/advonet/Mitarbeiter');
  });

  it('takes overrides, including a query-string template, and ignores blank ones', () => {
    const e = createAdvowareEndpoints({ termin: 'api/v1/advonet/appointments?frnr={frNr}', mitarbeiter: 'api/v1/advonet/employees', beteiligte: '  ' });
    expect(e.termin(42)).toBe('api/v1/advonet/appointments?frnr=42');
    expect(e.mitarbeiter).toBe('api/v1/advonet/employees');
    expect(e.beteiligte(7)).toBe('api/v1/advonet/Beteiligte/7');
  });

  it('refuses a template with an unknown placeholder', () => {
    expect(() => fillPath('x/{betnr}', { betNr: 1 })).toThrow(/unknown placeholder \{betnr\}/);
  });

  it('has one documented env variable per path, read by the config', () => {
    expect(Object.keys(ADVOWARE_PATH_ENV).sort()).toEqual(Object.keys(DEFAULT_ADVOWARE_PATHS).sort());
    for (const name of Object.values(ADVOWARE_PATH_ENV)) expect(Object.keys(envShape.shape)).toContain(name);
    const env = {
      ADVOWARE_KANZLEI: 'K',
      ADVOWARE_DATABASE: 'D',
      ADVOWARE_USER: 'U',
      ADVOWARE_PASSWORD: 'P',
      ADVOWARE_APP_ID: 'A',
      ADVOWARE_API_KEY: 'a2V5',
      ESPOCRM_API_BASE_URL: 'http://127.0.0.1:1/api/v1',
      ESPOCRM_API_KEY: 'k',
      ADVOWARE_PATH_TERMINE: 'api/v1/advonet/appointments',
    };
    expect(loadConfig(env).advoware.paths).toEqual({ termineCollection: 'api/v1/advonet/appointments' });
    expect(advowarePathsFromEnv({})).toEqual({});
    expect(() => loadConfig({ ...env, ADVOWARE_PATH_TERMINE: 'https://evil.example/x' })).toThrow(/ADVOWARE_PATH_TERMINE: must be a path relative/);
  });
});
