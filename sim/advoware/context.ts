import type { AdvowareAuth } from './auth';
import type { AdvowareCredentials } from './credentials';
import type { AdvowareState } from './state';

/** What the route modules share: the data, the gateway, and the switches tests flip at run time. */
export interface SimContext {
  state: AdvowareState;
  auth: AdvowareAuth;
  credentials: AdvowareCredentials;
  /** Connector offline: API calls answer 503 "… ist nicht angemeldet". */
  offline: boolean;
  /** Model the GET bug where embedded Kommunikationen report kommKz 0. */
  kommKzZeroOnRead: boolean;
  /** Beteiligte fields a PUT leaves unchanged (read-only on PUT); empty by default. */
  beteiligteReadOnlyOnPut: Set<string>;
  /** Kommunikation fields (tlf, bemerkung, online) a PUT leaves unchanged; empty by default. */
  kommunikationReadOnlyOnPut: Set<string>;
}
