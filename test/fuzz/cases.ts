import { createHmac } from 'node:crypto';
import { Rng } from '../../sim/seed/prng';

/**
 * Generators for hostile requests against every route of the API: EspoCRM webhooks (Beteiligte
 * and Bankverbindungen), the Advoware proxy, the codec endpoints, the API-key routes (calendar
 * trigger, ping) and the operations routes. Every case says whether it is well-formed (may be
 * accepted) or must be rejected before anything happens.
 */
export const FUZZ_WEBHOOK_ID = 'wh-fuzz';
export const FUZZ_WEBHOOK_SECRET = 'fuzz-webhook-secret';
export const FUZZ_API_KEY = 'fuzz-api-key';
export const FUZZ_BODY_LIMIT = 16_384;
export const FUZZ_CODEC_UI_TOKEN = 'fuzz-codec-ui-token-0123456789abcdef';
export const FUZZ_UI_ORIGIN = 'https://temporal-ui.fuzz.example';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

export interface FuzzCase {
  kind: string;
  target: 'webhook' | 'proxy' | 'codec' | 'admin' | 'ops';
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Well-formed input that the API may accept (2xx) or forward; everything else must be refused. */
  acceptable: boolean;
  /** Workflow ids a well-formed webhook case hands to Temporal. */
  workflowIds?: string[];
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

/** Webhook entities: URL segment and the prefix of the workflow id an accepted id gets. */
const WEBHOOK_ENTITIES = [
  { path: 'beteiligte', workflowPrefix: 'beteiligte' },
  { path: 'bankverbindungen', workflowPrefix: 'bankverbindung' },
  { path: 'adressen', workflowPrefix: 'adresse' },
] as const;

function webhookCase(rng: Rng, index: number, runTag: string): FuzzCase {
  const action = rng.chance(0.9) ? rng.pick(ACTIONS) : rng.pick(['', 'x', '../create', 'create/', 'CREATE', 'create%00', '..%2fcreate']);
  const entity = rng.chance(0.7) ? WEBHOOK_ENTITIES[0] : rng.pick(WEBHOOK_ENTITIES.slice(1));
  const url = `/vmh/webhook/${rng.chance(0.97) ? entity.path : rng.pick(['Beteiligte', 'bankverbindung', 'Adressen', 'adresse', '..', 'x'])}/${action}`;
  const json = { 'content-type': 'application/json' };
  const roll = rng.next();
  if (roll < 0.08 && (ACTIONS as readonly string[]).includes(action)) {
    // Well-formed and correctly signed: the only webhook input that may start workflows.
    const ids = Array.from({ length: rng.int(1, 3) }, (_, i) => `${runTag}${index}x${i}`);
    const body = JSON.stringify(ids.map((id) => ({ id, name: randomString(rng, 10) })));
    const sig: Record<string, string> = rng.chance(0.5) ? { signature: signatureFor(body) } : { 'x-signature': legacySignatureFor(body) };
    const workflowIds = ids.map((id) => `${entity.workflowPrefix}:${id}`);
    return { kind: 'valid-signed', target: 'webhook', method: 'POST', url: `/vmh/webhook/${entity.path}/${action}`, headers: { ...json, ...sig }, body, acceptable: true, workflowIds };
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

const b64 = (text: string) => Buffer.from(text).toString('base64');
const plainPayload = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });

function codecCase(rng: Rng): FuzzCase {
  const direction = rng.pick(['encode', 'decode'] as const);
  const json = { 'content-type': 'application/json' };
  const goodKey = { 'x-api-key': FUZZ_API_KEY };
  const ui = rng.chance(0.4);
  const url = ui ? `/codec/ui/${FUZZ_CODEC_UI_TOKEN}/${direction}` : `/codec/${direction}`;
  const auth = ui ? {} : goodKey;
  const roll = rng.next();
  if (roll < 0.12) {
    const body = JSON.stringify({ payloads: Array.from({ length: rng.int(0, 3) }, () => plainPayload(randomJsonValue(rng))) });
    const origin: Record<string, string> = rng.chance(0.3) ? { origin: FUZZ_UI_ORIGIN } : {};
    return { kind: 'codec-valid', target: 'codec', method: 'POST', url, headers: { ...json, ...auth, ...origin }, body, acceptable: true };
  }
  if (roll < 0.17) {
    return { kind: 'codec-preflight', target: 'codec', method: 'OPTIONS', url, headers: { origin: FUZZ_UI_ORIGIN, 'access-control-request-method': 'POST' }, acceptable: true };
  }
  if (roll < 0.35) {
    const keys: Record<string, string>[] = [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer ' }, { authorization: `Bearer ${FUZZ_API_KEY}x` }, { 'x-api-key': randomString(rng, 100) }];
    const badUi = rng.pick(['', 'x', FUZZ_CODEC_UI_TOKEN.slice(0, -1), `${FUZZ_CODEC_UI_TOKEN}x`, '..', '%2e%2e', FUZZ_API_KEY, randomString(rng, 40).replace(/[/?#%]/g, 'a')]);
    const badUrl = ui ? `/codec/ui/${encodeURIComponent(badUi)}/${direction}` : url;
    return { kind: 'codec-bad-auth', target: 'codec', method: 'POST', url: badUrl, headers: { ...json, ...(ui ? {} : rng.pick(keys)) }, body: JSON.stringify({ payloads: [plainPayload('x')] }), acceptable: false };
  }
  if (roll < 0.45) {
    const origin = rng.pick(['https://evil.example', 'null', FUZZ_UI_ORIGIN.replace('https', 'http'), `${FUZZ_UI_ORIGIN}.evil.example`, '']);
    const method = rng.pick(['POST', 'OPTIONS'] as const);
    return { kind: 'codec-bad-origin', target: 'codec', method, url, headers: { ...json, ...auth, origin }, body: method === 'POST' ? JSON.stringify({ payloads: [] }) : undefined, acceptable: origin === '' && method === 'POST' };
  }
  if (roll < 0.85) {
    // [body, may it be accepted?] — well-formed payloads the codec cannot decrypt may be refused
    // (400) or passed through; everything else must be refused.
    const shapes: (() => [string, boolean])[] = [
      () => [malformedJson(rng), false],
      () => [JSON.stringify(rng.pick([[], 'x', 7, null, { payload: [] }, { payloads: 'x' }, { payloads: [1] }])), false],
      () => [JSON.stringify({ payloads: [{ metadata: { encoding: 'not base64!' }, data: b64('1') }] }), false],
      () => [JSON.stringify({ payloads: [{ data: 12 }] }), false],
      () => [hugeBody(rng), false],
      () => [JSON.stringify({ payloads: [{ metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64(randomString(rng, 12)) }, data: b64(randomString(rng, 60)) }] }), true],
      () => [JSON.stringify({ payloads: [{ metadata: { encoding: b64('binary/encrypted') }, data: Buffer.from(Array.from({ length: rng.int(0, 64) }, () => rng.int(0, 255))).toString('base64') }] }), true],
      () => [JSON.stringify({ payloads: [], extra: true }), true],
    ];
    const [body, acceptable] = rng.pick(shapes)();
    return { kind: 'codec-bad-body', target: 'codec', method: 'POST', url, headers: { ...json, ...auth }, body, acceptable };
  }
  const method = rng.pick(['GET', 'PUT', 'DELETE', 'PATCH'] as const);
  return { kind: 'codec-wrong-method', target: 'codec', method, url, headers: auth, acceptable: false };
}

function adminCase(rng: Rng): FuzzCase {
  const json = { 'content-type': 'application/json' };
  const url = rng.pick(['/advoware/calendar/sync', '/admin/ping']);
  const roll = rng.next();
  if (roll < 0.4) {
    const keys: Record<string, string>[] = [{}, { 'x-api-key': '' }, { 'x-api-key': 'nope' }, { authorization: 'Basic abc' }, { apikey: randomString(rng, 30) }];
    const body = rng.chance(0.5) ? malformedJson(rng) : JSON.stringify(randomJsonValue(rng)) ?? 'null';
    return { kind: 'admin-bad-key', target: 'admin', method: 'POST', url, headers: { ...json, ...rng.pick(keys) }, body, acceptable: false };
  }
  if (roll < 0.85) {
    // A valid key and a body that must fail validation: nothing may start.
    const bodies: (() => string)[] = [
      () => malformedJson(rng),
      () => JSON.stringify({ kuerzel: rng.pick(HOSTILE_IDS) || '..', full_content: true }),
      () => JSON.stringify({ kuerzel: 'SB', full_content: 'yes' }),
      () => JSON.stringify({ kuerzel: 'SB', evil: true }),
      // Waiting: only for one Kürzel, a positive whole number of seconds within the configured bound.
      () => JSON.stringify(rng.pick([{ wait: true }, { kuerzel: 'ALL', wait: true }, { kuerzel: 'SB', wait: 'yes' }, { kuerzel: 'SB', wait: true, timeout_s: rng.pick([0, -5, 1.5, '30', 10 ** 9]) }, { kuerzel: 'SB', timeout_s: 5 }])),
      () => JSON.stringify({ message: rng.pick([42, '', 'x'.repeat(201), null, []]) }),
      () => JSON.stringify({ message: 'x', extra: 1 }),
      () => JSON.stringify(rng.pick([[], 'str', 7, true])),
      () => hugeBody(rng),
    ];
    const body = rng.pick(bodies)();
    const valid = (() => {
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        if (url === '/admin/ping') return false;
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Object.keys(parsed).every((k) => k === 'kuerzel' || k === 'full_content') && typeof parsed.full_content === 'boolean' && typeof parsed.kuerzel === 'string' && /^[A-Za-z0-9]{1,10}$/.test(parsed.kuerzel);
      } catch {
        return false;
      }
    })();
    // Never send a valid calendar trigger: it would start a workflow.
    return { kind: 'admin-bad-body', target: 'admin', method: 'POST', url, headers: { ...json, 'x-api-key': FUZZ_API_KEY }, body: valid ? body.replace('"kuerzel":"', '"kuerzel":"..') : body, acceptable: false };
  }
  const method = rng.pick(['GET', 'PUT', 'DELETE', 'PATCH'] as const);
  return { kind: 'admin-wrong-method', target: 'admin', method, url, headers: { 'x-api-key': FUZZ_API_KEY }, acceptable: false };
}

function opsCase(rng: Rng): FuzzCase {
  const roll = rng.next();
  if (roll < 0.3) return { kind: 'ops-health', target: 'ops', method: rng.pick(['GET', 'HEAD'] as const), url: rng.pick(['/health', '/ready', '/health?x=1']), headers: {}, acceptable: true };
  const url = rng.pick(['/metrics', '/docs', '/docs/json', '/docs/static/index.html', '/admin', '/vmh/webhook', '/codec', '/%2e%2e/etc/passwd', '/health/..', '//health', `/${randomString(rng, 30).replace(/[?#]/g, '')}`]);
  const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const);
  return { kind: 'ops-unknown', target: 'ops', method, url: encodeURI(url), headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}', acceptable: false };
}

/** `count` reproducible cases over every route for one seed. */
export function generateCases(seed: number, count: number, runTag: string): FuzzCase[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const roll = rng.next();
    if (roll < 0.4) return webhookCase(rng, i, runTag);
    if (roll < 0.7) return proxyCase(rng);
    if (roll < 0.85) return codecCase(rng);
    if (roll < 0.95) return adminCase(rng);
    return opsCase(rng);
  });
}
