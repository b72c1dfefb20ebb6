/**
 * Fault injection shared by all three simulators. A rule matches requests by method and path
 * (prefix or regular expression) and either fails them with a status, delays them, or drops the
 * connection. Rules with `times` expire after that many matches.
 */
export interface FaultRule {
  id?: string;
  method?: string;
  /** Path prefix (e.g. "/api/v1/Token") or, when it starts with "^", a regular expression. */
  path?: string;
  /** Respond with this status instead of handling the request. */
  status?: number;
  /** JSON body sent with `status`; a generic one is used when omitted. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Delay before handling (or before failing) in milliseconds. */
  latencyMs?: number;
  /** Destroy the socket without a response. */
  drop?: boolean;
  /** Number of matching requests this rule applies to; unlimited when omitted. */
  times?: number;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  drop: boolean;
}

export class FaultInjector {
  private rules: (FaultRule & { id: string; remaining: number })[] = [];
  private nextId = 1;
  injected = 0;

  add(rule: FaultRule): string {
    const id = rule.id ?? `fault-${this.nextId++}`;
    this.rules.push({ ...rule, id, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  /** Fail the next `times` requests matching method/path with `status`. */
  failNext(times: number, status: number, match: { method?: string; path?: string } = {}, body?: unknown): string {
    return this.add({ ...match, status, times, body });
  }

  remove(id: string): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: Number.isFinite(remaining) ? remaining : undefined }));
  }

  /** Consumes matching rules and returns what should happen to this request. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, drop: false };
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule, method, path)) continue;
      rule.remaining -= 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.drop) decision.drop = true;
      if (rule.status !== undefined && decision.status === undefined) {
        decision.status = rule.status;
        decision.body = rule.body;
        decision.headers = rule.headers;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    if (decision.drop || decision.status !== undefined) this.injected += 1;
    return decision;
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (!rule.path) return true;
  return rule.path.startsWith('^') ? new RegExp(rule.path).test(path) : path.startsWith(rule.path);
}
