export { createGoogleCalendarClient, type GoogleCalendarClient } from './calendar-client';
export { GoogleUserCalendar, type GoogleEvent, type GoogleCalendarListEntry, type GoogleClientLogger, type ListEventsOptions, type ListEventsResult, type InsertEventResult, type WriteOptions } from './user-calendar';
export { type GoogleSettings, type ServiceAccountKey, loadServiceAccountKey, parseCalendarMapping } from './settings';
export { createDelegatedJwt, CALENDAR_SCOPE, GOOGLE_TOKEN_URL } from './auth';
export * from './errors';
export { toGoogleError } from './error-mapping';
