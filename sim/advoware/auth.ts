import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AdvowareCredentials } from './credentials';
import { AdvowareSimError, badRequest } from './errors';
import { newAccessToken } from './ids';

export interface TokenResponse {
  access_token: string;
  expiration_utc: string;
  expires_in: number;
}

export interface AuthOptions {
  credentials: AdvowareCredentials;
  tokenLifetimeSeconds: number;
  authErrorStatus: number;
  rejectReusedNonce: boolean;
  maxClockSkewMinutes?: number;
  now: () => number;
}

const REQUIRED_FIELDS = ['AppID', 'Kanzlei', 'Database', 'User', 'Role', 'Product', 'Password', 'Nonce', 'HMAC512Signature', 'RequestTimeStamp'] as const;

/** base64(HMAC-SHA512(base64decode(apiKey), "Product:AppID:Nonce:RequestTimeStamp")): the security gateway's rule. */
export function expectedSignature(apiKeyBase64: string, product: unknown, appId: string, nonce: string, timestamp: string): string {
  return createHmac('sha512', Buffer.from(apiKeyBase64, 'base64'))
    .update(`${String(product)}:${appId}:${nonce}:${timestamp}`, 'utf8')
    .digest('base64');
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The security gateway: App registrations, token issuing and bearer validation. Every refusal
 * uses `authErrorStatus` (default 401) and one of the German texts clients match on.
 */
export class AdvowareAuth {
  private readonly apps = new Map<string, { apiKeyBase64: string; enabled: boolean }>();
  private readonly tokens = new Map<string, number>();
  private readonly nonces = new Set<string>();
  /** Every token request body received (secrets included: this is the fake gateway), for test assertions. */
  readonly requests: Record<string, unknown>[] = [];
  /** Every access token handed out, oldest first. */
  readonly issuedTokens: string[] = [];
  issued = 0;

  constructor(private readonly options: AuthOptions) {
    this.registerApp(options.credentials.appId, options.credentials.apiKeyBase64);
  }

  /** Registers another App-ID; `enabled: false` models an App not switched on for this Kanzlei. */
  registerApp(appId: string, apiKeyBase64: string, options: { enabled?: boolean } = {}): void {
    this.apps.set(appId, { apiKeyBase64, enabled: options.enabled ?? true });
  }

  private refuse(message: string): never {
    throw new AdvowareSimError(this.options.authErrorStatus, message);
  }

  issue(body: unknown): TokenResponse {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Ungültige Token-Anfrage: Es wurde kein JSON-Objekt übermittelt.');
    const input = body as Record<string, unknown>;
    this.requests.push(structuredClone(input));
    for (const field of REQUIRED_FIELDS) {
      if (input[field] === undefined || input[field] === null || input[field] === '') throw badRequest(`Ungültige Token-Anfrage: Das Feld '${field}' fehlt.`);
    }
    const text = (field: (typeof REQUIRED_FIELDS)[number]) => String(input[field]);
    const { credentials } = this.options;

    if (!sameText(text('Kanzlei'), credentials.kanzlei)) this.refuse(`Die Kanzlei '${text('Kanzlei')}' ist nicht registriert.`);
    if (!sameText(text('Database'), credentials.database)) {
      this.refuse(`Die Datenbank '${text('Database')}' der Kanzlei '${credentials.kanzlei}' ist nicht registriert.`);
    }
    const app = this.apps.get(text('AppID'));
    if (!app) this.refuse(`Die Anwendung mit der AppID '${text('AppID')}' ist unbekannt und für die Kanzlei '${credentials.kanzlei}' nicht freigeschaltet.`);

    const expected = Buffer.from(expectedSignature(app.apiKeyBase64, input.Product, text('AppID'), text('Nonce'), text('RequestTimeStamp')));
    const given = Buffer.from(text('HMAC512Signature'));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) this.refuse('Die HMAC512-Signatur der Anfrage ist ungültig.');

    if (!app.enabled) this.refuse(`Die Anwendung '${text('AppID')}' ist für die Kanzlei '${credentials.kanzlei}' nicht freigeschaltet.`);
    if (input.Product !== 64) this.refuse(`Das Produkt ${text('Product')} ist für diese Anwendung nicht freigeschaltet.`);
    this.checkClock(text('RequestTimeStamp'));
    if (this.options.rejectReusedNonce) {
      if (this.nonces.has(text('Nonce'))) this.refuse('Die Nonce wurde bereits verwendet. Bitte senden Sie eine neue Anfrage.');
      this.nonces.add(text('Nonce'));
    }
    if (!sameText(text('User'), credentials.user) || text('Password') !== credentials.password) this.refuse('Falscher Name oder falsches Kennwort');

    const token = newAccessToken();
    const expiresAt = this.options.now() + this.options.tokenLifetimeSeconds * 1000;
    this.tokens.set(token, expiresAt);
    this.issued += 1;
    this.issuedTokens.push(token);
    return { access_token: token, expiration_utc: new Date(expiresAt).toISOString(), expires_in: this.options.tokenLifetimeSeconds };
  }

  private checkClock(timestamp: string): void {
    const limit = this.options.maxClockSkewMinutes;
    if (limit === undefined) return;
    // PHP's DateTime::ISO8601 sends "+0000"; make that parseable.
    const parsed = Date.parse(timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(parsed) || Math.abs(this.options.now() - parsed) > limit * 60_000) {
      this.refuse('Der Zeitstempel der Anfrage (RequestTimeStamp) ist ungültig oder weicht zu stark von der Serverzeit ab.');
    }
  }

  isValid(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && this.options.now() < expiresAt;
  }

  /** Expires every issued token now, so the next API call with one of them gets a 401. */
  expireAll(): void {
    this.tokens.clear();
  }
}
