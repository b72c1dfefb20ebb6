import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ShadowSummary } from '../domain/shadow';
import { beteiligteRunText, calendarRunText } from './run-details';
import { EspoId, SyncKind } from './search-attributes';

/**
 * Message contracts shared by api/, cli/ and workflows/. Changing a shape here changes a
 * public interface: add optional fields, never rename.
 */

// ---- Beteiligte ----------------------------------------------------------------------------

export type BeteiligteAction = 'create' | 'update' | 'delete' | 'sweep' | 'manual';

export interface SyncRequest {
  action: BeteiligteAction;
  source: 'webhook' | 'sweep' | 'cli' | 'api';
}

export type SyncOutcomeValue =
  | 'clean'
  | 'no_change'
  | 'conflict'
  | 'failed'
  | 'permanently_failed'
  | 'deleted_in_advoware'
  | 'deleted_in_espocrm'
  | 'not_found'
  /** BETEILIGTE_MODE=shadow: planned, nothing written (see status.shadow). */
  | 'shadow'
  /** BETEILIGTE_MODE=off: the pass did nothing. */
  | 'off';

export interface BeteiligteSyncInput {
  espoId: string;
  /** Trailing debounce before each pass; 0 = off: the first request starts a pass at once. */
  debounceMs: number;
  /**
   * Loop version the starter asked for. 2 = leading edge (see beteiligte-sync.ts). Absent on runs
   * started before it: those keep the debounce-first loop so their histories replay.
   */
  loop?: 2;
  /** The request that started this run, handed over in the input instead of a signal. */
  request?: SyncRequest;
  /** Started by a forced resync (operator), handed over in the input instead of a signal. */
  force?: boolean;
  /** Passes per run before continuing as new; tests lower it to exercise continue-as-new. */
  maxPassesPerRun?: number;
  /** State carried across continue-as-new. */
  carried?: BeteiligteStatus;
}

export interface BeteiligteStatus {
  espoId: string;
  betNr: number | null;
  phase: 'waiting' | 'debouncing' | 'syncing' | 'backing_off' | 'done';
  lastOutcome: SyncOutcomeValue | null;
  lastError: string | null;
  passes: number;
  signalsReceived: number;
  /** Writes of the last pass: Advoware, EspoCRM. */
  lastWrites: { advoware: number; espocrm: number } | null;
  retryCount: number;
  nextRetryAt: string | null;
  /**
   * Base of the last pass: `derived_legacy` = the record was linked by the old system and its
   * first pass used a base derived from its markers and timestamps (docs/SYNC_RULES.md).
   */
  lastBaseSource?: 'stored' | 'derived_legacy' | 'none';
  /** Passes of this workflow (across continue-as-new) that used a derived legacy base; normally 0 or 1. */
  legacyBasePasses?: number;
  /** Shadow mode: the outcome a live pass would have had and the writes it would have made. */
  plannedOutcome?: SyncOutcomeValue;
  shadow?: ShadowSummary;
}

export const syncRequestedSignal = defineSignal<[SyncRequest]>('syncRequested');
export const forceResyncSignal = defineSignal<[]>('forceResync');
export const beteiligteStatusQuery = defineQuery<BeteiligteStatus>('status');

/** EspoCRM ids are 17 hex characters; any 1–64 safe characters pass, nothing that could smuggle a path. */
export const ESPO_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function beteiligteWorkflowId(espoId: string): string {
  return `beteiligte:${espoId}`;
}

/** What a starter asks of a record's workflow: a sync request, or an operator's forced resync. */
export type BeteiligteTrigger = { request: SyncRequest } | { force: true };

/**
 * Id, queue, input and search attributes that every starter of a record's workflow (webhook,
 * sweep, CLI) uses. The trigger rides in the input when the start creates the run; the search
 * attributes are given here so the run need not upsert them (one history event less).
 */
export function beteiligteStartOptions(espoId: string, taskQueue: string, debounceMs: number, trigger?: BeteiligteTrigger) {
  return {
    workflowId: beteiligteWorkflowId(espoId),
    taskQueue,
    args: [{ espoId, debounceMs, loop: 2, ...trigger }] as [BeteiligteSyncInput],
    ...beteiligteRunText(espoId),
    typedSearchAttributes: [
      { key: SyncKind, value: 'beteiligte' },
      { key: EspoId, value: espoId },
    ],
  };
}

// ---- Calendar ------------------------------------------------------------------------------

export interface CalendarEmployeeInput {
  kuerzel: string;
  fullContent: boolean;
  /** State carried across continue-as-new. */
  carried?: CalendarCarriedState;
}

export interface CalendarCarriedState {
  syncToken: string | null;
  calendarId: string | null;
  /** frNr → { eventId, hash, start, end } agreed by both sides after the last pass (runs before the packed form). */
  snapshot: Record<string, { eventId: string; hash: string; start?: string; end?: string | null }>;
  /** The snapshot packed by packCalendarSnapshot (gzip, base64) when this run was continued; `snapshot` is then {}. */
  snapshotPacked?: string | null;
  /** Entries in the snapshot (status `linkedEvents` without unpacking it). */
  linkedEvents?: number;
  passes: number;
  lastPass: CalendarPassSummary | null;
  /** Work that arrived after the last pass of the previous run. */
  pending?: boolean;
  /** A forced full resync not yet completed by a fully applied pass. */
  forceFull?: boolean;
  pendingRequests?: string[];
  completedRequests?: CalendarEmployeeStatus['completedRequests'];
}

export interface CalendarPassSummary {
  kuerzel: string;
  outcome: 'clean' | 'no_change' | 'failed' | 'aborted_delete_guard' | 'aborted_create_guard' | 'shadow' | 'off';
  /** CALENDAR_MODE=shadow: the writes this pass would have made (state was not advanced). */
  shadow?: ShadowSummary;
  fullSync: boolean;
  counts: Record<string, number>;
  error?: string;
}

export interface CalendarEmployeeStatus {
  kuerzel: string;
  phase: 'waiting' | 'syncing';
  passes: number;
  lastPass: CalendarPassSummary | null;
  hasSyncToken: boolean;
  linkedEvents: number;
  /** Recent request ids and how their pass ended, so callers can wait for "their" pass. */
  completedRequests: { requestId: string; outcome: CalendarPassSummary['outcome']; error?: string }[];
}

export interface CalendarSyncRequest {
  fullContent?: boolean;
  requestId?: string;
}

export interface CalendarSyncAllInput {
  kuerzel?: string[];
  fullContent?: boolean;
  concurrency?: number;
  /** How long each employee's answer is waited for (default: the worker's CALENDAR_SYNC_WAIT_TIMEOUT). */
  waitMs?: number;
}

export interface CalendarSyncAllResult {
  employees: { kuerzel: string; outcome: string; error?: string }[];
}

export const calendarSyncRequestedSignal = defineSignal<[CalendarSyncRequest]>('calendarSyncRequested');
export const forceFullResyncSignal = defineSignal<[]>('forceFullResync');
export const calendarStatusQuery = defineQuery<CalendarEmployeeStatus>('status');

/** A caller that wants the outcome of "its" pass: the Update completes when that pass has ended. */
export interface CalendarPassRequest {
  requestId: string;
  fullContent?: boolean;
}

export interface CalendarPassAnswer {
  kuerzel: string;
  requestId: string;
  outcome: CalendarPassSummary['outcome'];
  error?: string;
}

export const calendarPassUpdate = defineUpdate<CalendarPassAnswer, [CalendarPassRequest]>('requestPass');

/** Where an activity reads the agreed snapshot (by query, so it stays out of history). */
export interface CalendarSnapshotRef {
  workflowId: string;
  runId: string;
}

/** The snapshot in parts: carried inline by runs from before the packed form, packed base, this run's changes. */
export interface CalendarSnapshotParts {
  inline: CalendarCarriedState['snapshot'];
  packed: string | null;
  overlay: Record<string, CalendarCarriedState['snapshot'][string] | null>;
}

export const calendarSnapshotQuery = defineQuery<CalendarSnapshotParts>('snapshot');

/** Registered name of the employee workflow: starters outside workflows/ use it instead of importing the function. */
export const CALENDAR_EMPLOYEE_WORKFLOW = 'calendarSyncEmployee';

export const KUERZEL_PATTERN = /^[A-Za-z0-9]{1,10}$/;

export function calendarWorkflowId(kuerzel: string): string {
  return `calendar:${kuerzel.toUpperCase()}`;
}

/** Id, queue and input that every starter of an employee's workflow (API, CLI, calendarSyncAll) uses. */
export function calendarStartOptions(kuerzel: string, taskQueue: string, fullContent: boolean) {
  return { workflowId: calendarWorkflowId(kuerzel), taskQueue, args: [{ kuerzel, fullContent }] as [CalendarEmployeeInput], ...calendarRunText(kuerzel) };
}
