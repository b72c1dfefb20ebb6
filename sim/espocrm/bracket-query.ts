/**
 * Parses a PHP/jQuery-style query string (`where[0][value][]=a`) into nested objects and
 * arrays, the way PHP fills `$_GET`. Objects whose keys are all integers become arrays.
 */
export function parseBracketQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const segments = splitKey(key);
    if (!segments) continue;
    assign(root, segments, value);
  }
  return arrayify(root) as Record<string, unknown>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function splitKey(key: string): string[] | undefined {
  const open = key.indexOf('[');
  if (open <= 0) return key ? [key] : undefined;
  const segments = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  re.lastIndex = open;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key)) !== null) segments.push(match[1]);
  return segments;
}

type Node = Record<string, unknown>;

function assign(root: Node, segments: string[], value: string): void {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i];
    if (segment === '') segment = String(nextIndex(node));
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const child = node[segment];
    if (typeof child !== 'object' || child === null) node[segment] = {};
    node = node[segment] as Node;
  }
}

function nextIndex(node: Node): number {
  const indexes = Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .map(Number);
  return indexes.length ? Math.max(...indexes) + 1 : 0;
}

function arrayify(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  const converted: Node = {};
  for (const k of keys) converted[k] = arrayify(node[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => converted[String(k)]);
  }
  return converted;
}
