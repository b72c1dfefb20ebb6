import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** Metadata of an encrypted payload; the same names Temporal's encryption samples use, so tools recognise them. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const text = new TextEncoder();
const fromText = new TextDecoder();

export interface PayloadKey {
  id: string;
  /** 32 bytes, base64. */
  key: string;
}

/**
 * AES-256-GCM over the whole serialized payload (data and metadata, so the encoding of a value is
 * hidden too). Wire format of `data`: 12-byte random IV ‖ ciphertext ‖ 16-byte tag; the key id
 * travels in clear metadata so any configured key can decrypt while the first one encrypts.
 * Payloads without our encoding (written before encryption was on, or with it off) pass through.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys = new Map<string, Buffer>();
  private readonly encryptWith?: { id: string; key: Buffer };

  constructor(options: { keys: readonly PayloadKey[]; encryptWith?: string }) {
    for (const { id, key } of options.keys) {
      const bytes = Buffer.from(key, 'base64');
      if (bytes.length !== 32) throw new ValueError(`payload key "${id}" must be 32 bytes`);
      this.keys.set(id, bytes);
    }
    if (options.encryptWith !== undefined) {
      const key = this.keys.get(options.encryptWith);
      if (!key) throw new ValueError(`payload key "${options.encryptWith}" is not among the configured keys`);
      this.encryptWith = { id: options.encryptWith, key };
    }
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const current = this.encryptWith;
    if (!current) return payloads;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text.encode(current.id) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || fromText.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[KEY_ID_METADATA];
      const id = idBytes ? fromText.decode(idBytes) : '';
      const key = this.keys.get(id);
      if (!key) throw new PayloadKeyError(`payload is encrypted with key "${id}", which is not configured (TEMPORAL_PAYLOAD_KEYS)`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadKeyError('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new PayloadKeyError(`encrypted payload does not authenticate with key "${id}" (wrong key or altered data)`);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** A payload that cannot be decrypted: unknown key id, wrong key, or tampered bytes. */
export class PayloadKeyError extends Error {
  override name = 'PayloadKeyError';
}
