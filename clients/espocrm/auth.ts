import { createHmac } from 'node:crypto';

export interface EspoCrmCredentials {
  apiKey: string;
  hmacSecret?: string;
}

/**
 * Auth headers for one request. With a secret: `X-Hmac-Authorization` =
 * base64(apiKey + ":" + hex(HMAC-SHA256(secret, "METHOD /resourcePath"))), where the resource
 * path is the URI path after `/api/v1` without query string. Otherwise `X-Api-Key`.
 */
export function authHeaders(credentials: EspoCrmCredentials, method: string, resourcePath: string): Record<string, string> {
  if (!credentials.hmacSecret) return { 'x-api-key': credentials.apiKey };
  const digest = createHmac('sha256', credentials.hmacSecret).update(`${method.toUpperCase()} ${resourcePath}`).digest('hex');
  return { 'x-hmac-authorization': Buffer.from(`${credentials.apiKey}:${digest}`).toString('base64') };
}
