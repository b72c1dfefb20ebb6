import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCalendarActivities } from '../activities/calendar';
import type { createCalendarSnapshotActivities } from '../activities/calendar-snapshot';
import { linkAfterAdvowareCreate, type SnapshotOverlay } from '../domain/calendar';
import { mergeSummaries } from '../domain/shadow';
import {
  calendarPassUpdate,
  calendarSnapshotQuery,
  calendarStatusQuery,
  calendarSyncRequestedSignal,
  forceFullResyncSignal,
  type CalendarCarriedState,
  type CalendarEmployeeInput,
  type CalendarEmployeeStatus,
  type CalendarPassAnswer,
  type CalendarPassSummary,
} from './messages';
import { calendarDetails, showDetails } from './run-details';
import { Kuerzel, SyncKind, SyncOutcome } from './search-attributes';
import { taskQueuesFor } from './task-queues';

type Activities = ReturnType<typeof createCalendarActivities>;

/** Actions per apply activity: small enough to resume cheaply, large enough to keep history short. */
const APPLY_BATCH = 50;
const PASSES_PER_RUN = 20;
const REMEMBERED_REQUESTS = 50;
/** Snapshot kept out of payloads: read by query, recorded as per-pass changes (patched for older runs). */
const SNAPSHOT_BY_QUERY = 'calendar-snapshot-by-query';
/** Recorded snapshot changes after which a run continues as new early, so its history stays small. */
const OVERLAY_BYTES_PER_RUN = 512 * 1024;

function activities() {
  // Which failures are worth a retry is the error's own decision (activities/failures.ts).
  const retry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 };
  const options = {
    // Every call here goes to Google: the queue's server-side rate limit holds across all workers.
    taskQueue: taskQueuesFor(workflowInfo().taskQueue).google,
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '2 minutes',
    retry,
  } as const;
  // One proxy per activity so each carries its own summary in the Web UI.
  const withSummary = (summary: string) => proxyActivities<Activities>({ ...options, summary });
  return {
    planEmployeePass: withSummary('Plan: read Advoware Termine and Google changes, decide what to write').planEmployeePass,
    applyEmployeeActions: withSummary('Apply a batch of planned writes').applyEmployeeActions,
  };
}

/**
 * `calendar:{KÜRZEL}`: one employee's two-way sync, long-lived. Keeps the Google sync token and
 * the agreed snapshot in workflow state, waits for the next request (schedule, API, CLI), and
 * continues as new every few passes so history stays small.
 */
export async function calendarSyncEmployee(input: CalendarEmployeeInput): Promise<void> {
  const { planEmployeePass, applyEmployeeActions } = activities();
  const { packCalendarSnapshot } = proxyActivities<ReturnType<typeof createCalendarSnapshotActivities>>({ startToCloseTimeout: '5 minutes', retry: { maximumAttempts: 5 } });
  const state: CalendarCarriedState = input.carried ?? { syncToken: null, calendarId: null, snapshot: {}, passes: 0, lastPass: null };
  const requests: string[] = [...(state.pendingRequests ?? [])];
  const completed: CalendarEmployeeStatus['completedRequests'] = [...(state.completedRequests ?? [])];
  // A fresh run was started for a request; a continued one carries whether work was waiting.
  let pending = input.carried ? Boolean(input.carried.pending) : true;
  let forceFull = Boolean(input.carried?.forceFull);
  let fullContent = input.fullContent;
  let phase: CalendarEmployeeStatus['phase'] = 'waiting';
  // The snapshot outside payloads: the packed base this run was continued with, plus this run's changes.
  let snapshotByQuery = false;
  const packed = state.snapshotPacked ?? null;
  let overlay: SnapshotOverlay = {};
  let overlayBytes = 0;
  let linkedEvents = state.linkedEvents ?? Object.keys(state.snapshot).length;
  setHandler(calendarSnapshotQuery, () => ({ inline: state.snapshot, packed, overlay }));

  setHandler(calendarSyncRequestedSignal, (request) => {
    pending = true;
    if (request.fullContent !== undefined) fullContent = request.fullContent;
    if (request.requestId) requests.push(request.requestId);
  });
  setHandler(forceFullResyncSignal, () => {
    pending = true;
    forceFull = true;
  });
  // Requests whose callers wait through calendarPassUpdate, and their answers once the pass has ended.
  const awaited = new Set<string>();
  const answers = new Map<string, CalendarPassAnswer>();
  let closing = false;
  const waitingForPass = () => [...awaited].some((id) => !answers.has(id));
  setHandler(
    calendarPassUpdate,
    async (request) => {
      const earlier = completed.find((r) => r.requestId === request.requestId);
      if (earlier) return { kuerzel: input.kuerzel, ...earlier };
      pending = true;
      if (request.fullContent !== undefined) fullContent = request.fullContent;
      if (!requests.includes(request.requestId)) requests.push(request.requestId);
      awaited.add(request.requestId);
      await condition(() => answers.has(request.requestId));
      const answer = answers.get(request.requestId)!;
      awaited.delete(request.requestId);
      answers.delete(request.requestId);
      return answer;
    },
    {
      validator: (request) => {
        if (!request || typeof request.requestId !== 'string' || !request.requestId) throw new Error('requestPass needs a requestId');
        // Past the last pass of this run nothing would answer: the caller retries against the continued run.
        if (closing) throw new Error('continuing as new: request the pass again');
      },
    },
  );
  setHandler(calendarStatusQuery, () => ({
    kuerzel: input.kuerzel,
    phase,
    passes: state.passes,
    lastPass: state.lastPass,
    hasSyncToken: state.syncToken !== null,
    linkedEvents: snapshotByQuery || packed ? linkedEvents : Object.keys(state.snapshot).length,
    completedRequests: completed,
  }));
  upsertSearchAttributes([
    { key: SyncKind, value: 'calendar' },
    { key: Kuerzel, value: input.kuerzel },
  ]);

  for (let passesThisRun = 1; ; passesThisRun++) {
    await condition(() => pending);
    pending = false;
    phase = 'syncing';
    showDetails(calendarDetails(phase, state.passes, state.lastPass));
    const answering = requests.splice(0);
    snapshotByQuery ||= patched(SNAPSHOT_BY_QUERY);
    const { summary, more } = snapshotByQuery ? await runBoundedPass() : { summary: await runPass(), more: false };
    state.lastPass = summary;
    state.passes += 1;
    upsertSearchAttributes([{ key: SyncOutcome, value: summary.outcome }]);
    if (more) {
      // The pass did part of the work (size bound): the rest follows at once, and callers get the answer of the whole.
      requests.unshift(...answering.filter((id) => !requests.includes(id)));
      pending = true;
      answering.length = 0;
    }
    for (const requestId of answering) {
      const done = { requestId, outcome: summary.outcome, ...(summary.error ? { error: summary.error } : {}) };
      completed.push(done);
      if (awaited.has(requestId)) answers.set(requestId, { kuerzel: input.kuerzel, ...done });
    }
    completed.splice(0, Math.max(0, completed.length - REMEMBERED_REQUESTS));
    phase = 'waiting';
    showDetails(calendarDetails(phase, state.passes, state.lastPass));
    // An Update waiting for a pass that has not run yet is served in this run: its handler must finish before continue-as-new.
    const runFull = passesThisRun >= PASSES_PER_RUN || overlayBytes > OVERLAY_BYTES_PER_RUN || workflowInfo().continueAsNewSuggested;
    if (runFull && !waitingForPass()) break;
  }
  closing = true;
  await condition(allHandlersFinished);
  // Requests that arrived after the last pass are carried over as pending work.
  const carried: CalendarCarriedState = { ...state, pending: pending || forceFull, forceFull, pendingRequests: requests, completedRequests: completed };
  if (snapshotByQuery) {
    // The next run starts from one packed base (read by query, so only the packed form is recorded).
    const next = await packCalendarSnapshot({ workflowId: workflowInfo().workflowId, runId: workflowInfo().runId });
    Object.assign(carried, { snapshot: {}, snapshotPacked: next.packed, linkedEvents: next.linkedEvents });
  }
  return continueAsNew<typeof calendarSyncEmployee>({ kuerzel: input.kuerzel, fullContent, carried });

  /**
   * A pass whose history is O(changes): the planner reads the snapshot by query, returns only the
   * changes, and at most a bounded number of actions (`more` when it had to leave some for the
   * next pass). Changes are recorded only when every batch was applied, as in runPass.
   */
  async function runBoundedPass(): Promise<{ summary: CalendarPassSummary; more: boolean }> {
    try {
      const plan = await planEmployeePass({
        kuerzel: input.kuerzel,
        calendarId: state.calendarId,
        syncToken: forceFull ? null : state.syncToken,
        snapshot: {},
        snapshotFrom: { workflowId: workflowInfo().workflowId, runId: workflowInfo().runId },
        fullContent,
      });
      if (plan.mode === 'shadow' || plan.mode === 'off') return { summary: await rehearse(plan), more: false };
      const changes: SnapshotOverlay = { ...plan.snapshotDiff };
      let created = 0;
      for (let i = 0; i < plan.actions.length; i += APPLY_BATCH) {
        const result = await applyEmployeeActions({ kuerzel: input.kuerzel, calendarId: plan.calendarId, actions: plan.actions.slice(i, i + APPLY_BATCH), fullContent });
        for (const link of result.links) Object.assign(changes, linkAfterAdvowareCreate({}, link));
        created += result.links.length;
      }
      overlay = { ...overlay, ...changes };
      overlayBytes += JSON.stringify(changes).length;
      linkedEvents = (plan.linked ?? linkedEvents) + created;
      state.calendarId = plan.calendarId;
      state.syncToken = plan.nextSyncToken;
      forceFull = false;
      const outcome = plan.aborted ? 'aborted_delete_guard' : plan.createAborted ? 'aborted_create_guard' : plan.actions.length ? 'clean' : 'no_change';
      const summary: CalendarPassSummary = { kuerzel: input.kuerzel, outcome, fullSync: plan.fullSync, counts: { actions: plan.actions.length, ...plan.counts, ...(plan.more ? { continued: 1 } : {}) } };
      return { summary, more: Boolean(plan.more) };
    } catch (err) {
      return { summary: failedPass(err), more: false };
    }
  }

  /** CALENDAR_MODE shadow/off: apply onto recorders only; token, snapshot, overlay and calendar id stay as they were. */
  async function rehearse(plan: Awaited<ReturnType<typeof planEmployeePass>>): Promise<CalendarPassSummary> {
    let shadow = plan.shadow;
    for (let i = 0; plan.mode === 'shadow' && i < plan.actions.length; i += APPLY_BATCH) {
      const result = await applyEmployeeActions({ kuerzel: input.kuerzel, calendarId: plan.calendarId, actions: plan.actions.slice(i, i + APPLY_BATCH), fullContent });
      if (result.shadow) shadow = mergeSummaries(shadow, result.shadow);
    }
    return { kuerzel: input.kuerzel, outcome: plan.mode === 'off' ? 'off' : 'shadow', fullSync: plan.fullSync, counts: { actions: plan.actions.length, ...plan.counts }, ...(shadow ? { shadow } : {}) };
  }

  function failedPass(err: unknown): CalendarPassSummary {
    const cause = err instanceof Error && (err as { cause?: unknown }).cause instanceof ApplicationFailure ? ((err as { cause: ApplicationFailure }).cause) : err;
    const message = cause instanceof Error ? cause.message : String(cause);
    return { kuerzel: input.kuerzel, outcome: 'failed', fullSync: false, counts: {}, error: message };
  }

  async function runPass(): Promise<CalendarPassSummary> {
    try {
      const plan = await planEmployeePass({
        kuerzel: input.kuerzel,
        calendarId: state.calendarId,
        syncToken: forceFull ? null : state.syncToken,
        snapshot: state.snapshot,
        fullContent,
      });
      if (plan.mode === 'shadow' || plan.mode === 'off') return await rehearse(plan);
      let snapshot = plan.nextSnapshot;
      for (let i = 0; i < plan.actions.length; i += APPLY_BATCH) {
        const result = await applyEmployeeActions({ kuerzel: input.kuerzel, calendarId: plan.calendarId, actions: plan.actions.slice(i, i + APPLY_BATCH), fullContent });
        for (const link of result.links) snapshot = linkAfterAdvowareCreate(snapshot, link);
      }
      // Only a fully applied plan may move the token and snapshot forward.
      state.calendarId = plan.calendarId;
      state.snapshot = snapshot;
      state.syncToken = plan.nextSyncToken;
      forceFull = false;
      const outcome = plan.aborted ? 'aborted_delete_guard' : plan.createAborted ? 'aborted_create_guard' : plan.actions.length ? 'clean' : 'no_change';
      return { kuerzel: input.kuerzel, outcome, fullSync: plan.fullSync, counts: { actions: plan.actions.length, ...plan.counts } };
    } catch (err) {
      return failedPass(err);
    }
  }
}
