import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authHeaders } from './auth';

describe('authHeaders', () => {
  it('sends X-Api-Key without a secret', () => {
    expect(authHeaders({ apiKey: 'k1' }, 'GET', '/CBeteiligte')).toEqual({ 'x-api-key': 'k1' });
  });

  it('signs "METHOD /path" with HMAC-SHA256 hex when a secret is set', () => {
    const headers = authHeaders({ apiKey: 'k1', hmacSecret: 'sec' }, 'put', '/CBeteiligte/abc');
    const expectedHex = createHmac('sha256', 'sec').update('PUT /CBeteiligte/abc').digest('hex');
    expect(headers).toEqual({ 'x-hmac-authorization': Buffer.from(`k1:${expectedHex}`).toString('base64') });
    expect(headers['x-api-key']).toBeUndefined();
  });
});
