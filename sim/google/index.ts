import { createSimHarness, listen } from '../shared/harness';
import type { FaultInjector } from '../shared/faults';
import type { RequestCounter } from '../shared/counter';
import { installGoogleApi } from './app';
import type { ServiceAccountJson } from './auth';
import type { GoogleState } from './state';

export { googleErrorBody, type GoogleErrorBody } from './errors';
export { GoogleState, DEFAULT_TIME_ZONE } from './state';
export type { ServiceAccountJson } from './auth';
export type { EventJson, CalendarJson, EventDateTime } from './types';

export interface GoogleSimOptions {
  port?: number;
  /** Tokens must impersonate a user (JWT sub) and may only touch that user's calendars (403 otherwise). */
  requireSubject?: boolean;
  userRatePerMinute?: number;
  projectRatePerMinute?: number;
  rateLimitsEnabled?: boolean;
  tokenLifetimeSeconds?: number;
}

export interface GoogleSim {
  /** Base URL without trailing slash; use it (or it + '/') as the googleapis `rootUrl`. */
  url: string;
  tokenUrl: string;
  state: GoogleState;
  faults: FaultInjector;
  counter: RequestCounter;
  createServiceAccountKey(options?: { clientEmail?: string }): ServiceAccountJson;
  invalidateSyncTokens(calendarId?: string): void;
  /** Every access token issued so far answers 401 from now on (token expiry without waiting). */
  expireAccessTokens(): void;
  /** 403 quota answers (per user, per project) since start or the last admin reset. */
  quotaRejections(): { user: number; project: number };
  close(): Promise<void>;
}

/** Starts the Google Calendar simulator (OAuth token endpoint + Calendar API v3) on 127.0.0.1. */
export async function startGoogleSim(options: GoogleSimOptions = {}): Promise<GoogleSim> {
  const { app, faults, counter } = createSimHarness('google');
  let baseUrl = '';
  const ctx = installGoogleApi(
    app,
    {
      requireSubject: options.requireSubject ?? false,
      userRatePerMinute: options.userRatePerMinute ?? 600,
      projectRatePerMinute: options.projectRatePerMinute ?? 10_000,
      rateLimitsEnabled: options.rateLimitsEnabled ?? true,
    },
    () => `${baseUrl}/token`,
    options.tokenLifetimeSeconds ?? 3600,
  );
  baseUrl = await listen(app, options.port ?? 0);
  return {
    url: baseUrl,
    tokenUrl: `${baseUrl}/token`,
    state: ctx.state,
    faults,
    counter,
    createServiceAccountKey: (keyOptions) => ctx.auth.createServiceAccountKey(keyOptions),
    invalidateSyncTokens: (calendarId) => ctx.state.invalidateSyncTokens(calendarId),
    expireAccessTokens: () => ctx.auth.expireAll(),
    quotaRejections: () => ({ ...ctx.limiter.rejected }),
    close: () => app.close(),
  };
}
