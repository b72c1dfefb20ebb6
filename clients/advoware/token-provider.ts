import { randomUUID } from 'node:crypto';
import { createAdvowareEndpoints } from './endpoints';
import { AdvowareAuthError, AdvowareResponseFormatError, AdvowareUpstreamError, advowareMessageOf } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { tokenResponseSchema } from './schemas';
import type { AdvowareLogger, AdvowareSettings } from './settings';
import { signToken } from './signature';

const SAFETY_MARGIN_MS = 2 * 60_000;
/** Default gap between two forced token refreshes (and between two logins after a refused one). */
export const DEFAULT_FORCED_REFRESH_INTERVAL_MS = 30_000;

interface CachedToken {
  token: string;
  refreshAt: number;
}

export interface TokenProviderDeps {
  settings: AdvowareSettings;
  gatewayUrl: () => Promise<string>;
  send: (req: HttpRequest) => Promise<HttpResponse>;
  now: () => number;
  logger: AdvowareLogger;
}

/**
 * Holds one bearer token for all callers. Concurrent callers share a single in-flight refresh,
 * so a burst of N calls (or N simultaneous 401s) costs one token request. Logins are also
 * bounded over time, whatever callers do, because Advoware locks accounts after repeated
 * logins: at most one forced refresh (after a refused token) per `forcedRefreshIntervalMs`,
 * and a refused login is answered from memory for that long instead of being repeated.
 */
export class AdvowareTokenProvider {
  private cached?: CachedToken;
  private inflight?: Promise<string>;
  private lastForcedAt?: number;
  private refusedLogin?: { error: Error; at: number };

  constructor(private readonly deps: TokenProviderDeps) {}

  private get interval(): number {
    return this.deps.settings.forcedRefreshIntervalMs ?? DEFAULT_FORCED_REFRESH_INTERVAL_MS;
  }

  async get(): Promise<string> {
    if (this.cached && this.deps.now() < this.cached.refreshAt) return this.cached.token;
    if (this.refusedLogin && this.deps.now() - this.refusedLogin.at < this.interval) throw this.refusedLogin.error;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * After Advoware refused `token`: the token to retry with, or undefined when the last forced
   * refresh is too recent (the caller then returns the 401 as it is). A caller whose token was
   * already replaced by another caller simply gets the new one.
   */
  async refreshAfterRefusal(token: string): Promise<string | undefined> {
    if (this.cached?.token !== token) return this.get();
    const now = this.deps.now();
    if (this.lastForcedAt !== undefined && now - this.lastForcedAt < this.interval) {
      this.deps.logger.warn({ op: 'advoware.token-refresh', nextAllowedInMs: this.lastForcedAt + this.interval - now }, 'advoware refused the token again; forced refresh withheld');
      return undefined;
    }
    this.lastForcedAt = now;
    this.cached = undefined;
    return this.get();
  }

  private async fetchToken(): Promise<string> {
    const { settings, now, logger } = this.deps;
    const url = `${await this.deps.gatewayUrl()}${createAdvowareEndpoints(settings.paths).token}`;
    const nonce = randomUUID();
    const requestTimeStamp = new Date(now()).toISOString();
    const signature = signToken(settings.apiKey, { productId: settings.productId, appId: settings.appId, nonce, requestTimeStamp });
    const started = now();
    const response = await this.deps.send({
      method: 'POST',
      url,
      timeoutMs: settings.timeoutMs,
      label: 'token request',
      json: {
        AppID: settings.appId,
        Kanzlei: settings.kanzlei,
        Database: settings.database,
        User: settings.user,
        Role: settings.role,
        Product: settings.productId,
        Password: settings.password,
        Nonce: nonce,
        HMAC512Signature: signature,
        RequestTimeStamp: requestTimeStamp,
      },
    });
    logger.debug({ op: 'advoware.token', status: response.status, durationMs: now() - started }, 'advoware token request');

    if (response.status < 200 || response.status >= 300) {
      const error = tokenError(response);
      if (error instanceof AdvowareAuthError) this.refusedLogin = { error, at: now() };
      throw error;
    }
    this.refusedLogin = undefined;
    const parsed = tokenResponseSchema.safeParse(response.body);
    if (!parsed.success) throw new AdvowareResponseFormatError('Advoware token response has no access_token', { status: response.status });

    this.cached = { token: parsed.data.access_token, refreshAt: this.refreshTime(started, parsed.data) };
    return parsed.data.access_token;
  }

  /**
   * Refresh before min(server expiry, configured lifetime) minus 2 minutes. The margin is capped
   * at half the lifetime so a short-lived token is still reused rather than fetched per call.
   */
  private refreshTime(issuedAt: number, response: { expiration_utc?: string | null; expires_in?: number | null }): number {
    const candidates = [issuedAt + this.deps.settings.tokenLifetimeMinutes * 60_000];
    if (typeof response.expires_in === 'number' && response.expires_in > 0) candidates.push(issuedAt + response.expires_in * 1000);
    const serverExpiry = response.expiration_utc ? Date.parse(response.expiration_utc) : Number.NaN;
    if (Number.isFinite(serverExpiry)) candidates.push(serverExpiry);
    const expiresAt = Math.min(...candidates);
    const lifetime = Math.max(0, expiresAt - issuedAt);
    return expiresAt - Math.min(SAFETY_MARGIN_MS, lifetime / 2);
  }
}

function tokenError(response: HttpResponse): Error {
  const advowareMessage = advowareMessageOf(response.body);
  const message = `Advoware token request failed with HTTP ${response.status}${advowareMessage ? `: ${advowareMessage}` : ''}`;
  const details = { status: response.status, advowareMessage };
  if (response.status === 408 || response.status === 429 || response.status >= 500) return new AdvowareUpstreamError(message, details);
  return new AdvowareAuthError(message, details);
}
