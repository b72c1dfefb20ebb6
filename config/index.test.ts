import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseEnv, redactedEnv, secretValues } from './index';

const valid = {
  ADVOWARE_KANZLEI: 'KANZLEI1',
  ADVOWARE_DATABASE: 'DB1',
  ADVOWARE_USER: 'SB',
  ADVOWARE_PASSWORD: 'geheim-passwort',
  ADVOWARE_APP_ID: 'app-123',
  ADVOWARE_API_KEY: Buffer.from('test-secret-key').toString('base64'),
  ESPOCRM_API_BASE_URL: 'http://127.0.0.1:8081/api/v1',
  ESPOCRM_API_KEY: 'espo-key-123',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('config', () => {
  it('parses a minimal valid environment with the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'advoware-bridge', applySchedulesAtStart: true, tls: false });
    expect(config.advoware.productId).toBe(64);
    expect(config.advoware.role).toBe(2);
    expect(config.advoware.tokenLifetimeMinutes).toBe(55);
    expect(config.advoware.timeoutMs).toBe(30_000);
    expect(config.advoware.maxActivitiesPerSecond).toBe(60);
    expect(config.beteiligte).toEqual({ sweepIntervalMs: 900_000, staleAfterMs: 86_400_000, debounceMs: 0, startConcurrency: 32, webhookIntakeBatchMin: 50, sweepPageSize: 200, mode: 'live' });
    expect(config.calendar.mode).toBe('live');
    expect(loadConfig({ ...valid, BETEILIGTE_MODE: 'Shadow', CALENDAR_MODE: 'off' })).toMatchObject({ beteiligte: { mode: 'shadow' }, calendar: { mode: 'off' } });
    expect(problemsOf({ ...valid, CALENDAR_MODE: 'dry' }).join()).toMatch(/CALENDAR_MODE/);
    expect(config.calendar.conflictPolicy).toBe('advoware');
    expect(config.api.port).toBe(3000);
    expect(config.espocrm.entity).toBe('CBeteiligte');
  });

  it('accepts ESPOCRM_MARVIN_API_KEY for drop-in compatibility', () => {
    const { ESPOCRM_API_KEY: _unused, ...rest } = valid;
    expect(loadConfig({ ...rest, ESPOCRM_MARVIN_API_KEY: 'marvin' }).espocrm.apiKey).toBe('marvin');
  });

  it('lists every missing variable in one error', () => {
    const problems = problemsOf({});
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'ADVOWARE_KANZLEI',
        'ADVOWARE_DATABASE',
        'ADVOWARE_USER',
        'ADVOWARE_PASSWORD',
        'ADVOWARE_APP_ID',
        'ADVOWARE_API_KEY',
        'ESPOCRM_API_BASE_URL',
      ]),
    );
    expect(() => parseEnv({})).toThrow(/ADVOWARE_KANZLEI: is required/);
  });

  it('reports malformed values with the variable name', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      BETEILIGTE_DEBOUNCE: 'soon',
      CALENDAR_CONFLICT_POLICY: 'coin-flip',
      ESPOCRM_API_BASE_URL: 'not a url',
      ADVOWARE_API_KEY: 'not base64!',
      ESPOCRM_WEBHOOK_SECRETS: 'missing-equals',
    });
    const names = problems.map((p) => p.split(':')[0]).sort();
    expect(names).toEqual(
      ['ADVOWARE_API_KEY', 'BETEILIGTE_DEBOUNCE', 'CALENDAR_CONFLICT_POLICY', 'ESPOCRM_API_BASE_URL', 'ESPOCRM_WEBHOOK_SECRETS', 'PORT'].sort(),
    );
  });

  it('requires the security gateway when discovery is skipped', () => {
    const problems = problemsOf({ ...valid, ADVOWARE_API_BASE_URL: 'http://127.0.0.1:9000/' });
    expect(problems.join('\n')).toMatch(/ADVOWARE_SECURITY_GATEWAY_URL: is required when ADVOWARE_API_BASE_URL is set/);
  });

  it('parses webhook secrets, lists and durations', () => {
    const env = parseEnv({
      ...valid,
      ESPOCRM_WEBHOOK_SECRETS: 'wh1=s3cret, wh2=other',
      API_KEYS: 'k1, k2,,',
      CALENDAR_SYNC_DEBUG_KUERZEL: 'SB,AI',
      BETEILIGTE_STALE_AFTER: '90m',
    });
    expect(env.ESPOCRM_WEBHOOK_SECRETS).toEqual({ wh1: 's3cret', wh2: 'other' });
    expect(env.API_KEYS).toEqual(['k1', 'k2']);
    expect(env.CALENDAR_SYNC_DEBUG_KUERZEL).toEqual(['SB', 'AI']);
    expect(env.BETEILIGTE_STALE_AFTER).toBe(5_400_000);
  });

  it('takes the Advoware activity limit from its new name, else the old ADVOWARE_MAX_RPS', () => {
    expect(loadConfig({ ...valid, ADVOWARE_MAX_RPS: '7' }).advoware.maxActivitiesPerSecond).toBe(7);
    expect(loadConfig({ ...valid, ADVOWARE_MAX_RPS: '7', ADVOWARE_MAX_ACTIVITIES_PER_SECOND: '60' }).advoware.maxActivitiesPerSecond).toBe(60);
    expect(() => loadConfig({ ...valid, ADVOWARE_MAX_ACTIVITIES_PER_SECOND: '0' })).toThrow(/ADVOWARE_MAX_ACTIVITIES_PER_SECOND/);
  });

  it('leaves the workflow cache to the SDK unless WORKER_MAX_CACHED_WORKFLOWS caps it (at least 2)', () => {
    expect(loadConfig(valid).worker.maxCachedWorkflows).toBeUndefined();
    expect(loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '500' }).worker.maxCachedWorkflows).toBe(500);
    expect(() => loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('accepts 0 for the optional debounce (off) but not for other durations; caps the sweep page size at 200', () => {
    expect(parseEnv({ ...valid, BETEILIGTE_DEBOUNCE: '0s' }).BETEILIGTE_DEBOUNCE).toBe(0);
    expect(parseEnv({ ...valid, BETEILIGTE_DEBOUNCE: '0' }).BETEILIGTE_DEBOUNCE).toBe(0);
    expect(parseEnv({ ...valid, BETEILIGTE_DEBOUNCE: '250ms' }).BETEILIGTE_DEBOUNCE).toBe(250);
    expect(() => parseEnv({ ...valid, BETEILIGTE_STALE_AFTER: '0s' })).toThrow(/BETEILIGTE_STALE_AFTER/);
    expect(() => parseEnv({ ...valid, BETEILIGTE_SWEEP_PAGE_SIZE: '500' })).toThrow(/BETEILIGTE_SWEEP_PAGE_SIZE/);
  });

  it('redacts every secret and reports secret values for leak checks', () => {
    const env = parseEnv({ ...valid, API_KEYS: 'admin-key-1', ESPOCRM_WEBHOOK_SECRETS: 'wh1=webhook-secret' });
    const redacted = JSON.stringify(redactedEnv(env));
    for (const secret of ['geheim-passwort', valid.ADVOWARE_API_KEY, 'espo-key-123', 'admin-key-1', 'webhook-secret']) {
      expect(redacted).not.toContain(secret);
      expect(secretValues(env)).toContain(secret);
    }
    expect(redacted).toContain('KANZLEI1');
  });
});

describe('calendar safety and Termin field names (issue 12)', () => {
  it('defaults: no_delete, create guard 50, the modelled Termin field names', () => {
    const config = loadConfig(valid);
    expect(config.calendar).toMatchObject({ advowareWrites: 'no_delete', createGuard: 50 });
    expect(config.advoware.terminFields).toEqual({ allDay: ['ganztaegig', 'dauertermin'], turnus: 'turnus', turnusArt: 'turnusArt', turnusBis: 'turnusBis' });
  });

  it('reads configured values and refuses unknown ones', () => {
    const config = loadConfig({ ...valid, CALENDAR_ADVOWARE_WRITES: 'none', ADVOWARE_TERMIN_ALLDAY_FIELDS: 'dauertermin', ADVOWARE_TERMIN_RECURRENCE_FIELDS: 'a,b,c' });
    expect(config.calendar.advowareWrites).toBe('none');
    expect(config.advoware.terminFields).toEqual({ allDay: ['dauertermin'], turnus: 'a', turnusArt: 'b', turnusBis: 'c' });
    expect(problemsOf({ ...valid, CALENDAR_ADVOWARE_WRITES: 'some' }).join()).toContain('CALENDAR_ADVOWARE_WRITES');
    expect(problemsOf({ ...valid, ADVOWARE_TERMIN_RECURRENCE_FIELDS: 'turnus' }).join()).toContain('ADVOWARE_TERMIN_RECURRENCE_FIELDS');
  });
});
