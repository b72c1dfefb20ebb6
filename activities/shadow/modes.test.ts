import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AdvowareClient } from '../../clients/advoware';
import { EspoCrmNotFoundError, type EspoCrmClient } from '../../clients/espocrm';
import { guardedClient } from '../../test/support/guarded-client';
import { bankSweepActivitiesFor, bankverbindungActivitiesFor, beteiligteActivitiesFor } from './modes';

/** Every write path reachable in BETEILIGTE_MODE=shadow/off: nothing reaches a client, and what would have been written is reported. */

const notFound = () => {
  throw new EspoCrmNotFoundError('not found', 404);
};

describe('shadow mode covers every Beteiligte-side write path', () => {
  it('the Task for an EspoCRM-side delete is recorded and returned as a planned write, not created', async () => {
    const espocrm = guardedClient<EspoCrmClient>({ get: notFound });
    const advoware = guardedClient<AdvowareClient>({});
    const activities = beteiligteActivitiesFor('shadow', { espocrm, advoware, entity: 'CBeteiligte' });
    const result = await activities.recordEspoDelete('e1', 7);
    expect(result).toMatchObject({ outcome: 'shadow', plannedOutcome: 'deleted_in_espocrm', shadow: { total: 1, byKind: { 'espocrm.createTask': 1 } } });
    expect(typeof result !== 'string' && result.shadow.byField).toMatchObject({ 'espocrm Task.name': 1, 'espocrm Task.description': 1 });
    expect(espocrm.called).toEqual(['get']);
    expect(await beteiligteActivitiesFor('off', { espocrm, advoware, entity: 'CBeteiligte' }).recordEspoDelete('e1', 7)).toBe('off');
  });

  it('a bank-account pass ends as `shadow` with its planned writes; off does nothing', async () => {
    const bank = { id: 'b1', name: 'Giro', iban: 'DE89370400440532013000', bic: null, kontoinhaber: 'Max Muster', bankname: null, beteiligteId: 'p1', syncStatus: null, advowareKontoId: null };
    const espocrm = guardedClient<EspoCrmClient>({ get: async (entity: string) => (entity === 'CBankverbindungen' ? bank : { id: 'p1', betnr: 7 }) });
    const advoware = guardedClient<AdvowareClient>({ listBankverbindungen: async () => [] });
    const deps = { espocrm, advoware, entity: 'CBankverbindungen', parentEntity: 'CBeteiligte', linkField: 'beteiligteId' };
    const result = await bankverbindungActivitiesFor('shadow', deps).bankPass('b1');
    expect(result).toMatchObject({ outcome: 'shadow', plannedOutcome: 'clean', known: null, shadow: { total: 2, byKind: { 'advoware.createBankverbindung': 1, 'espocrm.update': 1 } } });
    expect(result.shadow?.byField).toMatchObject({ 'espocrm CBankverbindungen.advowareKontoId': 1, 'espocrm CBankverbindungen.syncStatus': 1 });
    expect([...espocrm.called, ...advoware.called].sort()).toEqual(['get', 'get', 'listBankverbindungen']);

    const deleted = await bankverbindungActivitiesFor('shadow', { ...deps, espocrm: guardedClient<EspoCrmClient>({ get: notFound }) }).recordBankDelete('b1', null);
    expect(deleted).toMatchObject({ outcome: 'shadow', plannedOutcome: 'deleted_in_espocrm', shadow: { byKind: { 'espocrm.createTask': 1 } } });

    const off = guardedClient<EspoCrmClient>({});
    expect(await bankverbindungActivitiesFor('off', { ...deps, espocrm: off }).bankPass('b1')).toMatchObject({ outcome: 'off' });
    expect(off.called).toEqual([]);
  });

  it('the bank-account sweep reads through its write port in shadow and wakes nothing when off', async () => {
    const espocrm = guardedClient<EspoCrmClient>({ list: async () => ({ total: 1, list: [{ id: 'b1' }] }) });
    const temporal = { workflow: guardedClient<Client['workflow']>({ signalWithStart: async () => ({}) }) } as unknown as Client & { workflow: { called: string[] } };
    const deps = { espocrm, temporal, taskQueue: 'q', entity: 'CBankverbindungen', debounceMs: 0, startConcurrency: 1, pageSize: 10, staleAfterMs: 86_400_000 };
    expect(await bankSweepActivitiesFor('off', deps).signalDueBankverbindungen()).toEqual({ examined: 0, signalled: 0 });
    expect([espocrm.called, temporal.workflow.called]).toEqual([[], []]);
    // The sweep heartbeats: run it in an activity context.
    expect(await new MockActivityEnvironment().run(bankSweepActivitiesFor('shadow', deps).signalDueBankverbindungen)).toEqual({ examined: 1, signalled: 1 });
    expect(espocrm.called).toEqual(['list']);
  });
});
