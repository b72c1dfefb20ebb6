import { createAdvowareEndpoints } from './endpoints';
import { AdvowareAuthError, AdvowareResponseFormatError, AdvowareUpstreamError, errorForStatus } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { discoveryResponseSchema } from './schemas';
import { withTrailingSlash, type AdvowareSettings } from './settings';

export interface AdvowareBases {
  apiBaseUrl: string;
  securityGatewayUrl: string;
}

type Send = (req: HttpRequest) => Promise<HttpResponse>;

/**
 * Finds the Kanzlei's API base and token gateway: configured URLs win; otherwise ask the
 * AdvonetConfigurator, where a set `connectorUrl` must be used in preference to `relayUrl`.
 * The answer is cached; a failed lookup is not, so the next call tries again.
 */
export class AdvowareDiscovery {
  private cached?: Promise<AdvowareBases>;

  constructor(
    private readonly settings: AdvowareSettings,
    private readonly send: Send,
  ) {
    if (settings.apiBaseUrl && !settings.securityGatewayUrl) {
      throw new TypeError('Advoware settings: securityGatewayUrl is required when apiBaseUrl is set (discovery is skipped)');
    }
  }

  resolve(): Promise<AdvowareBases> {
    this.cached ??= this.lookup().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  private async lookup(): Promise<AdvowareBases> {
    const { apiBaseUrl, securityGatewayUrl } = this.settings;
    if (apiBaseUrl && securityGatewayUrl) {
      return { apiBaseUrl: withTrailingSlash(apiBaseUrl), securityGatewayUrl: withTrailingSlash(securityGatewayUrl) };
    }
    const url = `${withTrailingSlash(this.settings.configuratorUrl)}${createAdvowareEndpoints(this.settings.paths).discovery}?Kanzlei=${encodeURIComponent(this.settings.kanzlei)}`;
    const response = await this.send({ method: 'GET', url, timeoutMs: this.settings.timeoutMs, label: 'discovery' });
    if (response.status < 200 || response.status >= 300) {
      const error = errorForStatus(response.status, response.body, 'discovery');
      // An unknown Kanzlei is a configuration problem, not a missing record.
      throw error instanceof AdvowareUpstreamError ? error : new AdvowareAuthError(error.message, { status: error.status, advowareMessage: error.advowareMessage });
    }
    const parsed = discoveryResponseSchema.safeParse(response.body);
    const base = parsed.success ? parsed.data.connectorUrl || parsed.data.relayUrl : undefined;
    if (!parsed.success || !base) {
      throw new AdvowareResponseFormatError('Advoware discovery answered without a usable connectorUrl/relayUrl and securityGateway');
    }
    return {
      apiBaseUrl: withTrailingSlash(apiBaseUrl ?? base),
      securityGatewayUrl: withTrailingSlash(securityGatewayUrl ?? parsed.data.securityGateway),
    };
  }
}
