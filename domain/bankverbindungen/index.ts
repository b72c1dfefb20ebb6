export * from './types';
export * from './iban';
export * from './plan';
