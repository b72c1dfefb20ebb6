import type { FaultInjector, FaultRule } from '../../sim/shared/faults';
import type { Rng } from '../../sim/seed/prng';
import type { Simulators } from '../../sim/start-all';
import { CLIENT_TIMEOUT_SECONDS } from './harness';

const googleRateLimit = { error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }] } };

/**
 * Random faults on the simulated systems: 5xx, 429 (with Retry-After), dropped connections,
 * latency beyond the client timeout (the request still executes after the client gave up) and
 * plain latency. Each rule expires after a few matching requests.
 */
export class ChaosFaults {
  private latencyRules = 0;
  private latencyAdded: { injector: FaultInjector; id: string }[] = [];

  constructor(private readonly sims: Simulators) {}

  injectRandom(rng: Rng): string {
    const target = rng.pick(['advoware', 'espocrm', 'google'] as const);
    const injector = this.sims[target].faults;
    const path = target === 'advoware' ? this.sims.advoware.apiPath : target === 'espocrm' ? '/api/v1/' : '/calendar/v3/';
    const times = rng.int(1, 3);
    const kind = rng.pick(['5xx', '429', 'timeout', 'latency', 'drop'] as const);
    const rule: FaultRule = { path, times };
    if (rng.chance(0.5)) rule.method = rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    switch (kind) {
      case '5xx':
        rule.status = rng.pick([500, 502, 503]);
        break;
      case '429':
        rule.status = 429;
        rule.headers = { 'retry-after': '1' };
        if (target === 'google') rule.body = googleRateLimit;
        break;
      case 'timeout':
        rule.latencyMs = CLIENT_TIMEOUT_SECONDS * 1000 + 500;
        rule.times = 1;
        break;
      case 'latency':
        rule.latencyMs = rng.int(100, 1200);
        break;
      case 'drop':
        rule.drop = true;
        rule.times = 1;
        break;
    }
    const id = injector.add(rule);
    if (rule.latencyMs !== undefined && rule.status === undefined && !rule.drop) {
      this.latencyRules += rule.times ?? 1;
      this.latencyAdded.push({ injector, id });
    }
    return `${target} ${kind}`;
  }

  /** Faults that actually hit a request: failed/dropped ones counted by the simulators, plus consumed latency rules. */
  count(): number {
    const stillPending = this.latencyAdded.reduce((n, { injector, id }) => n + (injector.list().find((r) => r.id === id)?.times ?? 0), 0);
    return this.sims.advoware.faults.injected + this.sims.espocrm.faults.injected + this.sims.google.faults.injected + (this.latencyRules - stillPending);
  }

  clear(): number {
    const total = this.count();
    for (const sim of [this.sims.advoware, this.sims.espocrm, this.sims.google]) sim.faults.clear();
    this.latencyRules = total - (this.sims.advoware.faults.injected + this.sims.espocrm.faults.injected + this.sims.google.faults.injected);
    this.latencyAdded = [];
    return total;
  }
}
