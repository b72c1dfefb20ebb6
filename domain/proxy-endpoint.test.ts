import { describe, expect, it } from 'vitest';
import { checkProxyEndpoint } from './proxy-endpoint';

describe('checkProxyEndpoint', () => {
  it.each([
    ['api/v1/advonet/Mitarbeiter', 'api/v1/advonet/Mitarbeiter'],
    ['/api/v1/advonet/Beteiligte/104860', 'api/v1/advonet/Beteiligte/104860'],
    ['employees', 'employees'],
    ['api/v1/Akten/', 'api/v1/Akten/'],
  ])('accepts %s', (raw, path) => {
    expect(checkProxyEndpoint(raw)).toEqual({ ok: true, path });
  });

  it.each([
    [undefined, /required/],
    ['', /required/],
    ['https://evil.example/api', /absolute URL/],
    ['http:api', /absolute URL/],
    ['javascript:alert(1)', /absolute URL/],
    ['//evil.example/api', /\/\//],
    ['api//v1', /\/\//],
    ['../secret', /\.\./],
    ['api/v1/../../etc/passwd', /\.\./],
    ['api/%2e%2e/secret', /\.\./],
    ['api/%252e%252e/secret', /\.\./],
    ['%2F%2Fevil.example', /\/\//],
    ['https%3A%2F%2Fevil.example', /absolute URL/],
    ['api\\v1', /backslash/],
    ['api/v1\r\nX-Injected: 1', /control characters/],
    ['api/v1%0d%0aX-Injected:%201', /control characters/],
    ['api/v1%00', /control characters/],
    ['api/v1?x=1', /"\?"/],
    ['api/v1#frag', /"\?" or "#"/],
    ['api/%E0%A4%A', /malformed percent-encoding/],
    ['api/v1/<script>', /may only contain/],
    ['a'.repeat(600), /longer than/],
  ])('rejects %j', (raw, reason) => {
    const result = checkProxyEndpoint(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
