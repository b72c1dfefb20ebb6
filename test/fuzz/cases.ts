import { createHmac } from 'node:crypto';
import { Rng } from '../../sim/seed/prng';

/**
 * Generators for hostile requests against the webhook and proxy endpoints. Every case says
 * whether it is well-formed (may be accepted) or must be rejected before anything happens.
 */
export const FUZZ_WEBHOOK_ID = 'wh-fuzz';
export const FUZZ_WEBHOOK_SECRET = 'fuzz-webhook-secret';
export const FUZZ_API_KEY = 'fuzz-api-key';
export const FUZZ_BODY_LIMIT = 16_384;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

export interface FuzzCase {
  kind: string;
  target: 'webhook' | 'proxy';
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Well-formed input that the API may accept (2xx) or forward; everything else must be refused. */
  acceptable: boolean;
  /** Webhook ids a well-formed webhook case hands to Temporal. */
  ids?: string[];
}

export function signatureFor(body: string, webhookId = FUZZ_WEBHOOK_ID, secret = FUZZ_WEBHOOK_SECRET): string {
  const hex = createHmac('sha256', secret).update(body).digest('hex');
  return Buffer.from(`${webhookId}:${hex}`).toString('base64');
}

function legacySignatureFor(body: string, webhookId = FUZZ_WEBHOOK_ID, secret = FUZZ_WEBHOOK_SECRET): string {
  const digest = createHmac('sha256', secret).update(body).digest();
  return Buffer.concat([Buffer.from(`${webhookId}:`), digest]).toString('base64');
}

const ACTIONS = ['create', 'update', 'delete'] as const;
const JUNK_CHARS = ['\u0000', '\r', '\n', '\t', '\u007f', '\u202e', '"', "'", '<', '>', '%', '&', ';', '/', '\\', '..', ' ', 'ä', '😀', '${x}', '{{x}}'];
const HOSTILE_IDS = [
  '', ' ', '../../etc/passwd', '..', '.', '/abs', 'a/b', 'a\\b', 'x\u0000y', 'x\r\nInjected: 1', 'a b', '%2e%2e%2f', 'beteiligte:x',
  'a'.repeat(65), '<script>', '😀', 'id;rm -rf /', 'ä', "' OR 1=1 --", '$where', '__proto__\u0000',
];
const HOSTILE_ENDPOINTS = [
  '../secret', '..', './x', 'api/../../etc/passwd', 'api/v1/../../x', '%2e%2e/x', '%252e%252e/x', '%25252e%25252e/x', 'api/%2e%2e/x',
  'http://evil.example/x', 'https://evil.example', 'HTTP://EVIL/x', 'file:///etc/passwd', 'javascript:alert(1)', '//evil.example/x',
  '/\\evil.example', '\\\\evil\\share', 'api\\v1', 'api/v1/x?y=1', 'api/v1/x#frag', 'api/v1/%3Fy=1', 'api/v1/x%00', 'api%0d%0aX-Injected:%201',
  'api/v1/x\r\nHost: evil', 'api/v1/\u0000', 'api//v1', '', ' ', 'a'.repeat(600), 'api/v1/%zz', 'api/v1/ä', 'api/v1/<x>', 'api/v1/x y',
  '%', '%%32%65', 'api/v1/advonet/Mitarbeiter/..', 'api/v1/advonet/./Mitarbeiter',
];
const GOOD_ENDPOINTS = ['api/v1/advonet/Mitarbeiter', 'api/v1/advonet/Beteiligte/100001', 'api/v1/advonet/Unbekannt'];

function randomString(rng: Rng, max: number): string {
  let s = '';
  const length = rng.int(0, max);
  for (let i = 0; i < length; i++) s += rng.chance(0.3) ? rng.pick(JUNK_CHARS) : String.fromCharCode(rng.int(32, 126));
  return s;
}

function randomJsonValue(rng: Rng, depth = 0): unknown {
  const choice = rng.int(0, depth > 2 ? 4 : 7);
  switch (choice) {
    case 0: return null;
    case 1: return rng.int(-1e9, 1e9) / (rng.chance(0.5) ? 1 : 7);
    case 2: return rng.chance(0.5);
    case 3: return randomString(rng, 20);
    case 4: return rng.pick(HOSTILE_IDS);
    case 5: return Array.from({ length: rng.int(0, 4) }, () => randomJsonValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 4); i > 0; i--) out[rng.pick(['id', 'name', '__proto__', 'constructor', randomString(rng, 8)])] = randomJsonValue(rng, depth + 1);
      return out;
    }
  }
}

/** A body that is not JSON at all, or almost JSON. */
function malformedJson(rng: Rng): string {
  const valid = JSON.stringify([{ id: 'abc123' }]);
  const variants = [
    () => valid.slice(0, rng.int(0, valid.length - 1)),
    () => valid + rng.pick([',', ']', '}', 'x', '\u0000']),
    () => `[{id: 'abc'}]`,
    () => '[{"id":"a",}]',
    () => 'NaN',
    () => '\ufeff' + valid.replace('[', '[['),
    () => randomString(rng, 200),
    () => '['.repeat(rng.int(100, 5000)),
    () => '{"id":' + '1'.repeat(400) + 'e99999}x',
    () => Buffer.from([0xff, 0xfe, 0x00, 0x5b]).toString('latin1'),
  ];
  return rng.pick(variants)();
}

function hugeBody(rng: Rng): string {
  const count = Math.ceil((FUZZ_BODY_LIMIT * rng.int(2, 8)) / 20);
  return JSON.stringify(Array.from({ length: count }, (_, i) => ({ id: `huge${i}` })));
}

function badSignatureHeaders(rng: Rng, body: string): Record<string, string> {
  const options: (() => Record<string, string>)[] = [
    () => ({}),
    () => ({ signature: '' }),
    () => ({ signature: randomString(rng, 80) }),
    () => ({ signature: Buffer.from(randomString(rng, 40)).toString('base64') }),
    () => ({ signature: signatureFor(body, 'unknown-webhook') }),
    () => ({ signature: signatureFor(body, FUZZ_WEBHOOK_ID, 'wrong-secret') }),
    () => ({ signature: signatureFor(body + ' ') }),
    () => ({ signature: signatureFor(body, '__proto__') }),
    () => ({ signature: signatureFor(body, 'constructor') }),
    () => ({ 'x-signature': legacySignatureFor(body, FUZZ_WEBHOOK_ID, 'wrong-secret') }),
    () => ({ 'x-signature': signatureFor(body) }),
    () => ({ signature: legacySignatureFor(body) }),
    () => ({ signature: signatureFor(body).slice(0, -4) }),
    () => ({ signature: `${signatureFor(body)}\r\nX-Injected: 1` }),
    () => ({ signature: Buffer.from(`:${'0'.repeat(64)}`).toString('base64') }),
  ];
  return rng.pick(options)();
}

function hostileHeaders(rng: Rng): Record<string, string> {
  const pool: Record<string, string>[] = [
    { 'x-request-id': 'abc\r\nSet-Cookie: evil=1' },
    { 'x-request-id': 'x'.repeat(5000) },
    { 'x-forwarded-for': '127.0.0.1\r\nX-Injected: 1' },
    { host: 'evil.example\r\nX-Injected: 1' },
    { 'content-length': '999999' },
    { 'transfer-encoding': 'chunked, identity' },
    { 'x-api-key': `${FUZZ_API_KEY}\r\nX-Admin: 1` },
    { cookie: 'a=\u0000b' },
    {},
  ];
  return rng.pick(pool);
}

function webhookCase(rng: Rng, index: number, runTag: string): FuzzCase {
  const action = rng.chance(0.9) ? rng.pick(ACTIONS) : rng.pick(['', 'x', '../create', 'create/', 'CREATE', 'create%00', '..%2fcreate']);
  const url = `/vmh/webhook/beteiligte/${action}`;
  const json = { 'content-type': 'application/json' };
  const roll = rng.next();
  if (roll < 0.08 && (ACTIONS as readonly string[]).includes(action)) {
    // Well-formed and correctly signed: the only webhook input that may start workflows.
    const ids = Array.from({ length: rng.int(1, 3) }, (_, i) => `${runTag}${index}x${i}`);
    const body = JSON.stringify(ids.map((id) => ({ id, name: randomString(rng, 10) })));
    const sig: Record<string, string> = rng.chance(0.5) ? { signature: signatureFor(body) } : { 'x-signature': legacySignatureFor(body) };
    return { kind: 'valid-signed', target: 'webhook', method: 'POST', url, headers: { ...json, ...sig }, body, acceptable: true, ids };
  }
  if (roll < 0.2) {
    const body = malformedJson(rng);
    return { kind: 'malformed-json', target: 'webhook', method: 'POST', url, headers: { ...json, ...(rng.chance(0.5) ? { signature: signatureFor(body) } : {}) }, body, acceptable: false };
  }
  if (roll < 0.28) {
    const body = hugeBody(rng);
    return { kind: 'huge-body', target: 'webhook', method: 'POST', url, headers: { ...json, signature: signatureFor(body) }, body, acceptable: false };
  }
  if (roll < 0.5) {
    const shapes: (() => unknown)[] = [
      () => ({ id: `${runTag}obj` }),
      () => [],
      () => Array.from({ length: rng.int(1, 5) }, () => rng.pick([1, 'x', null, true, [], [[{ id: 'a' }]]])),
      () => [{ id: rng.pick(HOSTILE_IDS) }],
      () => [{ id: rng.int(0, 1e6) }],
      () => [{ id: null }, { id: `${runTag}ok` }],
      () => [{ name: 'no id' }],
      () => Array.from({ length: 1001 }, (_, i) => ({ id: `${runTag}m${i}` })),
      () => randomJsonValue(rng),
      () => 'just a string',
      () => 42,
    ];
    const value = rng.pick(shapes)();
    const body = JSON.stringify(value) ?? 'null';
    return { kind: 'wrong-shape', target: 'webhook', method: 'POST', url, headers: { ...json, signature: signatureFor(body) }, body, acceptable: false };
  }
  if (roll < 0.72) {
    const body = JSON.stringify([{ id: `${runTag}bad${index}` }]);
    return { kind: 'bad-signature', target: 'webhook', method: 'POST', url, headers: { ...json, ...badSignatureHeaders(rng, body) }, body, acceptable: false };
  }
  if (roll < 0.8) {
    const body = JSON.stringify([{ id: `${runTag}ct${index}` }]);
    const contentType = rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json\r\nX-Injected: 1']);
    return { kind: 'wrong-content-type', target: 'webhook', method: 'POST', url, headers: { 'content-type': contentType, signature: signatureFor(body) }, body, acceptable: false };
  }
  if (roll < 0.9) {
    const body = JSON.stringify([{ id: `${runTag}hdr${index}` }]);
    return { kind: 'header-injection', target: 'webhook', method: 'POST', url, headers: { ...json, ...hostileHeaders(rng), signature: badSignatureHeaders(rng, body).signature ?? 'AA==' }, body, acceptable: false };
  }
  const method = rng.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const);
  return { kind: 'wrong-method', target: 'webhook', method, url, headers: json, body: method === 'GET' || method === 'OPTIONS' ? undefined : '[]', acceptable: false };
}

function proxyCase(rng: Rng): FuzzCase {
  const goodKey = { 'x-api-key': FUZZ_API_KEY };
  const roll = rng.next();
  const q = (endpoint: string) => `/advoware/proxy?endpoint=${encodeURIComponent(endpoint)}`;
  if (roll < 0.1) {
    return { kind: 'proxy-valid', target: 'proxy', method: 'GET', url: q(rng.pick(GOOD_ENDPOINTS)), headers: goodKey, acceptable: true };
  }
  if (roll < 0.45) {
    const endpoint = rng.pick(HOSTILE_ENDPOINTS);
    // Some cases bypass encodeURIComponent so raw traversal reaches the query parser as typed.
    const url = rng.chance(0.3) ? `/advoware/proxy?endpoint=${endpoint.replace(/[\r\n\0 #]/g, (c) => encodeURIComponent(c))}` : q(endpoint);
    const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE'] as const);
    return { kind: 'proxy-bad-endpoint', target: 'proxy', method, url, headers: { ...goodKey, 'content-type': 'application/json' }, body: method === 'POST' || method === 'PUT' ? '{}' : undefined, acceptable: false };
  }
  if (roll < 0.52) {
    return { kind: 'proxy-missing-endpoint', target: 'proxy', method: 'GET', url: rng.pick(['/advoware/proxy', '/advoware/proxy?endpoint=', '/advoware/proxy?endpoint=a&endpoint=b', '/advoware/proxy?endpoint[]=x', '/advoware/proxy?endpoint[a]=x']), headers: goodKey, acceptable: false };
  }
  if (roll < 0.72) {
    const keys: Record<string, string>[] = [
      {},
      { 'x-api-key': '' },
      { 'x-api-key': 'wrong' },
      { 'x-api-key': FUZZ_API_KEY.toUpperCase() },
      { 'x-api-key': `${FUZZ_API_KEY} ` },
      { 'x-api-key': randomString(rng, 300) },
      { authorization: 'Bearer ' },
      { authorization: `Basic ${Buffer.from(`x:${FUZZ_API_KEY}`).toString('base64')}` },
      { authorization: 'Bearer wrong' },
      { apikey: 'wrong' },
      { 'x-api-key': `${FUZZ_API_KEY}\r\nX-Admin: 1` },
    ];
    return { kind: 'proxy-bad-key', target: 'proxy', method: rng.pick(['GET', 'POST', 'PUT', 'DELETE'] as const), url: q(rng.pick(GOOD_ENDPOINTS)), headers: { 'content-type': 'application/json', ...rng.pick(keys) }, body: '{}', acceptable: false };
  }
  if (roll < 0.85) {
    const method = rng.pick(['POST', 'PUT'] as const);
    const body = rng.chance(0.5) ? malformedJson(rng) : hugeBody(rng);
    return { kind: 'proxy-bad-body', target: 'proxy', method, url: q(GOOD_ENDPOINTS[0]), headers: { ...goodKey, 'content-type': 'application/json' }, body, acceptable: false };
  }
  if (roll < 0.93) {
    return { kind: 'proxy-wrong-method', target: 'proxy', method: rng.pick(['PATCH', 'OPTIONS'] as const), url: q(GOOD_ENDPOINTS[0]), headers: goodKey, acceptable: false };
  }
  return { kind: 'proxy-header-injection', target: 'proxy', method: 'GET', url: q(rng.pick(HOSTILE_ENDPOINTS)), headers: { ...goodKey, ...hostileHeaders(rng) }, acceptable: false };
}

/** `count` reproducible cases (about half webhook, half proxy) for one seed. */
export function generateCases(seed: number, count: number, runTag: string): FuzzCase[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => (rng.chance(0.55) ? webhookCase(rng, i, runTag) : proxyCase(rng)));
}
