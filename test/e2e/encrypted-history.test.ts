import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { temporalPayloadCodec } from '../../clients/temporal/connection';
import { seedSimulators } from '../../sim/start-all';
import type { SeedData } from '../../sim/seed/types';
import { beteiligteSweep } from '../../workflows/beteiligte-sweep';
import { calendarSyncAll } from '../../workflows/calendar-sync-all';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

type History = temporal.api.history.v1.IHistory;

/** Every string of the seed that identifies a person or a matter (names, e-mails, phones, Termin titles). */
function clientStrings(seed: SeedData): string[] {
  const values = [
    ...seed.espoBeteiligte.flatMap((r) => [r.name, r.firstName, r.lastName, ...r.emailAddressData.map((e) => e.emailAddress), ...r.phoneNumberData.map((p) => p.phoneNumber)]),
    ...seed.advowareBeteiligte.flatMap((r) => [r.name, r.vorname, ...r.kommunikation.map((k) => k.tlf)]),
    ...seed.employees.flatMap((e) => [e.name, e.vorname, e.email]),
    ...seed.termine.map((t) => t.text),
  ];
  // Short strings would match ciphertext bytes by chance; 5+ characters are distinctive.
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 5))];
}

/** All payloads anywhere in a history (inputs, results, signals, failures, metadata, search attributes). */
function payloadsIn(node: unknown, found: Payload[] = []): Payload[] {
  if (Array.isArray(node)) for (const item of node) payloadsIn(item, found);
  else if (node && typeof node === 'object' && !(node instanceof Uint8Array)) {
    const record = node as Record<string, unknown>;
    if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') found.push(record as Payload);
    else for (const value of Object.values(record)) payloadsIn(value, found);
  }
  return found;
}

const contains = (haystack: Buffer, needle: string) => haystack.includes(Buffer.from(needle, 'utf8'));

describe('client data in Temporal histories (payload codec on, as in production)', () => {
  let stack: Stack;
  let seed: SeedData;
  const histories: { workflowId: string; history: History }[] = [];

  beforeAll(async () => {
    stack = await startStack({ env: { CALENDAR_PAST_DAYS: '10', CALENDAR_FUTURE_DAYS: '60' } });
    seed = seedSimulators(stack.sims, { seed: 13, persons: 5, companies: 2, employees: 2, terminePerEmployee: 6, startDate: new Date().toISOString().slice(0, 10) });
    await stack.temporal.workflow.execute(beteiligteSweep, { taskQueue: stack.taskQueue, workflowId: `scan-sweep-${Date.now()}` });
    await waitFor('every record clean', () => stack.sims.espocrm.state.listRecords('CBeteiligte').every((r) => r.syncStatus === 'clean'), 60_000);
    await stack.temporal.workflow.execute(calendarSyncAll, { taskQueue: stack.taskQueue, workflowId: `scan-calendar-${Date.now()}`, args: [{}] });
    // Every workflow this stack ran, found by its task queue (record, sweep, calendar, per-employee).
    await waitFor('every workflow of the stack listed', async () => {
      histories.length = 0;
      for await (const execution of stack.temporal.workflow.list({ query: `TaskQueue="${stack.taskQueue}"` })) {
        histories.push({ workflowId: execution.workflowId, history: await stack.temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory() });
      }
      return histories.length >= seed.espoBeteiligte.length + 2 + seed.employees.filter((e) => e.aktiv).length;
    }, 30_000, 500);
  }, 240_000);
  afterAll(async () => stack?.close());

  it('stores no name, e-mail, phone number or Termin title of the seed data in clear', () => {
    const secrets = clientStrings(seed);
    expect(secrets.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const { workflowId, history } of histories) {
      // The bytes Temporal stores and serves (what a database dump or the UI's raw API shows).
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      for (const secret of secrets) if (contains(raw, secret)) leaks.push(`${workflowId}: ${secret}`);
    }
    expect(leaks).toEqual([]);
  });

  it('control: the same histories, decrypted with the key, do contain that data (the scan can see it)', async () => {
    const codec = temporalPayloadCodec(stack.config.temporal)!;
    const payloads = histories.flatMap(({ history }) => payloadsIn(history));
    expect(payloads.length).toBeGreaterThan(50);
    const decoded = Buffer.concat((await codec.decode(payloads)).map((p) => Buffer.from(p.data ?? [])));
    const visible = clientStrings(seed).filter((s) => contains(decoded, s));
    // Termin titles travel through the calendar activities (the ones that name opponents, too).
    expect(seed.termine.some((t) => visible.includes(t.text))).toBe(true);
  });

  it('search attributes carry ids and outcomes only', () => {
    const secrets = clientStrings(seed);
    for (const { history } of histories) {
      for (const event of history.events ?? []) {
        const attributes = [
          event.workflowExecutionStartedEventAttributes?.searchAttributes,
          event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes,
        ];
        for (const sa of attributes) {
          for (const [name, payload] of Object.entries(sa?.indexedFields ?? {})) {
            expect(['SyncKind', 'EspoId', 'BetNr', 'Kuerzel', 'SyncOutcome', 'BuildIds', 'TemporalChangeVersion']).toContain(name);
            const text = Buffer.from(payload.data ?? []).toString('utf8');
            for (const secret of secrets) expect(text).not.toContain(secret);
          }
        }
      }
    }
  });
});
