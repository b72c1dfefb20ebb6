import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../config';
import { CALENDAR_ALL_RUN_TEXT, SWEEP_RUN_TEXT } from '../workflows/run-details';

export interface ScheduleConfig {
  temporal: Pick<Config['temporal'], 'taskQueue'>;
  beteiligte: Pick<Config['beteiligte'], 'sweepIntervalMs'>;
  calendar: Pick<Config['calendar'], 'syncIntervalMs'>;
}

export const SCHEDULE_IDS = { sweep: 'beteiligte-sweep', calendar: 'calendar-sync' } as const;

/** The Schedules that replace cron: overlap SKIP replaces the cron lock, a short catch-up window avoids storms after downtime. */
export function scheduleDefinitions(config: ScheduleConfig): ScheduleOptions[] {
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' } as const;
  return [
    {
      scheduleId: SCHEDULE_IDS.sweep,
      spec: { intervals: [{ every: config.beteiligte.sweepIntervalMs }] },
      action: { type: 'startWorkflow', workflowType: 'beteiligteSweep', workflowId: SCHEDULE_IDS.sweep, taskQueue: config.temporal.taskQueue, args: [], ...SWEEP_RUN_TEXT },
      policies,
      memo: { description: 'Finds CBeteiligte records the webhooks missed and syncs them' },
    },
    {
      scheduleId: SCHEDULE_IDS.calendar,
      spec: { intervals: [{ every: config.calendar.syncIntervalMs }] },
      action: { type: 'startWorkflow', workflowType: 'calendarSyncAll', workflowId: SCHEDULE_IDS.calendar, taskQueue: config.temporal.taskQueue, args: [{}], ...CALENDAR_ALL_RUN_TEXT },
      policies,
      memo: { description: 'Two-way sync of every employee calendar' },
    },
  ];
}

/** Creates or updates every schedule so repeated calls converge on the configured definitions. */
export async function applySchedules(client: Client, config: ScheduleConfig): Promise<{ id: string; result: 'created' | 'updated' }[]> {
  const results: { id: string; result: 'created' | 'updated' }[] = [];
  for (const definition of scheduleDefinitions(config)) {
    try {
      await client.schedule.create(definition);
      results.push({ id: definition.scheduleId, result: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(definition.scheduleId).update((previous) => ({
        ...previous,
        spec: definition.spec,
        action: definition.action,
        policies: { ...previous.policies, ...definition.policies },
      }));
      results.push({ id: definition.scheduleId, result: 'updated' });
    }
  }
  return results;
}
