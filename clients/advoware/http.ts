import { Agent, request, type Dispatcher } from 'undici';
import { requestDeadline } from '../activity-signal';
import { parseRetryAfter } from '../errors';
import { AdvowareError, AdvowareResponseTooLargeError, AdvowareUpstreamError } from './errors';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON when defined. */
  json?: unknown;
  timeoutMs: number;
  /** Used in error messages instead of the URL (which may carry personal data in the query). */
  label: string;
  /** Stop reading and throw AdvowareResponseTooLargeError past this many body bytes. */
  maxResponseBytes?: number;
  /** Aborts the request (activity cancellation, worker shutdown) in addition to the timeout. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** From a Retry-After header (429/503), in milliseconds. */
  retryAfterMs?: number;
}

/** One keep-alive connection pool per client, shared by discovery, token and API calls. */
export function createDispatcher(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 10 * 60_000, connections: 32 });
}

/**
 * Sends one request and reads the whole body. HTTP error statuses are returned, not thrown;
 * only timeouts and connection failures throw (as retryable AdvowareUpstreamError).
 */
export async function sendHttp(dispatcher: Agent, req: HttpRequest): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let payload: string | undefined;
  if (req.json !== undefined) {
    payload = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  }
  const deadline = requestDeadline(req.timeoutMs, req.signal);
  try {
    const response = await request(req.url, {
      dispatcher,
      method: req.method as 'GET',
      headers,
      body: payload,
      signal: deadline.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const text = req.maxResponseBytes === undefined ? await response.body.text() : await readCapped(response, req);
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      body: parseBody(text, String(response.headers['content-type'] ?? '')),
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
    };
  } catch (error) {
    if (error instanceof AdvowareError) throw error;
    throw toUpstreamError(error, req);
  } finally {
    deadline.release();
  }
}

/** Reads at most `maxResponseBytes`; a larger body (announced or streamed) is dropped unread. */
async function readCapped(response: Dispatcher.ResponseData, req: HttpRequest): Promise<string> {
  const max = req.maxResponseBytes as number;
  const tooLarge = () => new AdvowareResponseTooLargeError(`Advoware ${req.label} answered with more than ${max} bytes`, { status: response.statusCode });
  // Dropping the connection makes undici emit an AbortError on the body; nobody else listens.
  const drop = () => response.body.on('error', () => undefined).destroy();
  const announced = Number(response.headers['content-length']);
  if (Number.isFinite(announced) && announced > max) {
    drop();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      drop();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string): unknown {
  if (text === '') return null;
  if (contentType.includes('json') || /^[[{"]/.test(text.trimStart())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function toUpstreamError(error: unknown, req: HttpRequest): AdvowareUpstreamError {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  const timedOut = name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  const reason = timedOut ? `timed out after ${req.timeoutMs} ms` : `connection failed (${typeof code === 'string' ? code : name || 'unknown error'})`;
  return new AdvowareUpstreamError(`Advoware ${req.label} ${reason}`, { cause: error });
}
