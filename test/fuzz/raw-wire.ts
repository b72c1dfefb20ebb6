import { connect } from 'node:net';
import { FUZZ_API_KEY, signatureFor } from './cases';

/**
 * Requests no well-behaved HTTP client would send (request smuggling, CR/LF and NUL in the
 * request line or headers, folded headers), written byte by byte to a listening API.
 */
export function rawWireRequests(runTag: string): { name: string; text: string }[] {
  const body = JSON.stringify([{ id: `${runTag}raw` }]);
  const sig = signatureFor(body);
  const head = (path: string) => `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n`;
  const hook = '/vmh/webhook/beteiligte/create';
  return [
    { name: 'CL+TE smuggling', text: `${head(hook)}Signature: ${sig}\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${body}` },
    { name: 'duplicate Content-Length', text: `${head(hook)}Signature: ${sig}\r\nContent-Length: ${body.length}\r\nContent-Length: 2\r\n\r\n${body}` },
    { name: 'NUL in signature', text: `${head(hook)}Signature: ${sig}\u0000x\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { name: 'obs-fold header', text: `${head(hook)}Signature: ${sig}\r\n  X-Folded: 1\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { name: 'CR/LF in request line', text: `POST ${hook}\r\nX-Injected: 1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { name: 'bare LF in header', text: `${head(hook)}Signature: ${sig}\nX-Injected: 1\r\nContent-Length: ${body.length}\r\n\r\n${body}` },
    { name: 'bad chunk size', text: `${head(hook)}Signature: ${sig}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n` },
    { name: 'unsigned short body', text: `${head(hook)}Content-Length: 1000\r\n\r\n${body}` },
    { name: 'proxy traversal raw', text: `GET /advoware/proxy?endpoint=../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${FUZZ_API_KEY}\r\n\r\n` },
    { name: 'proxy absolute URL raw', text: `GET /advoware/proxy?endpoint=http://evil.example/ HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${FUZZ_API_KEY}\r\n\r\n` },
    { name: 'proxy CR/LF key', text: `GET /advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter HTTP/1.1\r\nHost: localhost\r\nX-API-Key: wrong\rX-API-Key: ${FUZZ_API_KEY}\r\n\r\n` },
    { name: 'absolute-form target', text: `GET http://evil.example/advoware/proxy?endpoint=api/v1/advonet/Mitarbeiter HTTP/1.1\r\nHost: localhost\r\n\r\n` },
  ];
}

/** Sends raw bytes and returns the status code and body of the first response (0 = connection closed without one). */
export function sendRaw(port: number, text: string, waitMs = 400): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    let data = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const finish = () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      const split = data.indexOf('\r\n\r\n');
      resolve({ status: match ? Number(match[1]) : 0, body: split >= 0 ? data.slice(split + 4) : '' });
    };
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', finish);
    socket.on('error', () => undefined);
    setTimeout(() => socket.end(), waitMs).unref();
  });
}
