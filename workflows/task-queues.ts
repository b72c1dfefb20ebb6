/**
 * Activities that call Google or Advoware run on their own task queues so the server-side
 * `maxTaskQueueActivitiesPerSecond` holds across every worker together (quota protection).
 * Names derive from the main queue so one TEMPORAL_TASK_QUEUE setting isolates a deployment.
 */
export function taskQueuesFor(mainQueue: string) {
  return { main: mainQueue, advoware: `${mainQueue}-advoware`, google: `${mainQueue}-google` };
}
