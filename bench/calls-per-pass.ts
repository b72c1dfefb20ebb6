import { requestBeteiligteSync } from '../clients/temporal/start-beteiligte';
import { beteiligteWorkflowId } from '../workflows/messages';
import { callCounts, describeCalls, total, type CallCounts } from './support/calls';
import { runBench, waitFor, type BenchOutput, type BenchContext } from './support/harness';
import { countHistory, type HistoryCount } from './support/history';
import { ENTITY, espoRecord, isLinkedAndClean, latestRunResult, userEdit } from './support/beteiligte';
import { atMost, type Figure } from './support/report';
import { startBenchStack, type BenchStack } from './support/stack';

/**
 * External calls and Temporal history events of single sync passes for one linked record,
 * read from the simulators' request counters and the run's history. No timing involved.
 */
interface Scenario {
  key: string;
  label: string;
  /** The fewest calls any correct implementation needs, and why. */
  minimum: CallCounts;
  act(stack: BenchStack, espoId: string, betNr: number): Promise<void>;
}

const ESPO_GET = 'GET /api/v1/CBeteiligte/{id}';
const ESPO_PUT = 'PUT /api/v1/CBeteiligte/{id}';
// The simulator serves Advoware under the connector path its configurator announces.
const ADVO_GET = 'GET /connector/api/v1/advonet/Beteiligte/{n}';
const ADVO_PUT = 'PUT /connector/api/v1/advonet/Beteiligte/{n}';
const ADVO_KOMM_PUT = 'PUT /connector/api/v1/advonet/Beteiligte/{n}/Kommunikationen/{n}';

const flushWebhooks = async (stack: BenchStack) => {
  const report = await stack.sims.espocrm.flushWebhooks();
  if (!report.deliveries.some((d) => d.status === 200)) throw new Error(`webhook not delivered: ${JSON.stringify(report.deliveries)}`);
};

/** What `advoware-bridge resync beteiligte <id>` does: forceResync, starting the workflow if needed. */
const forceResync = async (stack: BenchStack, espoId: string) => {
  await requestBeteiligteSync({ client: stack.temporal, taskQueue: stack.taskQueue, debounceMs: stack.config.beteiligte.debounceMs }, espoId, { force: true });
};

const SCENARIOS: Scenario[] = [
  {
    key: 'no-change',
    label: 'no-change pass (forceResync)',
    // Both sides must be read to know nothing changed.
    minimum: { [ESPO_GET]: 1, [ADVO_GET]: 1 },
    act: async (stack, espoId) => {
      await forceResync(stack, espoId);
    },
  },
  {
    key: 'espo-field',
    label: 'one-field change in EspoCRM (webhook)',
    // Read both, write Advoware, write sync fields (new rowId, base) back. The new rowId comes from
    // the PUT answer (full record); an Advoware that answered without it would need one more GET.
    minimum: { [ESPO_GET]: 1, [ADVO_GET]: 1, [ADVO_PUT]: 1, [ESPO_PUT]: 1 },
    act: async (stack, espoId) => {
      userEdit(stack, espoId, { geburtsdatum: '1971-02-03' });
      await flushWebhooks(stack);
    },
  },
  {
    key: 'espo-kommunikation',
    label: 'one Kommunikation change in EspoCRM (webhook)',
    // Read both, rewrite the one slot, re-read Advoware (the hash covers every entry's rowId and the
    // Kommunikation PUT answers only its own entry), write hash + rowId back.
    minimum: { [ESPO_GET]: 1, [ADVO_GET]: 2, [ADVO_KOMM_PUT]: 1, [ESPO_PUT]: 1 },
    act: async (stack, espoId) => {
      const record = espoRecord(stack, espoId);
      const phones = (record.phoneNumberData as { phoneNumber: string; primary: boolean; type: string }[]).map((p) => ({ ...p }));
      phones[0].phoneNumber = '+49 511 9876543';
      userEdit(stack, espoId, { phoneNumberData: phones });
      await flushWebhooks(stack);
    },
  },
  {
    key: 'advo-field',
    label: 'one-field change in Advoware (forceResync)',
    // Read both, write the change and the sync fields to EspoCRM in one PUT; Advoware is not written.
    minimum: { [ESPO_GET]: 1, [ADVO_GET]: 1, [ESPO_PUT]: 1 },
    act: async (stack, espoId, betNr) => {
      stack.sims.advoware.state.updateBeteiligte(betNr, { titel: 'Prof. Dr.' });
      await forceResync(stack, espoId);
    },
  },
];

async function bench({ temporalAddress, log }: BenchContext): Promise<BenchOutput> {
  // Product defaults (leading edge) unless BENCH_DEBOUNCE asks for a trailing debounce.
  const stack = await startBenchStack({ temporalAddress, env: process.env.BENCH_DEBOUNCE ? { BETEILIGTE_DEBOUNCE: process.env.BENCH_DEBOUNCE } : {} });
  const debounce = `${stack.config.beteiligte.debounceMs}ms`;
  try {
    const created = stack.sims.espocrm.state.createRecord(ENTITY, {
      name: 'Dr. Jürgen Groß',
      firstName: 'Jürgen',
      lastName: 'Groß',
      salutationName: 'Herr',
      titel: 'Dr.',
      rechtsform: 'Natürliche Person',
      geburtsdatum: '1970-05-17',
      emailAddressData: [{ emailAddress: 'juergen.gross@example.com', primary: true }],
      phoneNumberData: [
        { phoneNumber: '+49 511 1234560', primary: true, type: 'Office' },
        { phoneNumber: '+49 171 2345678', primary: false, type: 'Mobile' },
      ],
    });
    const espoId = created.id as string;
    await flushWebhooks(stack);
    await latestRunResult(stack, espoId);
    await waitFor('record linked and clean', () => isLinkedAndClean(stack, espoId), 30_000);
    const betNr = espoRecord(stack, espoId).betnr as number;
    log(`record ${espoId} linked to betNr ${betNr}; measuring ${SCENARIOS.length} passes`);

    const figures: Figure[] = [];
    const details: Record<string, { calls: CallCounts; minimum: CallCounts; outcome: string | null; writes: unknown; passes: number; history: HistoryCount }> = {};
    for (const scenario of SCENARIOS) {
      stack.sims.espocrm.counter.reset();
      stack.sims.advoware.counter.reset();
      await scenario.act(stack, espoId, betNr);
      const { runId, status } = await latestRunResult(stack, espoId);
      const calls = { ...callCounts(stack.sims.espocrm.counter), ...callCounts(stack.sims.advoware.counter) };
      const history = await countHistory(stack.temporal, beteiligteWorkflowId(espoId), runId);
      details[scenario.key] = { calls, minimum: scenario.minimum, outcome: status.lastOutcome, writes: status.lastWrites, passes: status.passes, history };
      log(`${scenario.label}: outcome ${status.lastOutcome}, ${total(calls)} calls (${describeCalls(calls)}), minimum ${total(scenario.minimum)}; ${history.events} history events in ${status.passes} pass(es)`);
      figures.push(
        { metric: `${scenario.label}: external calls (minimum ${total(scenario.minimum)})`, value: total(calls), unit: 'calls' },
        { metric: `${scenario.label}: calls`, value: describeCalls(calls), unit: '' },
        { metric: `${scenario.label}: history events of the run (${status.passes} pass${status.passes === 1 ? '' : 'es'})`, value: history.events, unit: 'events', ...(status.passes === 1 ? { target: atMost(12) } : {}) },
      );
    }
    return {
      settings: { BETEILIGTE_DEBOUNCE: debounce, webhookSkipOwn: true, advowareTokenCached: true },
      figures,
      details,
    };
  } finally {
    await stack.close();
  }
}

runBench('calls-per-pass', 'External calls and history events per Beteiligte sync pass', bench);
