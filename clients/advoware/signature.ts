import { createHmac } from 'node:crypto';

export interface TokenSigningInput {
  productId: number;
  appId: string;
  nonce: string;
  /** Signed exactly as sent in `RequestTimeStamp`. */
  requestTimeStamp: string;
}

/** "Product:AppID:Nonce:RequestTimeStamp": User, Password, Kanzlei and Database are not signed. */
export function tokenSigningString(input: TokenSigningInput): string {
  return `${input.productId}:${input.appId}:${input.nonce}:${input.requestTimeStamp}`;
}

/** `HMAC512Signature` for the token request: base64(HMAC-SHA512(base64decode(apiKey), signing string)). */
export function signToken(apiKeyBase64: string, input: TokenSigningInput): string {
  return createHmac('sha512', Buffer.from(apiKeyBase64, 'base64')).update(tokenSigningString(input), 'utf8').digest('base64');
}
