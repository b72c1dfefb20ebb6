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

/**
 * Every form a secret can take inside a serialised JSON line: verbatim and JSON-escaped.
 * Longest first, so a secret that contains another is replaced whole.
 */
function secretForms(secrets: string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of a known secret in one serialised log line. */
export function scrubLine(line: string, forms: readonly string[]): string {
  let out = line;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  return out;
}

export interface LoggerOptions {
  level: string;
  name: string;
  /** Known secret values (from config); scrubbed from every log line as a second line of defence. */
  secrets?: string[];
  destination?: pino.DestinationStream;
}

/**
 * Structured JSON logs (pino) with credential redaction by path and by value. Values are
 * scrubbed from the finished line (`streamWrite`), never by copying the logged objects: copies
 * drop getters and non-enumerable fields such as an Error's message and stack.
 */
export function createLogger({ level, name, secrets = [], destination }: LoggerOptions): Logger {
  const forms = secretForms(secrets.filter((s) => s.length >= 4));
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // `err` anywhere at the top level keeps type, message, stack and the cause chain.
    serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
  };
  if (forms.length) options.hooks = { streamWrite: (line) => scrubLine(line, forms) };
  return pino(options, destination);
}
