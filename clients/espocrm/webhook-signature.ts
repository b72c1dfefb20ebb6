import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookSignatureResult = { ok: true; webhookId: string } | { ok: false; reason: string };

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Splits base64(webhookId + ":" + digest) into id and digest bytes. */
function decode(header: string): { webhookId: string; digest: Buffer } | undefined {
  const bytes = Buffer.from(header.trim(), 'base64');
  const colon = bytes.indexOf(0x3a);
  if (colon <= 0) return undefined;
  return { webhookId: bytes.subarray(0, colon).toString('utf8'), digest: bytes.subarray(colon + 1) };
}

/**
 * Checks an EspoCRM webhook delivery. `Signature` carries the hex HMAC-SHA256 of the raw body
 * (EspoCRM 9+); the legacy `X-Signature` carries the raw digest. The webhook id inside the
 * header selects the secret. Prefers `Signature` when both are present.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  headers: { signature?: string; xSignature?: string },
  secrets: Record<string, string>,
): WebhookSignatureResult {
  const header = headers.signature ?? headers.xSignature;
  if (!header) return { ok: false, reason: 'missing signature header' };
  const decoded = decode(header);
  if (!decoded) return { ok: false, reason: 'malformed signature header' };
  const secret = Object.prototype.hasOwnProperty.call(secrets, decoded.webhookId) ? secrets[decoded.webhookId] : undefined;
  if (!secret) return { ok: false, reason: 'unknown webhook id' };
  const digest = createHmac('sha256', secret).update(rawBody).digest();
  const expected = headers.signature !== undefined ? Buffer.from(digest.toString('hex')) : digest;
  return safeEqual(decoded.digest, expected) ? { ok: true, webhookId: decoded.webhookId } : { ok: false, reason: 'signature mismatch' };
}
