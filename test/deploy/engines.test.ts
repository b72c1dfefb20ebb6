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
