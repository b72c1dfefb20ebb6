import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:port (so the demo can use the well-known ports). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
