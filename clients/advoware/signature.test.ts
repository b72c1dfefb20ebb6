import { describe, expect, it } from 'vitest';
import { signToken, tokenSigningString } from './signature';

describe('signToken', () => {
  const input = { productId: 64, appId: 'app-123', nonce: 'nonce-abc', requestTimeStamp: '2026-08-30T00:00:00.000Z' };
  const apiKey = Buffer.from('test-secret-key', 'utf8').toString('base64');

  it('joins Product, AppID, Nonce and RequestTimeStamp with colons', () => {
    expect(tokenSigningString(input)).toBe('64:app-123:nonce-abc:2026-08-30T00:00:00.000Z');
  });

  it('matches the published test vector', () => {
    expect(signToken(apiKey, input)).toBe('o7rz9KmoXZs550HfzO6ffiG17XwiPmlBHlksUYKZ3jcfolELow51Fw5KlrQqCK5y41aIValDjrh1iQ2GZ2WtqQ==');
  });

  it('uses the base64-decoded key bytes, not the base64 text', () => {
    const withRawText = signToken(Buffer.from(apiKey, 'utf8').toString('base64'), input);
    expect(withRawText).not.toBe(signToken(apiKey, input));
  });

  it('changes when any signed part changes', () => {
    const reference = signToken(apiKey, input);
    expect(signToken(apiKey, { ...input, nonce: 'nonce-abd' })).not.toBe(reference);
    expect(signToken(apiKey, { ...input, productId: 65 })).not.toBe(reference);
  });
});
