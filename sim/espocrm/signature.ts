import { createHmac } from 'node:crypto';

/** `Signature` header (EspoCRM 9+): base64(webhookId + ":" + hex(HMAC-SHA256(body, secret))). */
export function webhookSignature(webhookId: string, secretKey: string, body: string): string {
  const hex = createHmac('sha256', secretKey).update(body).digest('hex');
  return Buffer.from(`${webhookId}:${hex}`).toString('base64');
}

/** Legacy `X-Signature` header: base64(webhookId + ":" + raw binary HMAC). */
export function legacyWebhookSignature(webhookId: string, secretKey: string, body: string): string {
  const raw = createHmac('sha256', secretKey).update(body).digest();
  return Buffer.concat([Buffer.from(`${webhookId}:`), raw]).toString('base64');
}
