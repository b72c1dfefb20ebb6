import type { EspoCrmClient } from '../../clients/espocrm';
import { ShadowRecorder, type SyncMode } from '../../domain/shadow';
import { createBeteiligteActivities, type BeteiligteActivityDeps, type PassResult } from '../beteiligte';
import { createCalendarActivities, type CalendarActivityDeps, type PlannedPass } from '../calendar';
import { createAdressenStep, type AdressenStepDeps } from '../adressen';
import { createBankverbindungActivities, type BankPassResult, type BankverbindungActivityDeps } from '../bankverbindungen';
import type { SweepDeps } from '../sweep';
import { createSweepActivities } from '../sweep';
import { shadowAdvoware, shadowBeteiligtePorts, shadowGoogle } from './ports';

type AnyAsync = (...args: never[]) => Promise<unknown>;

/**
 * Every activity of `build(deps)`, each call run on fresh shadow ports: reads are real, writes
 * are recorded. Wrapping every function (not a list) keeps an activity added later from
 * writing in shadow mode. `decorate` attaches the recording to results that carry it.
 */
function shadowed<D, A extends Record<string, AnyAsync>>(
  deps: D,
  build: (deps: D) => A,
  withPorts: (deps: D, recorder: ShadowRecorder) => D,
  decorate: Partial<Record<keyof A, (result: never, recorder: ShadowRecorder) => unknown>>,
): A {
  const names = Object.keys(build(deps)) as (keyof A)[];
  return Object.fromEntries(
    names.map((name) => [
      name,
      async (...args: never[]) => {
        const recorder = new ShadowRecorder();
        const result = await build(withPorts(deps, recorder))[name](...args);
        const add = decorate[name];
        return add ? add(result as never, recorder) : result;
      },
    ]),
  ) as A;
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
  const rehearsal = shadowed(deps, build, (d, recorder) => ({ ...d, ...shadowBeteiligtePorts(d, recorder) }), {
    syncPass: (result: PassResult, recorder: ShadowRecorder): PassResult => ({
      ...result,
      // A party the pass would create has no number yet.
      betNr: result.betNr !== null && result.betNr < 0 ? null : result.betNr,
      outcome: 'shadow',
      plannedOutcome: result.outcome,
      shadow: recorder.summary(),
    }),
  });
  if (mode === 'shadow') return rehearsal;
  return {
    ...rehearsal,
    syncPass: async (): Promise<PassResult> => ({ outcome: 'off', betNr: null, writes: { advoware: 0, espocrm: 0 }, conflicts: 0 }),
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
    {
      planEmployeePass: (plan: PlannedPass, recorder: ShadowRecorder): PlannedPass => ({ ...plan, mode: 'shadow', shadow: recorder.summary() }),
      applyEmployeeActions: (result: Awaited<ReturnType<typeof live.applyEmployeeActions>>, recorder: ShadowRecorder) => ({ ...result, shadow: recorder.summary() }),
    },
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
 * Bankverbindungen follow BETEILIGTE_MODE: in shadow and off their passes run on write ports
 * (nothing written); the planned writes are named in the pass message, and an account the
 * rehearsal would have created is not remembered (`known: null`).
 */
export function bankverbindungActivitiesFor(
  mode: SyncMode,
  deps: BankverbindungActivityDeps,
  decorateEspo: (client: EspoCrmClient) => EspoCrmClient = (client) => client,
): ReturnType<typeof createBankverbindungActivities> {
  const build = (d: BankverbindungActivityDeps) => createBankverbindungActivities({ ...d, espocrm: decorateEspo(d.espocrm) });
  if (mode === 'live') return build(deps);
  return shadowed(deps, build, (d, recorder) => ({ ...d, ...shadowBeteiligtePorts(d, recorder) }), {
    bankPass: (result: BankPassResult, recorder: ShadowRecorder): BankPassResult => {
      const { total, byKind } = recorder.summary(0);
      const kinds = Object.entries(byKind).map(([k, n]) => `${k}×${n}`).join(', ');
      return { ...result, known: null, message: `${mode}: nothing written; ${total} planned write(s)${kinds ? `: ${kinds}` : ''}${result.message ? ` — ${result.message}` : ''}` };
    },
  });
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
