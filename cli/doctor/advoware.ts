import {
  beteiligteSchema,
  createAdvowareClient,
  employeeSchema,
  terminSchema,
  type AdvowareClient,
  type AdvowareSettings,
} from '../../clients/advoware';
import { AdvowareDiscovery } from '../../clients/advoware/discovery';
import { ADVOWARE_PATH_ENV, createAdvowareEndpoints, fillPath, type AdvowarePaths } from '../../clients/advoware/endpoints';
import { createDispatcher, sendHttp } from '../../clients/advoware/http';
import { DEFAULT_TERMIN_FIELDS, terminFromWire, type TerminFieldNames } from '../../clients/advoware/termin-wire';
import { AdvowareTokenProvider } from '../../clients/advoware/token-provider';
import { checkAdvowareChildren } from './advoware-children';
import { compareShape, type Finding } from './shape';

export interface CheckResult {
  name: string;
  findings: Finding[];
}

/**
 * Candidate paths for resources whose real name is a guess: the product's defaults first, then
 * what the old Python service called (`employees`, `appointments`, with the lower-case `frnr`
 * filter; docs/MIGRATION.md).
 */
export const PATH_CANDIDATES: Readonly<Partial<Record<keyof AdvowarePaths, readonly string[]>>> = {
  mitarbeiter: ['api/v1/advonet/Mitarbeiter', 'api/v1/advonet/employees', 'api/v1/Mitarbeiter', 'api/v1/employees'],
  termineCollection: ['api/v1/advonet/Termine', 'api/v1/advonet/appointments', 'api/v1/Termine', 'api/v1/appointments'],
  termin: [
    'api/v1/advonet/Termine/{frNr}',
    'api/v1/advonet/appointments/{frNr}',
    'api/v1/advonet/Termine?frnr={frNr}',
    'api/v1/advonet/appointments?frnr={frNr}',
  ],
};

export interface AdvowareDoctorOptions {
  /** A Beteiligter to read; without it the check is skipped with a warning. */
  betNr?: number;
  /** Employee whose Termine window is read; default the first active one listed. */
  kuerzel?: string;
  pastDays: number;
  futureDays: number;
  now?: number;
}

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ok2xx = (status: number) => status >= 200 && status < 300;
const describeBody = (body: unknown) => (Array.isArray(body) ? `list of ${body.length}` : body === null ? 'empty' : typeof body === 'object' ? 'record' : JSON.stringify(body).slice(0, 80));

/** Read-only checks against the configured Advoware tenant. Nothing here writes. */
export async function checkAdvoware(settings: AdvowareSettings, options: AdvowareDoctorOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const auth = await checkAuth(settings);
  results.push(auth);
  if (auth.findings.some((f) => f.level === 'mismatch')) return results;

  const client = createAdvowareClient(settings);
  const paths = createAdvowareEndpoints(settings.paths);
  try {
    const employees = await probeList(client, 'mitarbeiter', paths.templates.mitarbeiter, {});
    const list = Array.isArray(employees.body) ? employees.body : [];
    results.push({ name: 'Mitarbeiter (employee list)', findings: [...employees.findings, ...(list.length ? compareShape('Mitarbeiter', employeeSchema, list) : [])] });

    const now = options.now ?? Date.now();
    const firstActive = list.find((e): e is { kuerzel: string } => typeof (e as { kuerzel?: unknown })?.kuerzel === 'string' && (e as { aktiv?: unknown }).aktiv !== false);
    const kuerzel = options.kuerzel ?? firstActive?.kuerzel;
    if (!kuerzel) {
      results.push({ name: 'Termine window', findings: [{ level: 'mismatch', message: 'no employee Kürzel to read Termine for (the employee list gave none; pass --kuerzel)' }] });
    } else {
      const window = { kuerzel, from: dateOnly(now - options.pastDays * 86_400_000), to: dateOnly(now + options.futureDays * 86_400_000) };
      const termine = await probeList(client, 'termineCollection', paths.templates.termineCollection, window);
      const items = Array.isArray(termine.body) ? termine.body : [];
      const findings = [...termine.findings, { level: 'info' as const, message: `${items.length} Termine for ${kuerzel} from ${window.from} to ${window.to}` }];
      if (items.length) findings.push(...checkTermine(items, settings.terminFields ?? DEFAULT_TERMIN_FIELDS));
      results.push({ name: `Termine window (${kuerzel})`, findings });
      const frNr = items.map((t) => (t as { frNr?: unknown }).frNr).find((n): n is number => typeof n === 'number' && n > 0);
      results.push({ name: 'Termin by frNr', findings: frNr === undefined ? [{ level: 'warn', message: 'no Termin in the window to look up one by frNr' }] : await probeSingleTermin(client, settings, paths.templates.termin, frNr) });
    }

    if (options.betNr === undefined) {
      results.push({ name: 'Beteiligter', findings: [{ level: 'warn', message: 'no linked record to read (no EspoCRM record has a betnr); pass --betnr <n>' }] });
    } else {
      const response = await client.request('GET', paths.beteiligte(options.betNr));
      const findings: Finding[] = ok2xx(response.status)
        ? [{ level: 'ok', message: `${ADVOWARE_PATH_ENV.beteiligte}=${paths.templates.beteiligte}: ${response.status}` }, ...compareShape('Beteiligter', beteiligteSchema, [response.body])]
        : [{ level: 'mismatch', message: `${ADVOWARE_PATH_ENV.beteiligte}=${paths.templates.beteiligte} answered ${response.status} for betNr ${options.betNr}` }];
      results.push({ name: `Beteiligter ${options.betNr}`, findings });
      if (ok2xx(response.status)) results.push(...(await checkAdvowareChildren(client, paths, options.betNr, response.body)));
    }
  } finally {
    await client.close();
  }
  return results;
}

/**
 * Termine are read tolerantly (clients/advoware/termin-wire.ts: flags as 0/1 or words, configured
 * all-day/recurrence names), so that reader judges each row; the shape comparison adds missing
 * and extra fields, and the configured names are checked against what the tenant sends.
 */
function checkTermine(rows: readonly unknown[], names: TerminFieldNames, label = 'Termin'): Finding[] {
  const configured = [...names.allDay, names.turnus, names.turnusArt, names.turnusBis];
  const findings = compareShape(label, terminSchema, rows, { alsoKnown: configured, checkTypes: false });
  const rejected = new Map<string, number>();
  for (const row of rows) {
    const read = terminFromWire(row, names);
    if ('rejected' in read) rejected.set(read.rejected.reason, (rejected.get(read.rejected.reason) ?? 0) + 1);
  }
  for (const [reason, count] of rejected) findings.push({ level: 'mismatch', message: `${label}: ${count} of ${rows.length} rows cannot be read: ${reason}` });
  const has = (name: string) => rows.some((r) => typeof r === 'object' && r !== null && name in r);
  const allDaySeen = names.allDay.filter(has);
  findings.push(
    allDaySeen.length
      ? { level: 'ok', message: `${label}: all-day flag read from ${allDaySeen.join(', ')} (ADVOWARE_TERMIN_ALLDAY_FIELDS=${names.allDay.join(',')})` }
      : { level: 'warn', message: `${label}: no row carries any of ADVOWARE_TERMIN_ALLDAY_FIELDS=${names.allDay.join(',')}; all-day Termine would read as timed — check the extra fields above` },
  );
  const recurrence = [names.turnus, names.turnusArt, names.turnusBis];
  const recurrenceSeen = recurrence.filter(has);
  if (recurrenceSeen.length < recurrence.length) {
    findings.push({ level: 'info', message: `${label}: ADVOWARE_TERMIN_RECURRENCE_FIELDS ${recurrence.filter((n) => !has(n)).join(', ')} absent in every row (fine if no series is in the window)` });
  }
  return findings;
}

/** Discovery and token, step by step, so the operator sees which one fails. */
async function checkAuth(settings: AdvowareSettings): Promise<CheckResult> {
  const dispatcher = createDispatcher();
  const send = (req: Parameters<typeof sendHttp>[1]) => sendHttp(dispatcher, req);
  const findings: Finding[] = [];
  try {
    const discovery = new AdvowareDiscovery(settings, send);
    const bases = await discovery.resolve();
    findings.push({ level: 'ok', message: settings.apiBaseUrl ? `discovery skipped: API ${bases.apiBaseUrl}` : `discovery: API ${bases.apiBaseUrl}, token gateway ${bases.securityGatewayUrl}` });
    const tokens = new AdvowareTokenProvider({ settings, gatewayUrl: async () => bases.securityGatewayUrl, send, now: Date.now, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    await tokens.get();
    findings.push({ level: 'ok', message: 'token issued' });
  } catch (err) {
    findings.push({ level: 'mismatch', message: `${findings.length ? 'token' : 'discovery'} failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    await dispatcher.close();
  }
  return { name: 'Advoware discovery + token', findings };
}

/** GETs the configured list path, then every candidate, and says which ones the tenant serves. */
async function probeList(client: AdvowareClient, key: keyof AdvowarePaths, configured: string, query: Record<string, string>): Promise<{ body: unknown; findings: Finding[] }> {
  const env = ADVOWARE_PATH_ENV[key];
  const findings: Finding[] = [];
  const first = await client.request('GET', configured, { query });
  const served = ok2xx(first.status) && Array.isArray(first.body);
  findings.push(
    served
      ? { level: 'ok', message: `${env}=${configured}: ${first.status}, ${describeBody(first.body)}` }
      : { level: 'mismatch', message: `${env}=${configured} is not served: ${first.status}, ${describeBody(first.body)}` },
  );
  const alternatives: string[] = [];
  for (const candidate of PATH_CANDIDATES[key] ?? []) {
    if (candidate === configured) continue;
    const response = await client.request('GET', candidate, { query });
    const ok = ok2xx(response.status) && Array.isArray(response.body);
    if (ok) alternatives.push(candidate);
    findings.push({ level: 'info', message: `candidate ${candidate}: ${response.status}${ok ? `, ${describeBody(response.body)} — served` : ''}` });
  }
  if (!served && alternatives.length) findings.push({ level: 'mismatch', message: `the tenant serves ${alternatives.join(', ')}: set ${env}=${alternatives[0]}` });
  return { body: served ? first.body : null, findings };
}

/** One Termin by number through the configured template and each candidate; a filter the tenant ignores answers with many. */
async function probeSingleTermin(client: AdvowareClient, settings: AdvowareSettings, configured: string, frNr: number): Promise<Finding[]> {
  const env = ADVOWARE_PATH_ENV.termin;
  const findings: Finding[] = [];
  const judge = async (template: string) => {
    const response = await client.request('GET', fillPath(template, { frNr }));
    const body = response.body as unknown;
    const record = Array.isArray(body) ? (body.length === 1 ? body[0] : undefined) : body;
    const matches = ok2xx(response.status) && (record as { frNr?: unknown } | undefined)?.frNr === frNr;
    const why = !ok2xx(response.status) ? `${response.status}` : Array.isArray(body) && body.length !== 1 ? `${response.status}, list of ${body.length} (filter ignored?)` : matches ? `${response.status}, Termin ${frNr}` : `${response.status}, another record`;
    return { matches, why, record };
  };
  const own = await judge(configured);
  findings.push(own.matches ? { level: 'ok', message: `${env}=${configured}: ${own.why}` } : { level: 'mismatch', message: `${env}=${configured} does not return Termin ${frNr}: ${own.why}` });
  if (own.matches) findings.push(...checkTermine([own.record], settings.terminFields ?? DEFAULT_TERMIN_FIELDS, 'Termin (single)'));
  const alternatives: string[] = [];
  for (const candidate of PATH_CANDIDATES.termin ?? []) {
    if (candidate === configured) continue;
    const result = await judge(candidate);
    if (result.matches) alternatives.push(candidate);
    findings.push({ level: 'info', message: `candidate ${candidate}: ${result.why}${result.matches ? ' — served' : ''}` });
  }
  if (!own.matches && alternatives.length) findings.push({ level: 'mismatch', message: `the tenant serves ${alternatives.join(', ')}: set ${env}=${alternatives[0]}` });
  return findings;
}
