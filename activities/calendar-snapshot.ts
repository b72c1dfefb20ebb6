import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { loadCalendarSnapshot, packSnapshot } from '../clients/temporal/calendar-snapshot';
import type { CalendarSnapshotRef } from '../workflows/messages';

/**
 * Before continue-as-new, a calendar workflow folds its snapshot (inline part, packed base and
 * this run's overlays) into one packed base for the next run. The snapshot is read by query, so
 * only the packed result (gzip; about 20 bytes per Termin) is recorded.
 */
export const createCalendarSnapshotActivities = (deps: { temporal?: Client }) => ({
  async packCalendarSnapshot(ref: CalendarSnapshotRef): Promise<{ packed: string; linkedEvents: number }> {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('temporal client not wired', 'Misconfigured');
    const snapshot = await loadCalendarSnapshot(deps.temporal, ref);
    return { packed: packSnapshot(snapshot), linkedEvents: Object.keys(snapshot).length };
  },
});
