import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON as sdkHistoryToJSON } from '@temporalio/common/lib/proto-utils';
import type * as proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { temporalDataConverter } from '../../clients/temporal/connection';
import { defaultTemporalConfig } from '../../config';
import { workflowBundle } from './temporal';

type History = proto.temporal.api.history.v1.IHistory;

/** Canonical proto3 JSON (the format `temporal workflow show --output json` writes), indented for diffs. */
export function historyToJSON(history: History): string {
  return JSON.stringify(JSON.parse(sdkHistoryToJSON(history)), null, 2);
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
    history: historyFromJSON(JSON.parse(typeof history === 'string' ? history : historyToJSON(history as History))),
  }));
  // Live histories are encrypted with the demo key (the tests' default); committed fixtures may be in clear.
  const dataConverter = temporalDataConverter(defaultTemporalConfig());
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter }, iterable)) {
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
