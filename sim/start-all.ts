import { DEFAULT_ADVOWARE_CREDENTIALS, startAdvowareSim, type AdvowareSim } from './advoware';
import { DEFAULT_ESPOCRM_API_KEY, startEspoCrmSim, type EspoCrmSim } from './espocrm';
import { startGoogleSim, type GoogleSim } from './google';
import { generateSeed, type SeedData, type SeedOptions } from './seed';

/** Fixed ports for `npm run sim` and the demo, so URLs printed once stay valid. */
export const DEFAULT_SIM_PORTS = { advoware: 18081, espocrm: 18082, google: 18083 };
export const SIM_GOOGLE_DOMAIN = 'kanzlei.example';

export interface Simulators {
  advoware: AdvowareSim;
  espocrm: EspoCrmSim;
  google: GoogleSim;
  /** Env vars that point advoware-bridge at these simulators (credentials included). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StartSimsOptions {
  ports?: Partial<typeof DEFAULT_SIM_PORTS>;
  /** EspoCRM delivers queued webhooks on this cadence (real EspoCRM: 5 min); manual flush when 0. */
  webhookIntervalMs?: number;
  googleRateLimits?: boolean;
}

/** Starts all three simulators (port 0 = free port) and derives the product's env from them. */
export async function startSimulators(options: StartSimsOptions = {}): Promise<Simulators> {
  const ports = { advoware: 0, espocrm: 0, google: 0, ...options.ports };
  const advoware = await startAdvowareSim({ port: ports.advoware });
  const espocrm = await startEspoCrmSim({ port: ports.espocrm, webhookIntervalMs: options.webhookIntervalMs, webhookRetryDelayMs: 5_000 });
  const google = await startGoogleSim({ port: ports.google, rateLimitsEnabled: options.googleRateLimits ?? true });
  const serviceAccount = google.createServiceAccountKey({ clientEmail: 'advoware-bridge@sim-project.iam.gserviceaccount.com' });
  const c = DEFAULT_ADVOWARE_CREDENTIALS;
  const env = {
    // Discovery through the simulated AdvonetConfigurator (connectorUrl wins), as in production.
    ADVOWARE_CONFIGURATOR_URL: advoware.configuratorUrl,
    ADVOWARE_API_BASE_URL: '',
    ADVOWARE_SECURITY_GATEWAY_URL: '',
    ADVOWARE_KANZLEI: c.kanzlei,
    ADVOWARE_DATABASE: c.database,
    ADVOWARE_USER: c.user,
    ADVOWARE_PASSWORD: c.password,
    ADVOWARE_APP_ID: c.appId,
    ADVOWARE_API_KEY: c.apiKeyBase64,
    ESPOCRM_API_BASE_URL: espocrm.apiBaseUrl,
    ESPOCRM_API_KEY: DEFAULT_ESPOCRM_API_KEY,
    GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(serviceAccount),
    GOOGLE_API_ROOT_URL: `${google.url}/`,
    GOOGLE_IMPERSONATE_DOMAIN: SIM_GOOGLE_DOMAIN,
  };
  return {
    advoware,
    espocrm,
    google,
    env,
    async close() {
      await Promise.allSettled([advoware.close(), espocrm.close(), google.close()]);
    },
  };
}

/** Loads generated German test data: employees + Termine + Advoware-only parties, and unlinked EspoCRM records. */
export function seedSimulators(sims: Simulators, options: SeedOptions): SeedData {
  const data = generateSeed(options);
  for (const employee of data.employees) sims.advoware.state.addEmployee(employee);
  for (const { kommunikation, ...stamm } of data.advowareBeteiligte) {
    const party = sims.advoware.state.createBeteiligte(stamm);
    for (const k of kommunikation) sims.advoware.state.addKommunikation(party.betNr, k);
  }
  for (const { special, ...termin } of data.termine) {
    if (special) sims.advoware.state.createSpecialTermin(termin);
    else sims.advoware.state.createTermin(termin);
  }
  for (const record of data.espoBeteiligte) sims.espocrm.state.createRecord('CBeteiligte', { ...record });
  return data;
}
