import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions, temporalDataConverter } from '../clients/temporal/connection';
import type { TemporalConfig } from '../config';

export interface TemporalAccess {
  client: Client;
  taskQueue: string;
  /** Resolves when the frontend answers within `timeoutMs`; rejects otherwise. */
  checkReachable(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A lazy connection: the API starts (and reports not-ready) even while Temporal is down. */
export function createTemporalAccess(options: Pick<TemporalConfig, 'address' | 'namespace' | 'taskQueue' | 'tls' | 'apiKey' | 'encryption'>): TemporalAccess {
  const connection = Connection.lazy({ ...temporalConnectionOptions(options), connectTimeout: 2000 });
  const client = new Client({ connection, namespace: options.namespace, dataConverter: temporalDataConverter(options) });
  return {
    client,
    taskQueue: options.taskQueue,
    async checkReachable(timeoutMs = 2000) {
      await connection.withDeadline(Date.now() + timeoutMs, async () => {
        await connection.ensureConnected();
        await connection.workflowService.getSystemInfo({});
      });
    },
    close: () => connection.close(),
  };
}
