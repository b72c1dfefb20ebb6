import { NativeConnection, Worker, type ActivityInterceptorsFactory, type WorkerOptions } from '@temporalio/worker';
import { concurrentWaits } from '../activities/concurrent-waits';
import { classifiedFailures } from '../activities/failures';
import { taskQueuesFor } from '../workflows/task-queues';

type ActivityMap = NonNullable<WorkerOptions['activities']>;

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  /** Payload codec and failure converter (clients/temporal/connection.ts); must match every client's. */
  dataConverter: NonNullable<WorkerOptions['dataConverter']>;
  taskQueue: string;
  /** Activities by the queue they run on; `main` also hosts every workflow. */
  activities: { main: ActivityMap; advoware?: ActivityMap; google?: ActivityMap };
  /** Pre-built bundle (tests reuse one); otherwise workflows are bundled from source at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  advowareMaxPerSecond?: number;
  googleMaxPerSecond?: number;
  identity?: string;
  /** Workflow runs kept in memory between tasks; a run not cached is replayed from its history. */
  maxCachedWorkflows?: number;
  /** How long shutdown lets running activities finish before cancelling them. */
  shutdownGraceMs?: number;
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** One worker per task queue: workflows + general activities, and one per rate-limited external API. */
export async function createWorkers(setup: WorkerSetup): Promise<Worker[]> {
  const queues = taskQueuesFor(setup.taskQueue);
  const common = {
    connection: setup.connection,
    namespace: setup.namespace,
    dataConverter: setup.dataConverter,
    // Retry decisions come from the client errors themselves (activities/failures.ts); extra
    // interceptors (metrics) run inside it and so still see the clients' own error names.
    interceptors: { activity: [concurrentWaits, classifiedFailures, ...(setup.activityInterceptors ?? [])] },
    ...(setup.identity ? { identity: setup.identity } : {}),
    ...(setup.shutdownGraceMs !== undefined ? { shutdownGraceTime: setup.shutdownGraceMs } : {}),
  };
  const workers = [
    await Worker.create({
      ...common,
      taskQueue: queues.main,
      activities: setup.activities.main,
      ...(setup.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: setup.maxCachedWorkflows } : {}),
      ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    }),
  ];
  if (setup.activities.advoware) {
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: queues.advoware,
        activities: setup.activities.advoware,
        maxTaskQueueActivitiesPerSecond: setup.advowareMaxPerSecond,
      }),
    );
  }
  if (setup.activities.google) {
    workers.push(
      await Worker.create({
        ...common,
        taskQueue: queues.google,
        activities: setup.activities.google,
        maxTaskQueueActivitiesPerSecond: setup.googleMaxPerSecond,
      }),
    );
  }
  return workers;
}

/** Runs all workers until one fails or shutdown() is called; shutdown drains in-flight tasks. */
export async function runWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.run()));
}

export function shutdownWorkers(workers: Worker[]): void {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
}
