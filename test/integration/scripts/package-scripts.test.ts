import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..', '..');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts;

/** Files a script hands to tsx, node, tsc -p or vitest -c: each must exist, or the script is dead. */
function referencedFiles(command: string): string[] {
  const files: string[] = [];
  for (const match of command.matchAll(/\b(?:tsx|node)\s+(\S+\.(?:ts|js|mjs|cjs))/g)) files.push(match[1]);
  for (const match of command.matchAll(/\s(?:-p|-c)\s+(\S+)/g)) files.push(match[1]);
  return files;
}

function runScript(name: string, args: string[]) {
  return spawnSync('npm', ['run', '--silent', name, '--', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

describe('package.json scripts', () => {
  it.each(Object.entries(scripts))('%s points only at files that exist', (_name, command) => {
    for (const file of referencedFiles(command)) expect(existsSync(join(REPO, file)), `${file} is missing`).toBe(true);
  });

  it('every --project a script names is a project of vitest.config.mts', async () => {
    type Config = { test?: { projects?: unknown[] } };
    const { default: exported } = (await import(join(REPO, 'vitest.config.mts'))) as { default: Config | ((env: { mode: string; command: string }) => Config) };
    // The config may be a function of the mode (`--mode quick` for test:unit); both modes have the same projects.
    const vitestConfig = typeof exported === 'function' ? exported({ mode: 'test', command: 'serve' }) : exported;
    const projects = (vitestConfig.test?.projects ?? []).map((project) => (project as { test?: { name?: string } }).test?.name);
    expect(projects).toEqual(['unit', 'integration']);
    for (const command of Object.values(scripts)) {
      for (const match of command.matchAll(/--project\s+(\S+)/g)) expect(projects).toContain(match[1]);
    }
  });

  // The scripts below start long-running processes; --help proves their wiring without a server.
  it('npm run cli -- --help lists the commands', () => {
    const result = runScript('cli', ['--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('resync');
  });

  it('npm run temporal:dev -- --help prints its usage', () => {
    const result = runScript('temporal:dev', ['--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: npm run temporal:dev');
  });

  it('npm run temporal:ensure names the binary it resolves', () => {
    const result = spawnSync('npm', ['run', '--silent', 'temporal:ensure'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TEMPORAL_CLI: process.execPath },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(process.execPath);
  });
});
