import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON array of event payloads. */
  events: Record<string, unknown>[];
}

export interface WebhookReceiver {
  /** Base URL, e.g. http://127.0.0.1:PORT; any path under it is accepted. */
  url: string;
  received: ReceivedWebhook[];
  /** Status for the next answers, used in order; 200 once they run out. */
  respondWith(...statuses: number[]): void;
  /** Resolves once `count` requests have arrived in total. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A tiny HTTP receiver for webhook deliveries in tests and the demo. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let events: Record<string, unknown>[] = [];
      try {
        events = JSON.parse(rawBody) as Record<string, unknown>[];
      } catch {
        events = [];
      }
      received.push({ path: req.url ?? '/', headers: req.headers, rawBody, events });
      res.statusCode = statuses.shift() ?? 200;
      res.end('{}');
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (...next) => statuses.push(...next),
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
