import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { temporalConnectionOptions } from '../clients/temporal/connection';
import type { TemporalConfig } from '../config';

export interface WorkerClient {
  client: Client;
  connection: NativeConnection;
}

/**
 * The Client the worker's activities use (the sweeps start one run per record, the webhook intake
 * and calendar fan-out start theirs). It runs over a NativeConnection — the SDK's Rust gRPC client —
 * rather than @grpc/grpc-js: about half the CPU per start in the worker's main thread
 * (docs/PERFORMANCE.md), which an initial sync pays once per record. A connection of its own, so
 * client calls never queue behind the worker's long polls.
 */
export async function connectWorkerClient(settings: Pick<TemporalConfig, 'address' | 'tls' | 'apiKey' | 'namespace'>, dataConverter: DataConverter): Promise<WorkerClient> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(settings));
  return { client: new Client({ connection, namespace: settings.namespace, dataConverter }), connection };
}
