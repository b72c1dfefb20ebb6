import type { Client } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { ShadowSummary } from '../../domain/shadow';
import { bankverbindungStatusQuery, type BankverbindungStatus } from '../../workflows/bankverbindung-messages';
import { beteiligteStatusQuery, calendarStatusQuery, type BeteiligteStatus, type CalendarEmployeeStatus } from '../../workflows/messages';

export interface ShadowRecordEntry {
  kind: 'beteiligte' | 'bankverbindung' | 'calendar';
  /** EspoCRM id (party or bank account) or Kürzel. */
  id: string;
  workflowId: string;
  outcome: string | null;
  plannedOutcome?: string | null;
  total: number;
  fields: number;
  byKind: Record<string, number>;
  error?: string | null;
}

export interface ShadowReport {
  workflows: {
    beteiligte: number;
    bankverbindung: number;
    calendar: number;
    withShadow: number;
    beteiligteWithShadow: number;
    bankverbindungWithShadow: number;
    calendarWithShadow: number;
    failed: number;
  };
  total: number;
  byKind: Record<string, number>;
  byField: Record<string, number>;
  /** Records/employees ordered by planned writes, most first. */
  records: ShadowRecordEntry[];
}

/** Latest state of one workflow: the status query while it runs, its result once completed. */
async function readStatus<T>(client: Client, workflowId: string, query: QueryDefinition<T>): Promise<T | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe().catch(() => undefined);
  if (!description) return undefined;
  if (description.status.name === 'RUNNING') return handle.query(query).catch(() => undefined);
  // A completed run of these workflows returns its status (the query's type).
  if (description.status.name === 'COMPLETED') return handle.result().catch(() => undefined);
  return undefined;
}

async function workflowIds(client: Client, query: string): Promise<string[]> {
  const ids = new Set<string>();
  for await (const execution of client.workflow.list({ query })) ids.add(execution.workflowId);
  return [...ids].sort();
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

/**
 * Collects what shadow passes recorded: lists the sync workflows of one task queue by SyncKind
 * (visibility), reads each one's status and adds up the planned writes.
 */
export async function collectShadowReport(client: Client, taskQueue: string): Promise<ShadowReport> {
  const scope = `TaskQueue = '${taskQueue.replace(/'/g, '')}'`;
  const [beteiligteIds, bankIds, calendarIds] = await Promise.all([
    workflowIds(client, `SyncKind = 'beteiligte' AND ${scope}`),
    workflowIds(client, `SyncKind = 'bankverbindung' AND ${scope}`),
    workflowIds(client, `SyncKind = 'calendar' AND ${scope}`),
  ]);
  const records: ShadowRecordEntry[] = [];
  const summaries: ShadowSummary[] = [];
  let failed = 0;
  const entry = (kind: ShadowRecordEntry['kind'], id: string, workflowId: string, outcome: string | null, shadow: ShadowSummary | undefined, extra: Partial<ShadowRecordEntry>) => {
    if (outcome === 'failed') failed += 1;
    if (!shadow) return;
    summaries.push(shadow);
    records.push({ kind, id, workflowId, outcome, total: shadow.total, fields: Object.values(shadow.byField).reduce((a, b) => a + b, 0), byKind: shadow.byKind, ...extra });
  };

  const beteiligte = await mapLimit(beteiligteIds, 10, async (id) => ({ id, status: await readStatus<BeteiligteStatus>(client, id, beteiligteStatusQuery) }));
  for (const { id, status } of beteiligte) {
    if (status) entry('beteiligte', status.espoId, id, status.lastOutcome, status.shadow, { plannedOutcome: status.plannedOutcome ?? null, error: status.lastError });
  }
  const banks = await mapLimit(bankIds, 10, async (id) => ({ id, status: await readStatus<BankverbindungStatus>(client, id, bankverbindungStatusQuery) }));
  for (const { id, status } of banks) {
    if (status) entry('bankverbindung', status.espoId, id, status.lastOutcome, status.shadow, { plannedOutcome: status.plannedOutcome ?? null, error: status.lastError });
  }
  const calendars = await mapLimit(calendarIds, 10, async (id) => ({ id, status: await readStatus<CalendarEmployeeStatus>(client, id, calendarStatusQuery) }));
  for (const { id, status } of calendars) {
    if (status) entry('calendar', status.kuerzel, id, status.lastPass?.outcome ?? null, status.lastPass?.shadow, { error: status.lastPass?.error ?? null });
  }

  const byKind: Record<string, number> = {};
  const byField: Record<string, number> = {};
  for (const s of summaries) {
    for (const [k, v] of Object.entries(s.byKind)) byKind[k] = (byKind[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.byField)) byField[k] = (byField[k] ?? 0) + v;
  }
  records.sort((a, b) => b.total - a.total || b.fields - a.fields || a.id.localeCompare(b.id));
  return {
    workflows: {
      beteiligte: beteiligteIds.length,
      bankverbindung: bankIds.length,
      calendar: calendarIds.length,
      withShadow: records.length,
      beteiligteWithShadow: records.filter((r) => r.kind === 'beteiligte').length,
      bankverbindungWithShadow: records.filter((r) => r.kind === 'bankverbindung').length,
      calendarWithShadow: records.filter((r) => r.kind === 'calendar').length,
      failed,
    },
    total: summaries.reduce((n, s) => n + s.total, 0),
    byKind: sortedCounts(byKind),
    byField: sortedCounts(byField),
    records,
  };
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([ka, a], [kb, b]) => b - a || ka.localeCompare(kb)));
}

export function formatShadowReport(report: ShadowReport, top = 10): string {
  const w = report.workflows;
  const lines = [
    `Shadow report: shadow passes in ${w.beteiligteWithShadow} of ${w.beteiligte} Beteiligte workflows, ${w.bankverbindungWithShadow} of ${w.bankverbindung} Bankverbindung workflows and ${w.calendarWithShadow} of ${w.calendar} calendar workflows${w.failed ? `; ${w.failed} failed (see status)` : ''}`,
    `Planned writes: ${report.total}`,
    '',
    'By kind of write:',
    ...Object.entries(report.byKind).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`),
    '',
    'By field:',
    ...Object.entries(report.byField).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`),
    '',
    `Records that would change most (top ${Math.min(top, report.records.length)}):`,
    ...report.records.slice(0, top).map((r) => {
      const kinds = Object.entries(r.byKind).map(([k, n]) => `${k}×${n}`).join(', ');
      const planned = r.plannedOutcome ? ` → ${r.plannedOutcome}` : '';
      return `  ${String(r.total).padStart(4)} writes  ${r.kind} ${r.id}${planned}: ${kinds}`;
    }),
  ];
  if (!w.withShadow) lines.push('', 'No shadow passes found. Set BETEILIGTE_MODE=shadow / CALENDAR_MODE=shadow on the worker and run a sweep / calendar sync (docs/MIGRATION.md).');
  return lines.join('\n');
}

