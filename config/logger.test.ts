import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts credential fields by path', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', name: 't', destination });
    log.info({ password: 'p4ssw0rd', req: { headers: { authorization: 'Bearer abc.def', 'x-api-key': 'k-123' } } }, 'login');
    const out = lines.join('');
    expect(out).not.toContain('p4ssw0rd');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('k-123');
    expect(out).toContain('[redacted]');
  });

  it('scrubs known secret values from messages and nested strings', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', name: 't', secrets: ['topsecret-value'], destination });
    log.info({ detail: { url: 'http://x/?key=topsecret-value' } }, 'calling with topsecret-value');
    const out = lines.join('');
    expect(out).not.toContain('topsecret-value');
    expect(out).toContain('calling with [redacted]');
  });
});
