import { Agent, request } from 'undici';
import { parseRetryAfter } from '../errors';
import { AdvowareUpstreamError } from './errors';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON when defined. */
  json?: unknown;
  timeoutMs: number;
  /** Used in error messages instead of the URL (which may carry personal data in the query). */
  label: string;
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
  try {
    const response = await request(req.url, {
      dispatcher,
      method: req.method as 'GET',
      headers,
      body: payload,
      signal: AbortSignal.timeout(req.timeoutMs),
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const text = await response.body.text();
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      body: parseBody(text, String(response.headers['content-type'] ?? '')),
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
    };
  } catch (error) {
    throw toUpstreamError(error, req);
  }
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
