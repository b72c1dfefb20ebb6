export { createAdvowareClient, type AdvowareClient, type AdvowareClientOptions, type AdvowareRequestOptions, type QueryValue } from './client';
export { advowareEndpoints } from './endpoints';
export { lookUpTermine } from './termin-lookup';
export * from './errors';
export type { HttpResponse as AdvowareResponse } from './http';
export * from './schemas';
export type { AdvowareLogger, AdvowareSettings } from './settings';
export { signToken, tokenSigningString, type TokenSigningInput } from './signature';
export { DEFAULT_TERMIN_FIELDS, readFlag, terminFromWire, terminListFromWire, terminToWire, type RejectedTermin, type TerminFieldNames, type TerminList } from './termin-wire';
