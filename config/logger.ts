import pino, { type Logger } from 'pino';

export type { Logger };

/** Header and field names whose values are credentials, wherever they appear in a log object. */
const REDACT_PATHS = [
  'password', '*.password', 'Password', '*.Password',
  'apiKey', '*.apiKey', 'token', '*.token', 'access_token', '*.access_token',
  'HMAC512Signature', '*.HMAC512Signature', 'secret', '*.secret', 'secretKey', '*.secretKey',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.apikey',
  'req.headers.signature', 'req.headers["x-signature"]', 'req.headers["x-hmac-authorization"]',
  'headers.authorization', 'headers["x-api-key"]',
];

/** Replaces every occurrence of a configured secret inside any string of a log record. */
function scrub(value: unknown, secrets: string[], depth = 0): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = scrub(v, secrets, depth + 1);
  return copy;
}

export interface LoggerOptions {
  level: string;
  name: string;
  /** Known secret values (from config); scrubbed from every log line as a second line of defence. */
  secrets?: string[];
  destination?: pino.DestinationStream;
}

/** Structured JSON logs (pino) with credential redaction by path and by value. */
export function createLogger({ level, name, secrets = [], destination }: LoggerOptions): Logger {
  const known = secrets.filter((s) => s.length >= 4);
  const options: pino.LoggerOptions = { name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (known.length) {
    options.hooks = {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrub(a, known)) as Parameters<typeof method>);
      },
    };
  }
  return pino(options, destination);
}
