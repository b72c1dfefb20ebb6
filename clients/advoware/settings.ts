import type { TerminFieldNames } from './termin-wire';
import type { AdvowarePaths } from './endpoints';

export interface AdvowareSettings {
  /** Skips discovery when set; then `securityGatewayUrl` is required. */
  apiBaseUrl?: string;
  /** Token gateway base; from discovery unless set. */
  securityGatewayUrl?: string;
  configuratorUrl: string;
  kanzlei: string;
  database: string;
  user: string;
  password: string;
  role: number;
  productId: number;
  appId: string;
  /** base64, as issued by advoware GmbH */
  apiKey: string;
  tokenLifetimeMinutes: number;
  /** Per HTTP request (discovery, token, API call). */
  timeoutMs: number;
  /** Wire names of the Termin fields that are a guess; defaults when absent. */
  terminFields?: TerminFieldNames;
  /** Path templates that differ from the defaults in endpoints.ts (ADVOWARE_PATH_*). */
  paths?: Partial<AdvowarePaths>;
  /** Least time between two forced token refreshes; default 30 s (account-lockout guard). */
  forcedRefreshIntervalMs?: number;
}

type LogFn = (obj: Record<string, unknown>, msg?: string) => void;

/** pino-compatible subset. */
export interface AdvowareLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const silentLogger: AdvowareLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Base URLs are used with plain string appends (`base + 'api/v1/…'`), so they must end in '/'. */
export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
