import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './temporal';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
}

/*
 * @temporalio/common's historyToJSON/historyFromJSON throw "type must be a Type" in this install:
 * common and proto each carry their own nested protobufjs copy, so the `instanceof Type` check
 * fails. Using the protobufjs that @temporalio/proto's root was built with gives the same
 * canonical proto3 JSON (the format `temporal workflow show --output json` writes).
 */
const protoJson = createRequire(require.resolve('@temporalio/proto/package.json'))('protobufjs/ext/protojson') as ProtoJson;
// The CommonJS module itself (not an ESM namespace copy): it is the protobufjs root.
const protoRoot = createRequire(__filename)('@temporalio/proto') as typeof proto;
const historyType = (patchProtobufRoot(protoRoot) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

export function historyToJSON(history: History): string {
  return JSON.stringify(protoJson.toJson(historyType, protoRoot.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

export function historyFromJSON(json: unknown): History {
  const parsed = typeof json === 'string' ? JSON.parse(json) : json;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { events?: unknown }).events)) {
    throw new TypeError('Invalid history, expected an object with an array of events');
  }
  return protoJson.fromJson(historyType, parsed, { ignoreUnknownFields: true }) as History;
}

export const HISTORY_DIR = join(__dirname, '..', 'histories');

/** Fetches the histories of finished runs and saves them as JSON fixtures for later replay. */
export async function recordHistories(client: Client, workflowIds: string[], name: string): Promise<void> {
  mkdirSync(HISTORY_DIR, { recursive: true });
  for (const [i, workflowId] of workflowIds.entries()) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    writeFileSync(join(HISTORY_DIR, `${name}-${i}.json`), historyToJSON(history));
  }
}

/** Replays histories against today's workflow code; any non-determinism is returned as an error. */
export async function replayHistories(
  histories: { workflowId: string; history: unknown }[],
): Promise<{ workflowId: string; error?: unknown }[]> {
  const results: { workflowId: string; error?: unknown }[] = [];
  // Round-trip through the JSON form so fetched and recorded histories take the same path.
  const iterable = histories.map(({ workflowId, history }) => ({
    workflowId,
    history: historyFromJSON(typeof history === 'string' ? history : historyToJSON(history as History)),
  }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, iterable)) {
    results.push({ workflowId: result.workflowId, error: result.error });
  }
  return results;
}

/** Fixture histories on disk (committed), keyed by file name. */
export function loadRecordedHistories(prefix?: string): { workflowId: string; history: unknown }[] {
  let files: string[] = [];
  try {
    files = readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json') && (!prefix || f.startsWith(prefix)));
  } catch {
    return [];
  }
  return files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: readFileSync(join(HISTORY_DIR, f), 'utf8') }));
}
