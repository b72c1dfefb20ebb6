import { calendar } from '@googleapis/calendar';
import { createDelegatedJwt } from './auth';
import { loadServiceAccountKey, parseCalendarMapping, type GoogleSettings } from './settings';
import { GoogleUserCalendar, type GoogleClientLogger } from './user-calendar';

export interface GoogleCalendarClient {
  /** Calendar access as this Workspace user (one cached JWT per user). */
  forUser(email: string): GoogleUserCalendar;
  /** forUser(emailForKuerzel(kuerzel)). */
  forKuerzel(kuerzel: string): GoogleUserCalendar;
  /** mapping[KÜRZEL] ?? `${kuerzel.toLowerCase()}@${impersonateDomain}`. */
  emailForKuerzel(kuerzel: string): string;
}

function normaliseRootUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export function createGoogleCalendarClient(settings: GoogleSettings, options: { logger?: GoogleClientLogger } = {}): GoogleCalendarClient {
  const key = loadServiceAccountKey(settings);
  const mapping = parseCalendarMapping(settings.calendarMapping);
  const rootUrl = normaliseRootUrl(settings.apiRootUrl);
  const users = new Map<string, GoogleUserCalendar>();

  const emailForKuerzel = (kuerzel: string): string => {
    const mapped = mapping.get(kuerzel.trim().toUpperCase());
    if (mapped) return mapped;
    if (!settings.impersonateDomain) throw new Error(`Google: no calendar mapping for Kürzel "${kuerzel}" and GOOGLE_IMPERSONATE_DOMAIN is not set`);
    return `${kuerzel.trim().toLowerCase()}@${settings.impersonateDomain}`;
  };

  const forUser = (email: string): GoogleUserCalendar => {
    let user = users.get(email);
    if (!user) {
      // retry: false — googleapis would otherwise retry 5xx/429 itself; Temporal owns retries.
      // package.json pins google-auth-library to the exact version googleapis-common pins: one
      // copy of the library, so our JWT is the client type googleapis expects.
      const createApi = () => {
        const auth = createDelegatedJwt(key, email, settings.timeoutMs);
        return calendar({ version: 'v3', auth, rootUrl, retry: false, ...(settings.timeoutMs !== undefined ? { timeout: settings.timeoutMs } : {}) });
      };
      user = new GoogleUserCalendar(email, createApi, options.logger);
      users.set(email, user);
    }
    return user;
  };

  return { forUser, forKuerzel: (kuerzel) => forUser(emailForKuerzel(kuerzel)), emailForKuerzel };
}
