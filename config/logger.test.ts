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

  it('keeps an error\'s type, message, stack and cause while scrubbing secrets from the serialised line', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', name: 't', secrets: ['s3cr3t-"quoted"\\value', 'plain-secret-1'], destination });
    const cause = new Error('socket closed near plain-secret-1');
    const err = new TypeError('token refused for s3cr3t-"quoted"\\value', { cause });
    log.error({ err }, 'advoware call failed');
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).not.toContain('plain-secret-1');
    expect(line).not.toContain(JSON.stringify('s3cr3t-"quoted"\\value').slice(1, -1));
    const parsed = JSON.parse(line) as { msg: string; err: { type: string; message: string; stack: string; cause?: { message: string } } };
    expect(parsed.msg).toBe('advoware call failed');
    expect(parsed.err.type).toBe('TypeError');
    expect(parsed.err.message).toBe('token refused for [redacted]');
    expect(parsed.err.stack).toMatch(/TypeError: token refused for \[redacted\]\n\s+at /);
    expect(parsed.err.cause?.message).toBe('socket closed near [redacted]');
  });

  it('does not flatten objects with getters (the old copy-and-scrub turned requests into {})', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', name: 't', secrets: ['plain-secret-1'], destination });
    class Thing {
      get route() {
        return '/advoware/proxy';
      }
      toJSON() {
        return { route: this.route };
      }
    }
    log.info({ thing: new Thing() }, 'x');
    expect(JSON.parse(lines[0]).thing).toEqual({ route: '/advoware/proxy' });
  });
});
