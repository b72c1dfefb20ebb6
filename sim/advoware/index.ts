import type { FastifyError } from 'fastify';
import { createSimHarness, listen } from '../shared/harness';
import type { FaultInjector } from '../shared/faults';
import type { RequestCounter } from '../shared/counter';
import { AdvowareAuth } from './auth';
import type { SimContext } from './context';
import { DEFAULT_ADVOWARE_CREDENTIALS, type AdvowareCredentials } from './credentials';
import { AdvowareSimError } from './errors';
import { registerAdminRoutes } from './routes/admin';
import { apiPlugin, refusingPlugin } from './routes/api';
import { registerDiscoveryRoutes, type DiscoveryUrls } from './routes/discovery';
import { registerTokenRoute } from './routes/token';
import { AdvowareState, type AdvowareSeed } from './state';

export { DEFAULT_ADVOWARE_CREDENTIALS, type AdvowareCredentials } from './credentials';
export { AdvowareState } from './state';
export type { AdvowareSeed, AdvowareSnapshot, Akte, BeteiligteView, Employee, EmployeeInput } from './state';
export type { KommunikationRecord } from './kommunikation';
export type { AdresseRecord } from './adressen';
export type { BankverbindungRecord } from './bankverbindungen';
export type { TerminRecord } from './termine';
export type { BeteiligteCore, BeteiligteStamm } from './beteiligte';
export { AdvowareAuth, expectedSignature } from './auth';

export interface AdvowareSimOptions {
  port?: number;
  credentials?: Partial<AdvowareCredentials>;
  /** Token lifetime handed out by the gateway; default 55 minutes. */
  tokenLifetimeSeconds?: number;
  /** 'connector': connectorUrl set (relayUrl refuses calls); 'relay': connectorUrl null. */
  discovery?: 'connector' | 'relay';
  /** Status of every token refusal; default 401. */
  authErrorStatus?: number;
  rejectReusedNonce?: boolean;
  /** Reject token requests whose RequestTimeStamp is further off; unchecked when omitted. */
  maxClockSkewMinutes?: number;
  /** Model the GET bug where embedded Kommunikationen report kommKz 0. */
  kommKzZeroOnRead?: boolean;
  /** Beteiligte fields a PUT silently leaves unchanged (to test verify-after-write). */
  beteiligteReadOnlyOnPut?: string[];
  /** Kommunikation fields (tlf, bemerkung, online) a PUT silently leaves unchanged (to test verify-after-write). */
  kommunikationReadOnlyOnPut?: string[];
  /** Clock for geaendertAm, zuletztGeaendertAm and token expiry. */
  now?: () => number;
  seed?: AdvowareSeed;
}

export interface AdvowareSim {
  /** e.g. http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** url + '/AdvonetConfigurator/' */
  configuratorUrl: string;
  /** The working API base discovery hands out (ends in '/'). */
  apiBaseUrl: string;
  /** The security gateway base (ends in '/'); the token endpoint is `${securityGatewayUrl}api/v1/Token`. */
  securityGatewayUrl: string;
  /** Path of apiBaseUrl ('/connector/' or '/relay/'), for counter and fault matching. */
  apiPath: string;
  /** Path of the token endpoint ('/security/api/v1/Token'), for counter and fault matching. */
  tokenPath: string;
  state: AdvowareState;
  auth: AdvowareAuth;
  faults: FaultInjector;
  counter: RequestCounter;
  expireAllTokens(): void;
  setOffline(offline: boolean): void;
  setKommKzZeroOnRead(enabled: boolean): void;
  /** Beteiligte fields a PUT silently leaves unchanged from now on ([] = none). */
  setBeteiligteReadOnlyOnPut(fields: string[]): void;
  /** Kommunikation fields (tlf, bemerkung, online) a PUT silently leaves unchanged from now on ([] = none). */
  setKommunikationReadOnlyOnPut(fields: string[]): void;
  close(): Promise<void>;
}

const CONNECTOR_PREFIX = '/connector';
const RELAY_PREFIX = '/relay';
const SECURITY_PREFIX = '/security';

export async function startAdvowareSim(options: AdvowareSimOptions = {}): Promise<AdvowareSim> {
  const credentials: AdvowareCredentials = { ...DEFAULT_ADVOWARE_CREDENTIALS, ...options.credentials };
  const now = options.now ?? Date.now;
  const mode = options.discovery ?? 'connector';
  const state = new AdvowareState(now);
  const auth = new AdvowareAuth({
    credentials,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 55 * 60,
    authErrorStatus: options.authErrorStatus ?? 401,
    rejectReusedNonce: options.rejectReusedNonce ?? false,
    maxClockSkewMinutes: options.maxClockSkewMinutes,
    now,
  });
  const ctx: SimContext = { state, auth, credentials, offline: false, kommKzZeroOnRead: options.kommKzZeroOnRead ?? false,
    beteiligteReadOnlyOnPut: new Set(options.beteiligteReadOnlyOnPut ?? []),
    kommunikationReadOnlyOnPut: new Set(options.kommunikationReadOnlyOnPut ?? []),
  };
  if (options.seed) state.seed(options.seed);

  const { app, faults, counter } = createSimHarness('Advoware');
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof AdvowareSimError) return reply.code(error.status).send({ error: error.message });
    if ((error.statusCode ?? 500) < 500) return reply.code(error.statusCode ?? 400).send({ error: `Ungültige Anfrage: ${error.message}` });
    return reply.code(500).send({ error: 'Interner Serverfehler im Advoware-Simulator.' });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'Die angeforderte Ressource wurde nicht gefunden.' }));

  // Filled in after listen(); the discovery route reads it per request.
  const urls: DiscoveryUrls = { relayUrl: '', connectorUrl: null, securityGateway: '' };
  registerDiscoveryRoutes(app, ctx, urls);
  registerTokenRoute(app, ctx, SECURITY_PREFIX);
  registerAdminRoutes(app, ctx);
  const livePrefix = mode === 'connector' ? CONNECTOR_PREFIX : RELAY_PREFIX;
  await app.register(apiPlugin, { prefix: livePrefix, ctx });
  if (mode === 'connector') {
    const message = `Die Kanzlei '${credentials.kanzlei}' ist über einen Connector angebunden; der Relay nimmt keine API-Aufrufe an.`;
    await app.register(refusingPlugin, { prefix: RELAY_PREFIX, message });
  }

  const url = await listen(app, options.port ?? 0);
  urls.securityGateway = `${url}${SECURITY_PREFIX}/`;
  urls.relayUrl = `${url}${RELAY_PREFIX}/`;
  urls.connectorUrl = mode === 'connector' ? `${url}${CONNECTOR_PREFIX}/` : null;

  return {
    url,
    configuratorUrl: `${url}/AdvonetConfigurator/`,
    apiBaseUrl: `${url}${livePrefix}/`,
    securityGatewayUrl: urls.securityGateway,
    apiPath: `${livePrefix}/`,
    tokenPath: `${SECURITY_PREFIX}/api/v1/Token`,
    state,
    auth,
    faults,
    counter,
    expireAllTokens: () => auth.expireAll(),
    setOffline: (offline) => {
      ctx.offline = offline;
    },
    setKommKzZeroOnRead: (enabled) => {
      ctx.kommKzZeroOnRead = enabled;
    },
    setBeteiligteReadOnlyOnPut: (fields) => {
      ctx.beteiligteReadOnlyOnPut = new Set(fields);
    },
    setKommunikationReadOnlyOnPut: (fields) => {
      ctx.kommunikationReadOnlyOnPut = new Set(fields);
    },
    close: () => app.close(),
  };
}
