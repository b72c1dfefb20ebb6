import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_PATH } from '../../scripts/bundle-workflows';

/**
 * CI check of the Dockerfile without a Docker engine: the stages are parsed and held to what the
 * image must do — build the pre-bundled workflow code and point the worker at it. That the
 * bundle this script writes runs in a real worker is test/e2e/workflow-bundle.test.ts.
 */
const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Stage {
  name: string;
  from: string;
  workdir?: string;
  /** Instructions with continuation lines joined: `RUN npm ci`, `ENV A=1 B=2`, ... */
  instructions: string[];
}

/** Splits a Dockerfile into its stages (comments dropped, `\` continuations joined). */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ name: from[2] ?? String(stages.length), from: from[1], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const workdir = /^WORKDIR\s+(\S+)/i.exec(line);
    if (workdir) stage.workdir = workdir[1];
    stage.instructions.push(line.replace(/\s+/g, ' '));
  }
  return stages;
}

/** `ENV A=1 B=2` pairs of a stage and of the stages it is built FROM (ENV is inherited). */
function envOf(stages: Stage[], stage: Stage): Record<string, string> {
  const parent = stages.find((s) => s.name === stage.from);
  const env: Record<string, string> = parent ? envOf(stages, parent) : {};
  for (const i of stage.instructions.filter((x) => /^ENV /i.test(x))) {
    for (const m of i.slice(4).matchAll(/([A-Z0-9_]+)=("[^"]*"|\S+)/g)) env[m[1]] = m[2].replace(/^"|"$/g, '');
  }
  return env;
}

/** The stage's working directory, inherited from the stage it is built FROM. */
function workdirOf(stages: Stage[], stage: Stage): string | undefined {
  if (stage.workdir) return stage.workdir;
  const parent = stages.find((s) => s.name === stage.from);
  return parent ? workdirOf(stages, parent) : undefined;
}

const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1) as Stage;

describe('Dockerfile', () => {
  it('has the stages the image is built from, the runtime last', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
  });

  it('builds the pre-bundled workflow code in the build stage, after the TypeScript build', () => {
    const build = stages.find((s) => s.name === 'build') as Stage;
    const runs = build.instructions.filter((i) => i.startsWith('RUN ')).join(' && ');
    expect(runs).toMatch(/npm run build:workflows/);
    expect(runs.indexOf('npm run build ')).toBeLessThan(runs.indexOf('npm run build:workflows'));
    // The script writes DEFAULT_BUNDLE_PATH below the repository root, which is the stage's WORKDIR.
    expect(read('package.json')).toMatch(/"build:workflows": "tsx scripts\/bundle-workflows\.ts"/);
  });

  it('points WORKER_WORKFLOW_BUNDLE at the bundle the build stage wrote, copied into the runtime image', () => {
    const build = stages.find((s) => s.name === 'build') as Stage;
    const written = posix.join(workdirOf(stages, build) as string, DEFAULT_BUNDLE_PATH);
    const bundle = envOf(stages, runtime).WORKER_WORKFLOW_BUNDLE;
    console.log(`Dockerfile: build stage writes ${written}; runtime WORKER_WORKFLOW_BUNDLE=${bundle}`);
    expect(bundle).toBe(written);
    // COPY --from=build <dir> <dest>: some copied directory holds the bundle at the same path.
    const copies = runtime.instructions
      .map((i) => /^COPY --from=build (\S+) (\S+)$/.exec(i))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ source: posix.resolve(workdirOf(stages, build) as string, m[1]), target: posix.resolve(workdirOf(stages, runtime) as string, m[2]) }));
    const carrying = copies.find((c) => written.startsWith(`${c.source}/`));
    expect(carrying, `no COPY --from=build carries ${written}`).toBeDefined();
    expect(posix.join(carrying!.target, posix.relative(carrying!.source, written))).toBe(bundle);
  });

  it('the checks can fail: a Dockerfile without the bundle step or variable is caught', () => {
    const stripped = parseDockerfile(read('Dockerfile').replace(/ && npm run build:workflows/, '').replace(/WORKER_WORKFLOW_BUNDLE=\S+/, ''));
    const build = stripped.find((s) => s.name === 'build') as Stage;
    expect(build.instructions.some((i) => i.includes('build:workflows'))).toBe(false);
    expect(envOf(stripped, stripped.at(-1) as Stage).WORKER_WORKFLOW_BUNDLE).toBeUndefined();
  });

  it('compose does not override the bundle path for the worker', () => {
    expect(read('docker-compose.yml')).not.toMatch(/WORKER_WORKFLOW_BUNDLE/);
  });
});
