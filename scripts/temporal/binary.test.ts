import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');

/** Runs `npm run temporal:ensure`'s entry point with a controlled environment. */
function ensure(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts/temporal/binary.ts')], { env, encoding: 'utf8', cwd: REPO });
}

describe('Temporal binary resolution', () => {
  it('fails clearly when TEMPORAL_CLI points nowhere', () => {
    const result = ensure({ PATH: process.env.PATH ?? '', TEMPORAL_CLI: '/nonexistent/temporal', HOME: mkdtempSync(join(tmpdir(), 'home-')) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TEMPORAL_CLI points to /nonexistent/temporal, which does not exist');
  });

  it('says exactly how to install one when there is neither a binary nor Go', () => {
    const empty = mkdtempSync(join(tmpdir(), 'nobin-'));
    const result = ensure({ PATH: `${empty}:${join(process.execPath, '..')}`, HOME: empty, XDG_CACHE_HOME: join(empty, 'cache'), GO_BINARY: join(empty, 'no-go') });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No Temporal CLI binary found and Go is not installed');
    expect(result.stderr).toContain('go install github.com/temporalio/cli/cmd/temporal@v1.5.1');
    expect(result.stderr).toContain('TEMPORAL_CLI');
  });

  it('uses $TEMPORAL_CLI when it exists', () => {
    const result = ensure({ PATH: process.env.PATH ?? '', TEMPORAL_CLI: process.execPath, HOME: mkdtempSync(join(tmpdir(), 'home-')) });
    expect(result.stdout.split('\n')[0]).toBe(process.execPath);
  });
});
