import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvowareResponseTooLargeError } from './errors';
import { createDispatcher, sendHttp } from './http';

describe('sendHttp response cap on a streamed (chunked) body', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // No Content-Length: the size is only known while reading.
      for (let i = 0; i < 50; i++) res.write(`${i === 0 ? '[' : ','}"${'x'.repeat(200)}"`);
      res.end(']');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stops reading past maxResponseBytes and reads it all without a cap', async () => {
    const dispatcher = createDispatcher();
    try {
      await expect(sendHttp(dispatcher, { method: 'GET', url, timeoutMs: 5_000, label: 'GET test', maxResponseBytes: 2048 })).rejects.toBeInstanceOf(AdvowareResponseTooLargeError);
      const whole = await sendHttp(dispatcher, { method: 'GET', url, timeoutMs: 5_000, label: 'GET test' });
      expect((whole.body as string[]).length).toBe(50);
    } finally {
      await dispatcher.close();
    }
  });
});
