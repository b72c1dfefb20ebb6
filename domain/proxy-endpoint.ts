/**
 * Validates the `endpoint` query parameter of the Advoware proxy. It must be a relative Advoware
 * path: no scheme, host, `..`, `//`, backslashes, query/fragment or control characters — also
 * after percent-decoding (checked up to three times, against double-encoding tricks).
 */
export type EndpointCheck = { ok: true; path: string } | { ok: false; reason: string };

const MAX_LENGTH = 512;
const SAFE_PATH = /^[A-Za-z0-9_\-.~]+(\/[A-Za-z0-9_\-.~]+)*\/?$/;

function decodeLayers(value: string): { forms: string[]; error?: string } {
  const forms = [value];
  let current = value;
  for (let i = 0; i < 3 && current.includes('%'); i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      forms.push(next);
      current = next;
    } catch {
      return { forms, error: 'endpoint contains malformed percent-encoding' };
    }
  }
  return { forms };
}

export function checkProxyEndpoint(raw: unknown): EndpointCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'query parameter "endpoint" is required (a relative Advoware path such as api/v1/advonet/Mitarbeiter)' };
  if (raw.length > MAX_LENGTH) return { ok: false, reason: `endpoint is longer than ${MAX_LENGTH} characters` };
  const { forms, error } = decodeLayers(raw);
  if (error) return { ok: false, reason: error };
  for (const form of forms) {
    // eslint-disable-next-line no-control-regex -- detecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(form)) return { ok: false, reason: 'endpoint contains control characters' };
    if (/^[a-z][a-z0-9+.-]*:/i.test(form)) return { ok: false, reason: 'endpoint must be a relative path, not an absolute URL' };
    if (form.includes('\\')) return { ok: false, reason: 'endpoint must not contain backslashes' };
    if (form.includes('//')) return { ok: false, reason: 'endpoint must not contain "//"' };
    if (form.split('/').some((segment) => segment === '..' || segment === '.')) return { ok: false, reason: 'endpoint must not contain "." or ".." segments' };
    if (/[?#]/.test(form)) return { ok: false, reason: 'endpoint must not contain "?" or "#"; pass other query parameters separately' };
  }
  const path = raw.replace(/^\/+/, '');
  if (!SAFE_PATH.test(path)) return { ok: false, reason: 'endpoint may only contain letters, digits, "/", "_", "-", "." and "~"' };
  return { ok: true, path };
}
