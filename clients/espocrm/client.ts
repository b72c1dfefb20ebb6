import { requestDeadline } from '../activity-signal';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { authHeaders } from './auth';
import { EspoCrmResponseFormatError, EspoCrmUpstreamError } from './errors';
import { errorFromResponse } from './http-errors';
import { espoRecordSchema, listResponseSchema, webhookSchema, type EspoCrmWebhook } from './schemas';
import { encodeWhere, type WhereItem } from './where';

export interface EspoCrmSettings {
  /** e.g. https://crm.example.de/api/v1 */
  apiBaseUrl: string;
  apiKey: string;
  /** Switches to HMAC authentication. */
  hmacSecret?: string;
  timeoutMs: number;
}

/** The subset of pino's logger this client uses. */
export interface EspoCrmLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type EspoRecord = Record<string, unknown>;

export interface ListParams {
  where?: WhereItem[];
  select?: string[];
  orderBy?: string;
  order?: 'asc' | 'desc';
  offset?: number;
  maxSize?: number;
}

export interface ListResult<T> {
  /** Record count; -1/-2 when the server does not count (more / no more records). */
  total: number;
  list: T[];
}

export interface TaskInput {
  name: string;
  description?: string;
  status?: string;
  priority?: 'Low' | 'Normal' | 'High' | 'Urgent';
  dateEnd?: string;
  assignedUserId?: string;
  /** Teams that see the Task (EspoCRM link-multiple `teams`). */
  teamsIds?: string[];
  parentType?: string;
  parentId?: string;
}

export interface NotificationInput {
  message: string;
  userId: string;
  type?: string;
  relatedType?: string;
  relatedId?: string;
}

export interface WebhookRegistration {
  event: string;
  url: string;
  skipOwn?: boolean;
}

export interface EspoCrmClient {
  /**
   * One record. Every answer is validated at this boundary: a record is an object with an `id`
   * (a list: `total` and an array of objects), and with `schema` it must fit that schema too.
   * What does not fit throws EspoCrmResponseFormatError (not retryable) naming the field.
   */
  get<T = EspoRecord>(entity: string, id: string, schema?: z.ZodType<T>): Promise<T>;
  create<T = EspoRecord>(entity: string, data: Record<string, unknown>, options?: { skipDuplicateCheck?: boolean; schema?: z.ZodType<T> }): Promise<T>;
  /** PUT; with versionNumber, EspoCRM rejects the write with 409 when the fields were changed meanwhile. */
  update<T = EspoRecord>(entity: string, id: string, data: Record<string, unknown>, options?: { versionNumber?: number; schema?: z.ZodType<T> }): Promise<T>;
  delete(entity: string, id: string): Promise<void>;
  list<T = EspoRecord>(entity: string, params?: ListParams, schema?: z.ZodType<T>): Promise<ListResult<T>>;
  /** Every matching record, fetched page by page (EspoCRM's maximum page size is 200). */
  listAll<T = EspoRecord>(entity: string, params?: Omit<ListParams, 'offset' | 'maxSize'> & { pageSize?: number }, schema?: z.ZodType<T>): AsyncIterable<T>;
  createTask(task: TaskInput): Promise<EspoRecord>;
  /** `GET Metadata`: the instance's metadata as the API user sees it (entityDefs, field options). */
  metadata(): Promise<Record<string, unknown>>;
  createNotification(notification: NotificationInput): Promise<EspoRecord>;
  registerWebhook(registration: WebhookRegistration): Promise<EspoCrmWebhook>;
  deleteWebhook(id: string): Promise<void>;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

const MAX_PAGE_SIZE = 200;

export function createEspoCrmClient(settings: EspoCrmSettings, options: { logger?: EspoCrmLogger } = {}): EspoCrmClient {
  const base = new URL(settings.apiBaseUrl.replace(/\/+$/, ''));
  const basePath = base.pathname;
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  const logger = options.logger;

  async function call<T>(
    method: string,
    resourcePath: string,
    init: { query?: [string, string][]; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const url = new URL(base.origin);
    url.pathname = basePath + resourcePath;
    if (init.query?.length) url.search = new URLSearchParams(init.query).toString();
    const what = `${method} ${resourcePath}`;
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(settings, method, resourcePath), ...init.headers };
    let payload: string | undefined;
    if (init.body !== undefined) {
      payload = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    const started = Date.now();
    let status: number;
    let reason: string | undefined;
    let text: string;
    const deadline = requestDeadline(settings.timeoutMs);
    try {
      const response = await request(url, {
        method: method as 'GET',
        headers,
        body: payload,
        dispatcher: agent,
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
        signal: deadline.signal,
      });
      status = response.statusCode;
      const reasonHeader = response.headers['x-status-reason'];
      reason = Array.isArray(reasonHeader) ? reasonHeader[0] : reasonHeader;
      text = await response.body.text();
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      logger?.warn({ method, path: resourcePath, ms: Date.now() - started, cause }, 'EspoCRM request failed without answer');
      throw new EspoCrmUpstreamError(`EspoCRM ${what} failed: ${cause}`, 0);
    } finally {
      deadline.release();
    }
    logger?.debug({ method, path: resourcePath, status, ms: Date.now() - started }, 'EspoCRM request');
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        if (status < 300) throw new EspoCrmUpstreamError(`EspoCRM ${what} returned a non-JSON body`, status, reason);
      }
    }
    if (status >= 200 && status < 300) return body as T;
    const error = errorFromResponse(status, reason, body, what);
    logger?.warn({ method, path: resourcePath, status, reason, error: error.name }, 'EspoCRM request rejected');
    throw error;
  }

  const recordPath = (entity: string, id?: string) =>
    id === undefined ? `/${encodeURIComponent(entity)}` : `/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`;

  function listQuery(params: ListParams): [string, string][] {
    const query: [string, string][] = [];
    if (params.offset !== undefined) query.push(['offset', String(params.offset)]);
    if (params.maxSize !== undefined) query.push(['maxSize', String(params.maxSize)]);
    if (params.orderBy) query.push(['orderBy', params.orderBy]);
    if (params.order) query.push(['order', params.order]);
    if (params.select?.length) query.push(['select', params.select.join(',')]);
    if (params.where?.length) query.push(...encodeWhere(params.where));
    return query;
  }

  const client: EspoCrmClient = {
    get: async <T>(entity: string, id: string, schema?: z.ZodType<T>) => {
      const path = recordPath(entity, id);
      return validRecord(await call<T>('GET', path), `GET ${path}`, schema);
    },
    create: async <T>(entity: string, data: Record<string, unknown>, opts: { skipDuplicateCheck?: boolean; schema?: z.ZodType<T> } = {}) => {
      const path = recordPath(entity);
      const headers = opts.skipDuplicateCheck ? { 'x-skip-duplicate-check': 'true' } : undefined;
      return validRecord(await call<T>('POST', path, { body: data, headers }), `POST ${path}`, opts.schema);
    },
    update: async <T>(entity: string, id: string, data: Record<string, unknown>, opts: { versionNumber?: number; schema?: z.ZodType<T> } = {}) => {
      const path = recordPath(entity, id);
      const headers = opts.versionNumber !== undefined ? { 'x-version-number': String(opts.versionNumber) } : undefined;
      return validRecord(await call<T>('PUT', path, { body: data, headers }), `PUT ${path}`, opts.schema);
    },
    delete: async (entity, id) => {
      await call('DELETE', recordPath(entity, id));
    },
    list: async <T>(entity: string, params: ListParams = {}, schema?: z.ZodType<T>) => {
      const path = recordPath(entity);
      const body = await call<ListResult<T>>('GET', path, { query: listQuery(params) });
      const what = `GET ${path}`;
      fitting(listEnvelopeSchema, body, what, 'list');
      return schema ? fitting(listResponseSchema(schema), body, what, 'list') : body;
    },
    listAll: <T>(entity: string, params: Omit<ListParams, 'offset' | 'maxSize'> & { pageSize?: number } = {}, schema?: z.ZodType<T>) => ({
      async *[Symbol.asyncIterator]() {
        const { pageSize = MAX_PAGE_SIZE, ...rest } = params;
        const maxSize = Math.min(Math.max(1, pageSize), MAX_PAGE_SIZE);
        for (let offset = 0; ; offset += maxSize) {
          const page = await client.list<T>(entity, { ...rest, offset, maxSize }, schema);
          yield* page.list;
          // A short page is the end whatever total says; a known total can save the last request.
          if (page.list.length < maxSize) return;
          if (page.total >= 0 && offset + maxSize >= page.total) return;
        }
      },
    }),
    createTask: (task) => client.create('Task', { ...task }),
    metadata: () => call('GET', '/Metadata'),
    createNotification: (notification) => client.create('Notification', { type: 'Message', ...notification }),
    registerWebhook: async (registration) => fitting(webhookSchema, await call('POST', '/Webhook', { body: registration }), 'POST /Webhook', 'record'),
    deleteWebhook: async (id) => {
      await call('DELETE', recordPath('Webhook', id));
    },
    close: () => agent.close(),
  };
  return client;
}

/** A list answer: a count and an array of records (objects; a record without `id` is a format error only with a schema asking for it). */
const listEnvelopeSchema = z.object({ total: z.number(), list: z.array(z.looseObject({})) });

/**
 * A record answer: an object with an `id` (checked always), read with `schema` when given. The
 * body is the client's own parse of the answer; without a schema it is returned as it came.
 */
function validRecord<T>(body: T, what: string, schema?: z.ZodType<T>): T {
  fitting(espoRecordSchema, body, what, 'record');
  return schema ? fitting(schema, body, what, 'record') : body;
}

/** `body` as `schema` reads it, or EspoCrmResponseFormatError naming the first field that does not fit. */
function fitting<T>(schema: z.ZodType<T>, body: unknown, what: string, kind: 'record' | 'list'): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  const field = first?.path.map(String).join('.') || `(${kind})`;
  const details = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || `(${kind})`}: ${issue.message}`).join('; ');
  throw new EspoCrmResponseFormatError(`EspoCRM ${what} returned a ${kind} that does not fit: ${details}`, field);
}
