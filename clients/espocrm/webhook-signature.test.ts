import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './webhook-signature';

// Check vector from the EspoCRM research notes (computed after Sender.php).
const BODY = '[{"id":"a1","name":"x"}]';
const SIGNATURE = 'd2gxOjAxMDUzNGVlZjY4OTY4ZjQzZDAzZTk1MmQwYWI3NTU5ZjU4NzM0ZTg0ODQxNWM2MTAxMjRhYTljNmVkMDM3ZTg=';
const SECRETS = { wh1: 's3cret' };
const LEGACY = Buffer.concat([Buffer.from('wh1:'), createHmac('sha256', 's3cret').update(BODY).digest()]).toString('base64');

describe('verifyWebhookSignature', () => {
  it('accepts the documented check vector', () => {
    expect(verifyWebhookSignature(BODY, { signature: SIGNATURE }, SECRETS)).toEqual({ ok: true, webhookId: 'wh1' });
  });

  it('accepts a Buffer body', () => {
    expect(verifyWebhookSignature(Buffer.from(BODY), { signature: SIGNATURE }, SECRETS)).toEqual({ ok: true, webhookId: 'wh1' });
  });

  it('accepts the legacy X-Signature (raw digest)', () => {
    expect(verifyWebhookSignature(BODY, { xSignature: LEGACY }, SECRETS)).toEqual({ ok: true, webhookId: 'wh1' });
  });

  it('rejects a legacy digest sent as Signature', () => {
    expect(verifyWebhookSignature(BODY, { signature: LEGACY }, SECRETS)).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('rejects a changed body', () => {
    expect(verifyWebhookSignature('[{"id":"a1","name":"y"}]', { signature: SIGNATURE }, SECRETS)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it('rejects the wrong secret', () => {
    expect(verifyWebhookSignature(BODY, { signature: SIGNATURE }, { wh1: 'other' }).ok).toBe(false);
  });

  it('rejects an unknown webhook id, also for inherited object keys', () => {
    expect(verifyWebhookSignature(BODY, { signature: SIGNATURE }, { wh2: 's3cret' })).toEqual({ ok: false, reason: 'unknown webhook id' });
    const proto = Buffer.from('constructor:abc').toString('base64');
    expect(verifyWebhookSignature(BODY, { signature: proto }, {})).toEqual({ ok: false, reason: 'unknown webhook id' });
  });

  it('rejects missing and malformed headers', () => {
    expect(verifyWebhookSignature(BODY, {}, SECRETS)).toEqual({ ok: false, reason: 'missing signature header' });
    expect(verifyWebhookSignature(BODY, { signature: Buffer.from('nocolon').toString('base64') }, SECRETS)).toEqual({
      ok: false,
      reason: 'malformed signature header',
    });
  });
});
