import { z } from 'zod';
import { AdvowareDiscovery } from './discovery';
import { createAdvowareEndpoints } from './endpoints';
import { AdvowareNotFoundError, AdvowareResponseFormatError, errorForStatus } from './errors';
import { createDispatcher, sendHttp, type HttpRequest, type HttpResponse } from './http';
import {
  adresseSchema,
  bankverbindungSchema,
  beteiligteSchema,
  employeeSchema,
  kommunikationSchema,
  type AdvowareAdresse,
  type AdvowareAdresseWrite,
  type AdvowareBankverbindung,
  type AdvowareBankverbindungCreate,
  type AdvowareBeteiligte,
  type AdvowareBeteiligteWrite,
  type AdvowareEmployee,
  type AdvowareKommunikation,
  type AdvowareKommunikationCreate,
  type AdvowareKommunikationUpdate,
  type AdvowareTermin,
  type AdvowareTerminWrite,
} from './schemas';
import { silentLogger, type AdvowareLogger, type AdvowareSettings } from './settings';
import { DEFAULT_TERMIN_FIELDS, terminFromWire, terminListFromWire, terminToWire, type TerminList } from './termin-wire';
import { AdvowareTokenProvider } from './token-provider';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export interface AdvowareRequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Refuse (AdvowareResponseTooLargeError) a response body larger than this; unlimited when unset. */
  maxResponseBytes?: number;
  /** Cancels the call (e.g. the activity's cancellation signal). */
  signal?: AbortSignal;
}

export interface AdvowareClient {
  /** Raw call for the proxy: same auth handling; returns 4xx/5xx instead of throwing. */
  request(method: string, path: string, options?: AdvowareRequestOptions): Promise<HttpResponse>;
  getBeteiligte(betNr: number): Promise<AdvowareBeteiligte>;
  createBeteiligte(body: AdvowareBeteiligteWrite): Promise<AdvowareBeteiligte>;
  /** Full replace: send the record as read with only the mapped fields changed. */
  updateBeteiligte(betNr: number, fullBody: AdvowareBeteiligteWrite): Promise<AdvowareBeteiligte>;
  searchBeteiligte(criteria: { name: string; vorname?: string }): Promise<AdvowareBeteiligte[]>;
  createKommunikation(betNr: number, body: AdvowareKommunikationCreate): Promise<AdvowareKommunikation>;
  updateKommunikation(betNr: number, id: number, body: AdvowareKommunikationUpdate): Promise<AdvowareKommunikation>;
  /** POST accepts every address field. */
  createAdresse(betNr: number, body: AdvowareAdresseWrite): Promise<AdvowareAdresse>;
  /** PUT applies strasse, plz, ort, anschrift only; Advoware silently ignores the other fields. */
  updateAdresse(betNr: number, id: number, body: AdvowareAdresseWrite): Promise<AdvowareAdresse>;
  listBankverbindungen(betNr: number): Promise<AdvowareBankverbindung[]>;
  createBankverbindung(betNr: number, body: AdvowareBankverbindungCreate): Promise<AdvowareBankverbindung>;
  /**
   * Includes special entries with negative frNr; callers skip those. Rows that cannot be read
   * (odd flags, no date) are left out, logged with their frNr and returned in `rejected`.
   */
  listTermine(filter: { kuerzel: string; from: string; to: string }): Promise<TerminList>;
  getTermin(frNr: number): Promise<AdvowareTermin>;
  createTermin(body: AdvowareTerminWrite): Promise<AdvowareTermin>;
  updateTermin(frNr: number, patch: AdvowareTerminWrite): Promise<AdvowareTermin>;
  deleteTermin(frNr: number): Promise<void>;
  listEmployees(): Promise<AdvowareEmployee[]>;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

export interface AdvowareClientOptions {
  logger?: AdvowareLogger;
  now?: () => number;
}

export function createAdvowareClient(settings: AdvowareSettings, options: AdvowareClientOptions = {}): AdvowareClient {
  const logger = options.logger ?? silentLogger;
  const paths = createAdvowareEndpoints(settings.paths);
  const now = options.now ?? Date.now;
  const dispatcher = createDispatcher();
  const send = (req: HttpRequest) => sendHttp(dispatcher, req);
  const discovery = new AdvowareDiscovery(settings, send);
  const tokens = new AdvowareTokenProvider({
    settings,
    gatewayUrl: async () => (await discovery.resolve()).securityGatewayUrl,
    send,
    now,
    logger,
  });

  async function callOnce(method: string, path: string, token: string, options: AdvowareRequestOptions): Promise<HttpResponse> {
    const { apiBaseUrl } = await discovery.resolve();
    const started = now();
    const response = await send({
      method,
      url: `${apiBaseUrl}${relativePath(path)}${queryString(options.query, path.includes('?'))}`,
      headers: { authorization: `Bearer ${token}` },
      json: options.body,
      timeoutMs: settings.timeoutMs,
      label: `${method} ${relativePath(path)}`,
      maxResponseBytes: options.maxResponseBytes,
      signal: options.signal,
    });
    // Path only: queries can carry names, bodies personal data.
    logger.debug({ op: 'advoware.call', method, path: relativePath(path), status: response.status, durationMs: now() - started }, 'advoware call');
    return response;
  }

  /**
   * One call; on 401 the token is refreshed once and the call retried once — unless a forced
   * refresh happened within the last 30 s, then the 401 is returned as it is.
   */
  async function request(method: string, path: string, options: AdvowareRequestOptions = {}): Promise<HttpResponse> {
    const upper = method.toUpperCase();
    const token = await tokens.get();
    const response = await callOnce(upper, path, token, options);
    if (response.status !== 401) return response;
    logger.debug({ op: 'advoware.token-refresh', method: upper, path: relativePath(path) }, 'advoware token refused, refreshing once');
    const fresh = await tokens.refreshAfterRefusal(token);
    return fresh === undefined ? response : callOnce(upper, path, fresh, options);
  }

  async function parsedCall<S extends z.ZodType>(schema: S, method: string, path: string, options?: AdvowareRequestOptions): Promise<z.infer<S>> {
    const response = await request(method, path, options);
    const what = `${method} ${relativePath(path)}`;
    if (response.status < 200 || response.status >= 300) throw errorForStatus(response.status, response.body, what, response.retryAfterMs);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      throw new AdvowareResponseFormatError(`Advoware ${what} returned an unexpected body: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
        status: response.status,
      });
    }
    return parsed.data;
  }

  async function expectNoContent(method: string, path: string): Promise<void> {
    const response = await request(method, path);
    if (response.status < 200 || response.status >= 300) throw errorForStatus(response.status, response.body, `${method} ${relativePath(path)}`, response.retryAfterMs);
  }

  const list = <S extends z.ZodType>(schema: S) => schema.array();
  const terminFields = settings.terminFields ?? DEFAULT_TERMIN_FIELDS;
  const rows = z.array(z.unknown());

  async function terminCall(method: string, path: string, body?: AdvowareTerminWrite): Promise<AdvowareTermin> {
    const answer = await parsedCall(z.unknown(), method, path, body === undefined ? undefined : { body: terminToWire(body, terminFields) });
    const raw = method === 'GET' ? singleFromList(answer, path) : answer;
    const read = terminFromWire(raw, terminFields);
    if ('termin' in read) return read.termin;
    throw new AdvowareResponseFormatError(`Advoware ${method} ${relativePath(path)} returned a Termin that cannot be read: ${read.rejected.reason}`, { status: 200 });
  }

  async function listTermine(filter: { kuerzel: string; from: string; to: string }): Promise<TerminList> {
    const result = terminListFromWire(await parsedCall(rows, 'GET', paths.termineCollection, { query: filter }), terminFields);
    for (const { frNr, reason } of result.rejected) logger.warn({ op: 'advoware.termin-skipped', frNr, reason }, 'Termin skipped: cannot be read');
    return result;
  }

  return {
    request,
    getBeteiligte: (betNr) => parsedCall(beteiligteSchema, 'GET', paths.beteiligte(betNr)),
    createBeteiligte: (body) => parsedCall(beteiligteSchema, 'POST', paths.beteiligteCollection, { body }),
    updateBeteiligte: (betNr, fullBody) => parsedCall(beteiligteSchema, 'PUT', paths.beteiligte(betNr), { body: fullBody }),
    searchBeteiligte: ({ name, vorname }) => parsedCall(list(beteiligteSchema), 'GET', paths.beteiligteCollection, { query: { name, vorname } }),
    createKommunikation: (betNr, body) => parsedCall(kommunikationSchema, 'POST', paths.kommunikationen(betNr), { body }),
    updateKommunikation: (betNr, id, body) => parsedCall(kommunikationSchema, 'PUT', paths.kommunikation(betNr, id), { body }),
    createAdresse: (betNr, body) => parsedCall(adresseSchema, 'POST', paths.adressen(betNr), { body }),
    updateAdresse: (betNr, id, body) => parsedCall(adresseSchema, 'PUT', paths.adresse(betNr, id), { body }),
    listBankverbindungen: (betNr) => parsedCall(list(bankverbindungSchema), 'GET', paths.bankverbindungen(betNr)),
    createBankverbindung: (betNr, body) => parsedCall(bankverbindungSchema, 'POST', paths.bankverbindungen(betNr), { body }),
    listTermine: ({ kuerzel, from, to }) => listTermine({ kuerzel, from, to }),
    getTermin: (frNr) => terminCall('GET', paths.termin(frNr)),
    createTermin: (body) => terminCall('POST', paths.termineCollection, body),
    updateTermin: (frNr, patch) => terminCall('PUT', paths.termin(frNr), patch),
    deleteTermin: (frNr) => expectNoContent('DELETE', paths.termin(frNr)),
    listEmployees: () => parsedCall(list(employeeSchema), 'GET', paths.mitarbeiter),
    close: () => dispatcher.close(),
  };
}

/**
 * A single-record GET through a filter template (`…?frnr={frNr}`, as the old system called it)
 * may answer with a list: take its one element; an empty list means not found.
 */
function singleFromList(answer: unknown, path: string): unknown {
  if (!Array.isArray(answer)) return answer;
  if (answer.length === 0) throw new AdvowareNotFoundError(`Advoware GET ${relativePath(path)}: nicht gefunden (leere Liste)`, { status: 404 });
  if (answer.length > 1) throw new AdvowareResponseFormatError(`Advoware GET ${relativePath(path)} answered with ${answer.length} records instead of one (does the filter work?)`, { status: 200 });
  return answer[0];
}

/** API paths are relative to the base; refuse anything that could leave it. */
function relativePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.split(/[/?]/).includes('..')) {
    throw new TypeError(`Advoware path must be relative to the API base: ${JSON.stringify(path)}`);
  }
  return trimmed;
}

/** `continues`: the path template already carries a query (e.g. `…?frnr=1`), so append with `&`. */
function queryString(query: Record<string, QueryValue> | undefined, continues = false): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `${continues ? '&' : '?'}${text}` : '';
}
