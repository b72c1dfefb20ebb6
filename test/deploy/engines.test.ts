import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

interface LockedPackage {
  engines?: { node?: string };
}

describe('installed packages and the Node versions we support', () => {
  const ourRange = (readJson('package.json').engines as { node: string }).node;
  const oldestSupported = minVersion(ourRange)?.version as string;

  // Regression: fastify's light-my-request 6.8 pulled in cookie 2 (Node >= 22), so `npm ci`
  // warned EBADENGINE on Node 20 while README and package.json promise 20.19+.
  it(`every locked package accepts the oldest Node package.json allows (${ourRange})`, () => {
    const packages = readJson('package-lock.json').packages as Record<string, LockedPackage>;
    const refusing = Object.entries(packages)
      .filter(([path, pkg]) => path !== '' && pkg.engines?.node !== undefined)
      .filter(([, pkg]) => !satisfies(oldestSupported, pkg.engines?.node as string, { includePrerelease: true }))
      .map(([path, pkg]) => `${path.replace(/^node_modules\//, '')} wants node ${pkg.engines?.node}`);
    expect(oldestSupported).toMatch(/^20\./);
    expect(refusing).toEqual([]);
  });
});

describe('scripts/with-node.sh (CI runs npm run test:compat on Node 22 and 24 with it)', () => {
  const run = (...args: string[]) => spawnSync('bash', [join(root, 'scripts', 'with-node.sh'), ...args], { encoding: 'utf8' });

  it.each([[[]], [['24']], [['v24', 'node', '--version']], [['latest', 'npm', 'test']]])('refuses %j with its usage and exit code 2, fetching nothing', (args) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: scripts/with-node.sh <major version');
    expect(result.stderr).not.toContain('fetching');
  });

  it('the CI script runs the compat tests on Node 22 and 24 through it', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('scripts/with-node.sh 22 npm run test:compat');
    expect(ci).toContain('scripts/with-node.sh 24 npm run test:compat');
  });
});
