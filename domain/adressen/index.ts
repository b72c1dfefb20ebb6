export * from './fields';
export * from './marker';
export * from './base';
export * from './plan';
