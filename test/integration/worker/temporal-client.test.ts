import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnection } from '@temporalio/worker';
import { temporalDataConverter } from '../../../clients/temporal/connection';
import { ENCRYPTED_ENCODING } from '../../../clients/temporal/codec';
import { connectWorkerClient, type WorkerClient } from '../../../worker/temporal-client';
import { testTemporalConfig, uniqueTaskQueue } from '../../support/temporal';

describe("the worker's own Temporal client (connectWorkerClient)", () => {
  let worker: WorkerClient;
  beforeAll(async () => {
    const settings = testTemporalConfig();
    worker = await connectWorkerClient(settings, temporalDataConverter(settings));
  });
  afterAll(async () => worker?.connection.close());

  it("runs over the SDK's native (Rust) connection, not @grpc/grpc-js", () => {
    expect(worker.connection).toBeInstanceOf(NativeConnection);
  });

  it('starts a run whose input Temporal stores encrypted and the client reads back in clear', async () => {
    const input = { espoId: 'native-client-check', name: 'Müller & Söhne' };
    const handle = await worker.client.workflow.start('beteiligteSync', { taskQueue: uniqueTaskQueue('native'), workflowId: `native-client-${Date.now()}`, args: [input] });
    try {
      const history = await handle.fetchHistory();
      const stored = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      expect(Buffer.from(stored?.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(stored?.data ?? []).includes(Buffer.from('Müller'))).toBe(false);
      const described = await handle.describe();
      expect(described.status.name).toBe('RUNNING');
    } finally {
      await handle.terminate('test done');
    }
  });
});
