export * from './client';
export * from './errors';
export * from './schemas';
export * from './where';
export * from './webhook-signature';
export { authHeaders, type EspoCrmCredentials } from './auth';
