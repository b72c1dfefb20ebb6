import { setCurrentDetails } from '@temporalio/workflow';
import type { BeteiligteStatus, CalendarPassSummary } from './messages';

/**
 * What the Temporal Web UI shows above a run: a one-line summary and static details set by the
 * starter, and "current details" the workflow keeps up to date (phase, last outcome, last error,
 * next retry). Ids and outcomes only — never a name; besides, all of it is a payload, so the
 * payload codec encrypts it like any input (the UI shows it through the /codec endpoint).
 */

export const beteiligteRunText = (espoId: string) => ({
  staticSummary: `Beteiligte sync · EspoCRM record ${espoId}`,
  staticDetails: [
    `Keeps EspoCRM record \`${espoId}\` and its Advoware Beteiligte in agreement (Stammdaten and Kommunikation).`,
    'One pass per burst of webhooks; failures wait on a durable timer (1, 5, 15, 60, 240 min). Live state: query `status`.',
  ].join('\n\n'),
});

export const calendarRunText = (kuerzel: string) => ({
  staticSummary: `Calendar sync · employee ${kuerzel}`,
  staticDetails: `Two-way sync of Advoware Termine of \`${kuerzel}\` with their Google calendar. Long-lived; continues as new every few passes. Live state: query \`status\`.`,
});

export const webhookIntakeRunText = (target: string, action: string, count: number) => ({
  staticSummary: `Webhook intake · ${target}/${action} · ${count} ids`,
  staticDetails: `Hands each id of one large EspoCRM webhook batch to its own sync workflow (start, or signal an open run), so the webhook was answered after one start. A retry resumes after the ids already handed over.`,
});

export const SWEEP_RUN_TEXT = { staticSummary: 'Beteiligte sweep · hands due records to their sync workflows' };
export const CALENDAR_ALL_RUN_TEXT = { staticSummary: 'Calendar sync · all employees' };

const MAX_ERROR_CHARS = 300;

/** Markdown lines for a record's run; the error is cut short (the full text is in the `status` query). */
export function beteiligteDetails(status: BeteiligteStatus): string {
  const lines = [
    `**Phase:** ${status.phase}`,
    `**Last outcome:** ${status.lastOutcome ?? '—'}${status.betNr !== null ? ` · BetNr ${status.betNr}` : ''} · passes ${status.passes}`,
  ];
  if (status.lastError) lines.push(`**Last error:** ${status.lastError.slice(0, MAX_ERROR_CHARS)}`);
  if (status.nextRetryAt) lines.push(`**Next retry:** ${status.nextRetryAt} (attempt ${status.retryCount + 1})`);
  return lines.join('\n\n');
}

export function calendarDetails(phase: string, passes: number, lastPass: CalendarPassSummary | null): string {
  const lines = [`**Phase:** ${phase}`, `**Passes:** ${passes}`];
  if (lastPass) {
    const counts = Object.entries(lastPass.counts).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`**Last outcome:** ${lastPass.outcome}${lastPass.fullSync ? ' (full sync)' : ''}${counts ? ` · ${counts}` : ''}`);
    if (lastPass.error) lines.push(`**Last error:** ${lastPass.error.slice(0, MAX_ERROR_CHARS)}`);
  }
  return lines.join('\n\n');
}

/** Updates the run's current details in the Web UI (no history event; read through a query). */
export function showDetails(details: string): void {
  setCurrentDetails(details);
}
