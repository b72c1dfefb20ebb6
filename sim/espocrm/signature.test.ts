import { describe, expect, it } from 'vitest';
import { legacyWebhookSignature, webhookSignature } from './signature';

describe('webhook signatures', () => {
  it('matches the documented check vector', () => {
    expect(webhookSignature('wh1', 's3cret', '[{"id":"a1","name":"x"}]')).toBe(
      'd2gxOjAxMDUzNGVlZjY4OTY4ZjQzZDAzZTk1MmQwYWI3NTU5ZjU4NzM0ZTg0ODQxNWM2MTAxMjRhYTljNmVkMDM3ZTg=',
    );
  });

  it('puts the raw 32-byte digest after "id:" in the legacy form', () => {
    const decoded = Buffer.from(legacyWebhookSignature('wh1', 's3cret', '[{"id":"a1","name":"x"}]'), 'base64');
    expect(decoded.subarray(0, 4).toString()).toBe('wh1:');
    expect(decoded.subarray(4).toString('hex')).toBe('010534eef68968f43d03e952d0ab7559f58734e848415c610124aa9c6ed037e8');
  });
});
