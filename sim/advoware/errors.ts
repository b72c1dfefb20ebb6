/**
 * An error the simulated Advoware answers with. The body is always `{"error": "<German text>"}`:
 * the real envelope is undocumented, clients only ever print the text, so the simulator picks
 * one JSON shape and uses it for every error (auth, validation, not found, forbidden, offline).
 */
export class AdvowareSimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdvowareSimError';
  }
}

export const badRequest = (message: string): AdvowareSimError => new AdvowareSimError(400, message);
export const notFound = (message: string): AdvowareSimError => new AdvowareSimError(404, message);
export const forbidden = (message: string): AdvowareSimError => new AdvowareSimError(403, message);
