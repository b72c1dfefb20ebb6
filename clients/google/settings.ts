import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface GoogleSettings {
  /** Path to the service-account key JSON (GOOGLE_SERVICE_ACCOUNT_FILE). */
  serviceAccountFile?: string;
  /** The key JSON itself (GOOGLE_SERVICE_ACCOUNT_JSON); wins over the file. */
  serviceAccountJson?: string;
  /** Domain for Kürzel without mapping entry: `${kuerzel.toLowerCase()}@${impersonateDomain}`. */
  impersonateDomain?: string;
  /**
   * Kürzel → user e-mail. Either a JSON object (`{"AB":"ab@kanzlei.de"}`, recognised by a leading
   * `{`) or comma-separated pairs (`AB=ab@kanzlei.de,CD=cd@kanzlei.de`). Kürzel match case-insensitively.
   */
  calendarMapping?: string;
  /** Calendar API root (GOOGLE_API_ROOT_URL), e.g. the simulator's URL; Google's by default. */
  apiRootUrl?: string;
  /** Timeout per HTTP request, token requests included (GOOGLE_API_TIMEOUT_SECONDS); none when absent. */
  timeoutMs?: number;
}

export const serviceAccountKeySchema = z.object({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.string().url().optional(),
  project_id: z.string().optional(),
});

export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Loads and checks the key; error messages never include the key material. */
export function loadServiceAccountKey(settings: GoogleSettings): ServiceAccountKey {
  let raw: string;
  if (settings.serviceAccountJson) raw = settings.serviceAccountJson;
  else if (settings.serviceAccountFile) raw = readFileSync(settings.serviceAccountFile, 'utf8');
  else throw new Error('Google: set GOOGLE_SERVICE_ACCOUNT_JSON or GOOGLE_SERVICE_ACCOUNT_FILE');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('Google: the service-account key is not valid JSON');
  }
  const parsed = serviceAccountKeySchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new Error(`Google: the service-account key is missing or has invalid fields: ${fields}`);
  }
  return parsed.data;
}

/** Parses GOOGLE calendar mapping text into upper-case Kürzel → e-mail. */
export function parseCalendarMapping(text: string | undefined): Map<string, string> {
  const mapping = new Map<string, string>();
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return mapping;
  let entries: [string, unknown][];
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new Error('Google calendar mapping: invalid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('Google calendar mapping: expected a JSON object');
    entries = Object.entries(json);
  } else {
    entries = trimmed.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) throw new Error(`Google calendar mapping: "${pair.trim()}" is not KUERZEL=email`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  }
  for (const [kuerzel, email] of entries) {
    if (typeof email !== 'string' || !email.includes('@') || kuerzel.trim() === '') {
      throw new Error(`Google calendar mapping: invalid entry for "${kuerzel.trim()}"`);
    }
    mapping.set(kuerzel.trim().toUpperCase(), email.trim());
  }
  return mapping;
}
