export * from './kommkz';
export * from './keys';
export * from './markers';
export * from './detect';
export * from './hash';
export * from './plan';
export * from './verify';
