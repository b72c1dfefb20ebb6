import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ping } from '../../workflows/ping';
import { testEnv } from '../support/env';
import { REPO_ROOT, spawnEntry, type ManagedProcess } from '../support/processes';
import { connectClient, temporalAddress, uniqueTaskQueue } from '../support/temporal';
import { waitFor } from '../support/wait';

/**
 * What the Docker image does (Dockerfile: `npm run build:workflows`, WORKER_WORKFLOW_BUNDLE): the
 * bundle the script writes is loaded by a real worker process, which then runs workflows from it
 * without bundling at start. The Dockerfile itself is checked statically in test/deploy/.
 */
describe('pre-built workflow bundle (npm run build:workflows) in a real worker process', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'workflow-bundle-')), 'workflow-bundle.js');
  const taskQueue = uniqueTaskQueue('bundle');
  let worker: ManagedProcess | undefined;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'build:workflows', '--', out], { cwd: REPO_ROOT, env: process.env });
    expect(stdout).toContain(`wrote ${out}`);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
  });

  it('the worker starts on the bundle file and runs a workflow from it', async () => {
    expect(statSync(out).size).toBeGreaterThan(10_000);
    worker = spawnEntry('worker/main.ts', testEnv({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, WORKER_WORKFLOW_BUNDLE: out, LOG_LEVEL: 'debug' }));
    await waitFor('the worker to run', () => worker!.output().includes('worker running') || worker!.child.exitCode !== null, 90_000);
    expect(worker.output()).toContain('worker running');
    const { client, connection } = await connectClient();
    try {
      const result = await client.workflow.execute(ping, { taskQueue, workflowId: `bundle-ping-${Date.now()}`, args: ['from the bundle'] });
      expect(result.message).toBe('from the bundle');
    } finally {
      await connection.close();
    }
    // Bundling at start would have logged webpack's bundle creation.
    expect(worker.output()).not.toMatch(/bundle created|Workflow bundle/i);
    expect(await worker.stop('SIGTERM')).toBe(0);
  });

  it('the variable is honoured: a worker pointed at a missing bundle fails to start', async () => {
    const broken = spawnEntry('worker/main.ts', testEnv({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: uniqueTaskQueue('nobundle'), WORKER_WORKFLOW_BUNDLE: `${out}.missing` }));
    try {
      expect(await broken.exited).not.toBe(0);
      expect(broken.output()).toMatch(/ENOENT|no such file/i);
    } finally {
      await broken.stop('SIGKILL');
    }
  });
});
