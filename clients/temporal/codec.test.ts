import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadKeyError } from './codec';

const key = () => randomBytes(32).toString('base64');
const k1 = { id: 'k2026a', key: key() };
const k2 = { id: 'k2026b', key: key() };
const value = { name: 'Müller', vorname: 'Anna', geburtsdatum: '1970-01-01' };
const payload = (): Payload => defaultPayloadConverter.toPayload(value)!;
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

describe('AesGcmPayloadCodec', () => {
  it('round-trips a payload, hides data and encoding, and names the key', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [k1], encryptWith: k1.id });
    const [encoded] = await codec.encode([payload()]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata![KEY_ID_METADATA])).toBe(k1.id);
    expect(Object.keys(encoded!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toMatch(/M.?ller|Anna|json\/plain/);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
  });

  it('uses a fresh IV per payload (equal inputs give different ciphertexts)', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [k1], encryptWith: k1.id });
    const [a, b] = await codec.encode([payload(), payload()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotates keys: the new first key encrypts, the old key still decrypts, a codec without a key refuses clearly', async () => {
    const before = new AesGcmPayloadCodec({ keys: [k1], encryptWith: k1.id });
    const after = new AesGcmPayloadCodec({ keys: [k2, k1], encryptWith: k2.id });
    const [old] = await before.encode([payload()]);
    const [fresh] = await after.encode([payload()]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe(k2.id);
    const decoded = await after.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([value, value]);
    await expect(before.decode([fresh!])).rejects.toThrow(PayloadKeyError);
    await expect(before.decode([fresh!])).rejects.toThrow(/key "k2026b", which is not configured/);
  });

  it('rejects altered ciphertext and a key id pointing at the wrong key', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [k1, k2], encryptWith: k1.id });
    const [encoded] = await codec.encode([payload()]);
    const flipped = Buffer.from(encoded!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(codec.decode([{ ...encoded!, data: flipped }])).rejects.toThrow(/does not authenticate/);
    const relabelled = { ...encoded!, metadata: { ...encoded!.metadata, [KEY_ID_METADATA]: new TextEncoder().encode(k2.id) } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not authenticate with key "k2026b"/);
    await expect(codec.decode([{ ...encoded!, data: new Uint8Array(5) }])).rejects.toThrow(/truncated/);
  });

  it('passes plain payloads through on decode, and writes plain payloads when encryption is off', async () => {
    const off = new AesGcmPayloadCodec({ keys: [k1] });
    const plain = payload();
    expect(await off.encode([plain])).toEqual([plain]);
    const [encrypted] = await new AesGcmPayloadCodec({ keys: [k1], encryptWith: k1.id }).encode([payload()]);
    // Switching encryption off must not make existing histories unreadable.
    expect((await off.decode([plain, encrypted!])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([value, value]);
  });

  it('refuses keys of the wrong size and an encrypt key that is not configured', () => {
    expect(() => new AesGcmPayloadCodec({ keys: [{ id: 'short', key: randomBytes(16).toString('base64') }] })).toThrow(/32 bytes/);
    expect(() => new AesGcmPayloadCodec({ keys: [k1], encryptWith: 'other' })).toThrow(/not among/);
  });
});
