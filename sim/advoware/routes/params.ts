import { badRequest } from '../errors';

export function intParam(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) throw badRequest(`Ungültiger Wert '${raw}' für den Parameter '${name}'. Erwartet wird eine ganze Zahl.`);
  return value;
}

/** First value of a query parameter (Fastify gives arrays for repeated keys). */
export function queryText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}
