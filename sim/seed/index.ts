export { generateSeed, SEED_DEFAULTS } from './generate';
export { WINDOW_PAST_DAYS, WINDOW_FUTURE_DAYS } from './termine';
export type * from './types';
