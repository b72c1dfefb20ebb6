/**
 * Matching key: the EspoCRM id written into Advoware's `bemerkung` when the sync creates an
 * address there (as the old system did). `bemerkung` is read-only on PUT, so the marker stays.
 */
const MARKER = /EspoCRM-ID:\s*([A-Za-z0-9_-]{1,64})/;

export function adresseMarker(espoId: string): string {
  return `EspoCRM-ID: ${espoId}`;
}

export function espoIdFromBemerkung(bemerkung: unknown): string | null {
  if (typeof bemerkung !== 'string') return null;
  return MARKER.exec(bemerkung)?.[1] ?? null;
}
