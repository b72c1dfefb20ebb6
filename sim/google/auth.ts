import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';

export interface ServiceAccountJson {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export interface AccessToken {
  /** The user the token acts as: the JWT `sub` (domain-wide delegation) or the service account itself. */
  user: string;
  serviceAccount: string;
  scopes: string[];
  expiresAt: number;
}

export class TokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
const CALENDAR_SCOPES = [CALENDAR_SCOPE, `${CALENDAR_SCOPE}.events`, `${CALENDAR_SCOPE}.readonly`, `${CALENDAR_SCOPE}.events.readonly`];

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The OAuth side of the simulator: service-account keys it has issued (public keys only are kept
 * for verification) and the access tokens handed out by the token endpoint.
 */
export class AuthRegistry {
  private publicKeys = new Map<string, KeyObject>();
  private tokens = new Map<string, AccessToken>();

  constructor(
    private readonly tokenUrl: () => string,
    private readonly tokenLifetimeSeconds: number,
  ) {}

  createServiceAccountKey(options: { clientEmail?: string; projectId?: string } = {}): ServiceAccountJson {
    const projectId = options.projectId ?? 'advoware-bridge-sim';
    const clientEmail = options.clientEmail ?? `sim-${randomBytes(4).toString('hex')}@${projectId}.iam.gserviceaccount.com`;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyId = randomBytes(20).toString('hex');
    this.publicKeys.set(clientEmail, createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })));
    return {
      type: 'service_account',
      project_id: projectId,
      private_key_id: keyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: this.tokenUrl(),
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
      universe_domain: 'googleapis.com',
    };
  }

  /** RFC 7523 JWT bearer grant: RS256 signature by a key we issued, not expired, calendar scope. */
  exchangeAssertion(assertion: string): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const parts = assertion.split('.');
    if (parts.length !== 3) throw new TokenError('invalid_grant', 'Invalid JWT: malformed assertion.');
    const [headerPart, payloadPart, signaturePart] = parts;
    const header = decodeJson(headerPart);
    const claims = decodeJson(payloadPart);
    if (!header || !claims || header.alg !== 'RS256') throw new TokenError('invalid_grant', 'Invalid JWT: unsupported header.');
    const iss = typeof claims.iss === 'string' ? claims.iss : '';
    const key = this.publicKeys.get(iss);
    const signed = key && verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`), key, Buffer.from(signaturePart, 'base64url'));
    if (!signed) throw new TokenError('invalid_grant', 'Invalid JWT Signature.');
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp < now) throw new TokenError('invalid_grant', 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    if (!scopes.some((s) => CALENDAR_SCOPES.includes(s))) throw new TokenError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
    const accessToken = `ya29.sim-${randomUUID()}`;
    this.tokens.set(accessToken, { user: sub ?? iss, serviceAccount: iss, scopes, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    return { access_token: accessToken, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer' };
  }

  /** Undefined for unknown or expired tokens (→ 401 authError). */
  resolve(accessToken: string): AccessToken | undefined {
    const token = this.tokens.get(accessToken);
    if (!token || token.expiresAt <= Date.now()) return undefined;
    return token;
  }

  /** Test hook: every issued access token is expired from now on. */
  expireAll(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  /** Test hook: a token for a user without going through the JWT flow. */
  issueFor(user: string, scopes: string[] = [CALENDAR_SCOPE]): string {
    const accessToken = `ya29.sim-${randomUUID()}`;
    this.tokens.set(accessToken, { user, serviceAccount: 'sim', scopes, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 });
    return accessToken;
  }
}
