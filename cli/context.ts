import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, temporalDataConverter } from '../clients/temporal/connection';
import { temporalConfig } from '../config';
import { temporalEnvSchema } from '../config/schema';

/** Raised for wrong command-line usage; exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOutput {
  json: boolean;
  /** Prints a human line, or the data as JSON with --json. */
  print(human: string, data?: unknown): void;
}

export function createOutput(json: boolean): CliOutput {
  return {
    json,
    print(human, data) {
      console.log(json ? JSON.stringify(data ?? { message: human }, null, 2) : human);
    },
  };
}

/** Connects to Temporal using only the TEMPORAL_* variables (operators need no API secrets). */
export async function connectTemporal(env: NodeJS.ProcessEnv = process.env) {
  const parsed = temporalEnvSchema.safeParse(env);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const settings = parsed.data;
  const temporal = temporalConfig(settings);
  const connection = await Connection.connect({ ...temporalConnectionOptions(temporal), connectTimeout: 5000 }).catch((err: Error) => {
    throw new Error(`Cannot reach Temporal at ${settings.TEMPORAL_ADDRESS} (${err.message}). Is the server running? Set TEMPORAL_ADDRESS.`);
  });
  const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(temporal) });
  return {
    client,
    connection,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    debounceMs: settings.BETEILIGTE_DEBOUNCE,
    /** CALENDAR_SYNC_WAIT_TIMEOUT: default for `calendar sync --timeout`. */
    calendarWaitMs: settings.CALENDAR_SYNC_WAIT_TIMEOUT,
    /** What worker/schedules.ts needs, from the same variables the worker reads. */
    scheduleConfig: {
      temporal: { taskQueue: settings.TEMPORAL_TASK_QUEUE },
      beteiligte: { sweepIntervalMs: settings.BETEILIGTE_SWEEP_INTERVAL },
      calendar: { syncIntervalMs: settings.CALENDAR_SYNC_INTERVAL },
    },
  };
}

export type TemporalContext = Awaited<ReturnType<typeof connectTemporal>>;

/** Runs fn with a connected client and always closes the connection. */
export async function withTemporal<T>(fn: (ctx: TemporalContext) => Promise<T>): Promise<T> {
  const ctx = await connectTemporal();
  try {
    return await fn(ctx);
  } finally {
    await ctx.connection.close();
  }
}
