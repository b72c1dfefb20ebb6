import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { temporalConnectionOptions, temporalDataConverter } from '../../clients/temporal/connection';
import { defaultTemporalConfig } from '../../config';
import { bundleWorkflows } from './product-stack';
import { installQuietRuntime } from './sdk-runtime';
import { createWorkers, type WorkerSetup } from '../../worker/workers';

export function temporalAddress(): string {
  return inject('temporalAddress');
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundles workflow code once per test file (webpack is slow) and reuses it. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}


/** Unique task queue per test so suites can share one dev server. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The settings of a process with only TEMPORAL_ADDRESS (and the file's namespace) set: the demo key encrypts, like the product's dev default. */
export function testTemporalConfig() {
  // TEMPORAL_NAMESPACE: this test file's own namespace (test/setup/namespace.ts).
  return defaultTemporalConfig({ TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE });
}

export async function connectClient(): Promise<{ client: Client; connection: Connection }> {
  const settings = testTemporalConfig();
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  return { client: new Client({ connection, namespace: settings.namespace, dataConverter: temporalDataConverter(settings) }), connection };
}

export interface RunningTestWorkers {
  taskQueue: string;
  workers: Worker[];
  stop(): Promise<void>;
}

/** Starts the production worker set-up on a unique queue with the given activities. */
export async function startTestWorkers(
  activities: WorkerSetup['activities'],
  options: Partial<Omit<WorkerSetup, 'activities' | 'connection'>> = {},
): Promise<RunningTestWorkers> {
  installQuietRuntime();
  const settings = testTemporalConfig();
  const connection = await NativeConnection.connect(temporalConnectionOptions(settings));
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  const workers = await createWorkers({
    connection,
    namespace: settings.namespace,
    dataConverter: temporalDataConverter(settings),
    taskQueue,
    activities,
    workflowBundle: await workflowBundle(),
    ...options,
  });
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    taskQueue,
    workers,
    async stop() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running;
      await connection.close();
    },
  };
}
