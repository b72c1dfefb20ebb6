import { bankverbindungSchema, bankverbindungWireSchema, type AdvowareClient } from '../../clients/advoware';
import { ADVOWARE_PATH_ENV, type AdvowareEndpoints } from '../../clients/advoware/endpoints';
import type { CheckResult } from './advoware';
import { compareShape, type Finding } from './shape';


const ok2xx = (status: number) => status >= 200 && status < 300;

/**
 * Read-only checks of a Beteiligter's Adressen and Bankverbindungen. Only GETs: the address
 * sync reads the addresses embedded in the Beteiligte GET and POSTs/PUTs to the Adressen paths;
 * the bank-account sync GETs and POSTs the Bankverbindungen path.
 */
export async function checkAdvowareChildren(client: AdvowareClient, paths: AdvowareEndpoints, betNr: number, beteiligter: unknown): Promise<CheckResult[]> {
  return [
    { name: `Adressen of Beteiligter ${betNr}`, findings: await checkAdressen(client, paths, betNr, beteiligter) },
    { name: `Bankverbindungen of Beteiligter ${betNr}`, findings: await checkBankverbindungen(client, paths, betNr) },
  ];
}

async function checkAdressen(client: AdvowareClient, paths: AdvowareEndpoints, betNr: number, beteiligter: unknown): Promise<Finding[]> {
  const findings: Finding[] = [];
  const embedded = (beteiligter as { adressen?: unknown } | null)?.adressen;
  // The field shapes of the embedded addresses are compared in the Beteiligter check (Beteiligter.adressen[]).
  findings.push(
    Array.isArray(embedded)
      ? { level: 'ok', message: `the Beteiligte GET embeds adressen (${embedded.length}): the address sync reads them there, no extra call` }
      : { level: 'warn', message: 'the Beteiligte GET carries no "adressen" list: the address step is skipped for every party' },
  );
  const env = ADVOWARE_PATH_ENV.adressen;
  const template = paths.templates.adressen;
  const response = await client.request('GET', paths.adressen(betNr));
  if (ok2xx(response.status)) findings.push({ level: 'ok', message: `${env}=${template}: ${response.status}` });
  // A path that exists but offers no GET (only the POST the sync uses) answers 405, a wrong one 404.
  else if (response.status === 405) findings.push({ level: 'ok', message: `${env}=${template}: 405 to GET (the path exists; the sync only POSTs there)` });
  else findings.push({ level: 'mismatch', message: `${env}=${template} answered ${response.status} for betNr ${betNr}: new addresses could not be created` });
  findings.push({ level: 'info', message: `${ADVOWARE_PATH_ENV.adresse}=${paths.templates.adresse} takes only PUT (not probed: read-only check)` });
  return findings;
}

async function checkBankverbindungen(client: AdvowareClient, paths: AdvowareEndpoints, betNr: number): Promise<Finding[]> {
  const env = ADVOWARE_PATH_ENV.bankverbindungen;
  const template = paths.templates.bankverbindungen;
  const response = await client.request('GET', paths.bankverbindungen(betNr));
  if (!ok2xx(response.status) || !Array.isArray(response.body)) {
    const got = ok2xx(response.status) ? `${response.status}, not a list` : `${response.status}`;
    return [{ level: 'mismatch', message: `${env}=${template} answered ${got} for betNr ${betNr}: bank accounts can be neither read nor created` }];
  }
  const rows = response.body as unknown[];
  const findings: Finding[] = [{ level: 'ok', message: `${env}=${template}: ${response.status}, list of ${rows.length}` }];
  if (!rows.length) {
    findings.push({ level: 'info', message: `Beteiligter ${betNr} has no Bankverbindung to compare fields with (pass --betnr of one that has)` });
    return findings;
  }
  findings.push(...compareShape('Bankverbindung', bankverbindungWireSchema, rows));
  const unreadable = rows.filter((row) => !bankverbindungSchema.safeParse(row).success).length;
  if (unreadable) findings.push({ level: 'mismatch', message: `Bankverbindung: ${unreadable} of ${rows.length} rows have no account id (neither "id" nor "kontoId")` });
  return findings;
}
