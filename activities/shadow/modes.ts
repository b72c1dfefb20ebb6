import type { EspoCrmClient } from '../../clients/espocrm';
import { ShadowRecorder, type SyncMode } from '../../domain/shadow';
import { createBeteiligteActivities, type BeteiligteActivityDeps, type EspoDeleteResult, type PassResult } from '../beteiligte';
import { createCalendarActivities, type CalendarActivityDeps, type PlannedPass } from '../calendar';
import { createAdressenStep, type AdressenStepDeps } from '../adressen';
import { createBankverbindungActivities, type BankPassResult, type BankverbindungActivityDeps } from '../bankverbindungen';
import { createBankSweepActivities, type BankSweepDeps } from '../bankverbindungen-sweep';
import type { BankDeleteResult } from '../../workflows/bankverbindung-messages';
import type { SweepDeps } from '../sweep';
import { createSweepActivities } from '../sweep';
import { shadowAdvoware, shadowBeteiligtePorts, shadowEspoCrm, shadowGoogle } from './ports';

type AnyAsync = (...args: never[]) => Promise<unknown>;

/** Runs one activity call of `build(deps)` on fresh shadow ports and hands back its result with the recording. */
type ShadowRun<A> = <R>(call: (activities: A) => Promise<R>) => Promise<{ result: R; recorder: ShadowRecorder }>;

/**
 * Every activity of `build(deps)`, each call run on fresh shadow ports: reads are real, writes
 * are recorded. Wrapping every function (not a list) keeps an activity added later from
 * writing in shadow mode. `decorate(run)` replaces the activities whose results carry the
 * recording; they call `run` themselves, so each keeps its own types.
 */
function shadowed<D, A extends Record<string, AnyAsync>>(
  deps: D,
  build: (deps: D) => A,
  withPorts: (deps: D, recorder: ShadowRecorder) => D,
  decorate: (run: ShadowRun<A>) => Partial<A> = () => ({}),
): A {
  const run: ShadowRun<A> = async (call) => {
    const recorder = new ShadowRecorder();
    return { result: await call(build(withPorts(deps, recorder))), recorder };
  };
  const names = Object.keys(build(deps)) as (keyof A)[];
  const every = Object.fromEntries(names.map((name) => [name, async (...args: never[]) => (await run((activities) => activities[name](...args))).result])) as A;
  return { ...every, ...decorate(run) };
}

/** BETEILIGTE_MODE: live = as built; shadow = plan and record, write nothing; off = every pass does nothing. */
/** Beteiligte deps with the address step as configuration: it is built with the pass's own clients. */
export type ModalBeteiligteDeps = Omit<BeteiligteActivityDeps, 'adressen'> & { adressen?: Omit<AdressenStepDeps, 'espocrm' | 'advoware'> };

export function beteiligteActivitiesFor(
  mode: SyncMode,
  deps: ModalBeteiligteDeps,
  /** Applied to the EspoCRM client the activities see, after the shadow port: Task routing (assignee, notification) is then recorded too. */
  decorateEspo: (client: EspoCrmClient) => EspoCrmClient = (client) => client,
): ReturnType<typeof createBeteiligteActivities> {
  const build = (d: ModalBeteiligteDeps) => {
    const espocrm = decorateEspo(d.espocrm);
    return createBeteiligteActivities({ ...d, espocrm, adressen: d.adressen && createAdressenStep({ ...d.adressen, espocrm, advoware: d.advoware }) });
  };
  if (mode === 'live') return build(deps);
  const rehearsal = shadowed(deps, build, (d, recorder) => ({ ...d, ...shadowBeteiligtePorts(d, recorder) }), (run) => ({
    syncPass: async (...args): Promise<PassResult> => {
      const { result, recorder } = await run((a) => a.syncPass(...args));
      return {
        ...result,
        // A party the pass would create has no number yet.
        betNr: result.betNr !== null && result.betNr < 0 ? null : result.betNr,
        outcome: 'shadow',
        plannedOutcome: result.outcome,
        shadow: recorder.summary(),
      };
    },
    // The Task for a human about the EspoCRM delete is a planned write like any other.
    recordEspoDelete: async (...args): Promise<EspoDeleteResult> => {
      const { result, recorder } = await run((a) => a.recordEspoDelete(...args));
      return typeof result === 'string' ? { outcome: 'shadow', plannedOutcome: result, shadow: recorder.summary() } : result;
    },
  }));
  if (mode === 'shadow') return rehearsal;
  return {
    ...rehearsal,
    syncPass: async (): Promise<PassResult> => ({ outcome: 'off', betNr: null, writes: { advoware: 0, espocrm: 0 }, conflicts: 0 }),
    recordEspoDelete: async (): Promise<EspoDeleteResult> => 'off',
  };
}

/** CALENDAR_MODE: shadow plans and "applies" onto recorders (state is not advanced); off lists no employees and plans nothing. */
export function calendarActivitiesFor(mode: SyncMode, deps: CalendarActivityDeps): ReturnType<typeof createCalendarActivities> {
  const live = createCalendarActivities(deps);
  if (mode === 'live') return live;
  const rehearsal = shadowed(
    deps,
    createCalendarActivities,
    (d, recorder) => ({ ...d, advoware: shadowAdvoware(d.advoware, recorder), google: d.google && shadowGoogle(d.google, recorder) }),
    (run) => ({
      planEmployeePass: async (...args): Promise<PlannedPass> => {
        const { result, recorder } = await run((a) => a.planEmployeePass(...args));
        return { ...result, mode: 'shadow', shadow: recorder.summary() };
      },
      applyEmployeeActions: async (...args) => {
        const { result, recorder } = await run((a) => a.applyEmployeeActions(...args));
        return { ...result, shadow: recorder.summary() };
      },
    }),
  );
  // Reading the employee list writes nothing.
  const base = { ...rehearsal, listEmployeeKuerzel: live.listEmployeeKuerzel };
  if (mode === 'shadow') return base;
  return {
    ...base,
    listEmployeeKuerzel: async () => [],
    planEmployeePass: async (input): Promise<PlannedPass> => ({
      mode: 'off',
      calendarId: input.calendarId ?? '',
      fullSync: false,
      nextSyncToken: input.syncToken,
      actions: [],
      nextSnapshot: input.snapshot,
      aborted: null,
      counts: {},
    }),
  };
}

/**
 * Bankverbindungen follow BETEILIGTE_MODE. Shadow: every activity runs on write ports (nothing
 * written); a pass ends with outcome `shadow`, its planned writes in `shadow` (status query and
 * `report shadow`, like a Beteiligte pass) and named in the message; an account the rehearsal
 * would have created is not remembered (`known: null`). A rehearsal has nothing to wait for, so
 * a pass that would wait for its party's link ends too (plannedOutcome `waiting_for_party`).
 * Off: a pass does nothing.
 */
export function bankverbindungActivitiesFor(
  mode: SyncMode,
  deps: BankverbindungActivityDeps,
  decorateEspo: (client: EspoCrmClient) => EspoCrmClient = (client) => client,
): ReturnType<typeof createBankverbindungActivities> {
  const build = (d: BankverbindungActivityDeps) => createBankverbindungActivities({ ...d, espocrm: decorateEspo(d.espocrm) });
  if (mode === 'live') return build(deps);
  const rehearsal = shadowed(deps, build, (d, recorder) => ({ ...d, ...shadowBeteiligtePorts(d, recorder) }), (run) => ({
    bankPass: async (...args): Promise<BankPassResult> => {
      const { result, recorder } = await run((a) => a.bankPass(...args));
      const shadow = recorder.summary();
      const kinds = Object.entries(shadow.byKind).map(([k, n]) => `${k}×${n}`).join(', ');
      return {
        ...result,
        outcome: 'shadow',
        plannedOutcome: result.outcome,
        shadow,
        known: null,
        message: `shadow: nothing written; ${shadow.total} planned write(s)${kinds ? `: ${kinds}` : ''}${result.message ? ` — ${result.message}` : ''}`,
      };
    },
    recordBankDelete: async (...args): Promise<BankDeleteResult> => {
      const { result, recorder } = await run((a) => a.recordBankDelete(...args));
      return typeof result === 'string' ? { outcome: 'shadow', plannedOutcome: result, shadow: recorder.summary() } : result;
    },
  }));
  if (mode === 'shadow') return rehearsal;
  return {
    ...rehearsal,
    bankPass: async (): Promise<BankPassResult> => ({ outcome: 'off', message: null, known: null, writes: { advoware: 0, espocrm: 0 } }),
    recordBankDelete: async (): Promise<BankDeleteResult> => 'off',
  };
}

/**
 * The bank-account part of the sweep only reads EspoCRM and wakes workflows. Shadow: its
 * EspoCRM client is a write port all the same, so a write added to it later is recorded, not
 * made. Off: it wakes nothing (as `signalDueRecords`).
 */
export function bankSweepActivitiesFor(mode: SyncMode, deps: BankSweepDeps): ReturnType<typeof createBankSweepActivities> {
  if (mode === 'live') return createBankSweepActivities(deps);
  if (mode === 'off') return { signalDueBankverbindungen: async () => ({ examined: 0, signalled: 0 }) };
  return shadowed(deps, createBankSweepActivities, (d, recorder) => ({ ...d, espocrm: shadowEspoCrm(d.espocrm, recorder) }));
}

/** The sweep writes only when it resets expired permanently_failed records: not in shadow or off. Off also signals nothing. */
export function sweepActivitiesFor(mode: SyncMode, deps: SweepDeps): ReturnType<typeof createSweepActivities> {
  const live = createSweepActivities(deps);
  if (mode === 'live') return live;
  return {
    ...live,
    resetExpiredPermanentFailures: async () => 0,
    ...(mode === 'off' ? { signalDueRecords: async () => ({ examined: 0, signalled: 0 }) } : {}),
  };
}
