import { extname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import type { TemporalConfig } from '../../config';
import { AesGcmPayloadCodec } from './codec';

type ConnectionSettings = Pick<TemporalConfig, 'address' | 'tls' | 'apiKey'>;

/** TLS config in the shape both Connection (client) and NativeConnection (worker) take; files are read here. */
export function temporalTls(settings: ConnectionSettings) {
  if (!settings.tls) return undefined;
  const { caFile, certFile, keyFile, serverName } = settings.tls;
  return {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(caFile ? { serverRootCACertificate: readFileSync(caFile) } : {}),
    ...(certFile && keyFile ? { clientCertPair: { crt: readFileSync(certFile), key: readFileSync(keyFile) } } : {}),
  };
}

/** Options for Connection.connect / Connection.lazy / NativeConnection.connect: one place for address, TLS and API key. */
export function temporalConnectionOptions(settings: ConnectionSettings) {
  const tls = temporalTls(settings);
  return {
    address: settings.address,
    ...(tls ? { tls } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  };
}

/** Path of the failure converter module (the workflow bundle needs it too, see bundleWorkflowCode). */
export const FAILURE_CONVERTER_PATH = join(__dirname, `failure-converter${extname(__filename)}`);

/** The codec of the configured keys (also behind the API's /codec endpoint); undefined when there is no key at all. */
export function temporalPayloadCodec(settings: Pick<TemporalConfig, 'encryption'>): AesGcmPayloadCodec | undefined {
  const { keys, encryptWith } = settings.encryption;
  return keys.length > 0 ? new AesGcmPayloadCodec({ keys, encryptWith }) : undefined;
}

/** The data converter of every Client and Worker: encrypted payloads (unless switched off) and encoded error texts. */
export function temporalDataConverter(settings: Pick<TemporalConfig, 'encryption'>): DataConverter {
  const codec = temporalPayloadCodec(settings);
  return { failureConverterPath: FAILURE_CONVERTER_PATH, ...(codec ? { payloadCodecs: [codec] } : {}) };
}

/** Says loudly at start when client data is not protected by a real key. */
export function warnAboutPayloadEncryption(settings: Pick<TemporalConfig, 'encryption'>, logger: { warn(obj: object, msg: string): void }): void {
  const { encryptWith, demoKey } = settings.encryption;
  if (encryptWith === undefined) logger.warn({ encryption: 'off' }, 'TEMPORAL_PAYLOAD_ENCRYPTION=off: client data is stored in clear in Temporal histories');
  else if (demoKey) logger.warn({ keyId: encryptWith }, 'no TEMPORAL_PAYLOAD_KEYS: payloads are encrypted with the PUBLIC demo key (fine for the demo and tests, never for real data)');
}
