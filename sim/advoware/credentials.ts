/** The one Kanzlei, database, API user and App registration the simulator knows by default. */
export const DEFAULT_ADVOWARE_CREDENTIALS = {
  kanzlei: 'SIMKANZLEI',
  database: 'SIMDB',
  user: 'API',
  password: 'sim-password-123',
  appId: 'sim-app-id',
  // base64("advoware-sim-api-key-0123456789")
  apiKeyBase64: Buffer.from('advoware-sim-api-key-0123456789', 'utf8').toString('base64'),
  product: 64 as const,
  role: 2 as const,
};

export type AdvowareCredentials = typeof DEFAULT_ADVOWARE_CREDENTIALS;
