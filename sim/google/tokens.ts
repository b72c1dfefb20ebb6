import { invalid } from './errors';

/** Sync and page tokens are opaque to clients; inside they are base64url JSON. */
export interface SyncTokenData {
  calendarId: string;
  seq: number;
  epoch: number;
}

export interface PageTokenData {
  /** Sort key of the last item on the previous page (keyset paging survives concurrent writes). */
  after: string;
  /** Change counter when the first page was served; becomes the nextSyncToken. */
  snapshot: number;
}

function encode(prefix: string, data: unknown): string {
  return `${prefix}${Buffer.from(JSON.stringify(data)).toString('base64url')}`;
}

function decode(prefix: string, token: string): unknown {
  if (!token.startsWith(prefix)) return undefined;
  try {
    return JSON.parse(Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export const encodeSyncToken = (data: SyncTokenData): string => encode('CPj', data);
export const encodePageToken = (data: PageTokenData): string => encode('EjY', data);

export function decodeSyncToken(token: string): SyncTokenData {
  const data = decode('CPj', token) as Partial<SyncTokenData> | undefined;
  if (!data || typeof data.calendarId !== 'string' || typeof data.seq !== 'number' || typeof data.epoch !== 'number') {
    throw invalid('Invalid sync token value.', 'syncToken');
  }
  return data as SyncTokenData;
}

export function decodePageToken(token: string): PageTokenData {
  const data = decode('EjY', token) as Partial<PageTokenData> | undefined;
  if (!data || typeof data.after !== 'string' || typeof data.snapshot !== 'number') throw invalid('Invalid page token value.', 'pageToken');
  return data as PageTokenData;
}
