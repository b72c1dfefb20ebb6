import { JWT } from 'google-auth-library';
import type { ServiceAccountKey } from './settings';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/**
 * A service-account JWT client acting as `subject` (domain-wide delegation).
 *
 * google-auth-library 10 (its embedded gtoken) always posts the assertion to
 * oauth2.googleapis.com/token and ignores the key's `token_uri`. The supported seam is the
 * client's transporter: a request interceptor sends token requests to `token_uri` instead (so the
 * simulator, or any private token endpoint, is used) and switches off gtoken's own POST retries,
 * because Temporal owns retries. The token request is not given the activity's cancellation
 * signal (the JWT client and its cached token serve every activity of that user), so it gets the
 * request timeout instead: a token endpoint that never answers cannot hold an activity forever.
 */
export function createDelegatedJwt(key: ServiceAccountKey, subject: string, timeoutMs?: number): JWT {
  const jwt = new JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: [CALENDAR_SCOPE],
    subject,
  });
  const tokenUri = key.token_uri ?? GOOGLE_TOKEN_URL;
  jwt.transporter.interceptors.request.add({
    resolved: async (config) => {
      if (config.url.toString() !== GOOGLE_TOKEN_URL) return config;
      if (tokenUri !== GOOGLE_TOKEN_URL) config.url = new URL(tokenUri);
      config.retryConfig = { ...config.retryConfig, retry: 0 };
      // gaxios turns `timeout` into a signal before interceptors run: add the signal ourselves.
      if (timeoutMs !== undefined) {
        const timeout = AbortSignal.timeout(timeoutMs);
        config.signal = config.signal ? AbortSignal.any([config.signal as AbortSignal, timeout]) : timeout;
      }
      return config;
    },
  });
  return jwt;
}
