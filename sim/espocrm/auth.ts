import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiUser } from './types';

export interface AuthRequest {
  method: string;
  /** URI path after the `/api/v1` base, starting with `/`, without query string. */
  resourcePath: string;
  apiKeyHeader?: string;
  hmacHeader?: string;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * EspoCRM API-user authentication. A user with a secret key uses the HMAC method only
 * (`X-Hmac-Authorization`, lowercase hex digest or the legacy raw digest); a user without one
 * uses `X-Api-Key` only. Returns the authenticated user, or undefined (→ 401).
 */
export function authenticate(users: ApiUser[], req: AuthRequest): ApiUser | undefined {
  if (req.hmacHeader) {
    const decoded = Buffer.from(req.hmacHeader, 'base64');
    const colon = decoded.indexOf(0x3a);
    if (colon <= 0) return undefined;
    const apiKey = decoded.subarray(0, colon).toString('utf8');
    const given = decoded.subarray(colon + 1);
    const user = users.find((u) => u.apiKey === apiKey && u.secretKey);
    if (!user?.secretKey) return undefined;
    const digest = createHmac('sha256', user.secretKey).update(`${req.method.toUpperCase()} ${req.resourcePath}`).digest();
    const hex = Buffer.from(digest.toString('hex'));
    return safeEqual(given, hex) || safeEqual(given, digest) ? user : undefined;
  }
  if (req.apiKeyHeader) {
    const given = Buffer.from(req.apiKeyHeader);
    return users.find((u) => !u.secretKey && safeEqual(given, Buffer.from(u.apiKey)));
  }
  return undefined;
}
