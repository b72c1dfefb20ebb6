import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Page } from 'playwright-core';
import { temporalConnectionOptions, temporalDataConverter } from '../clients/temporal/connection';
import { loadConfig } from '../config';
import { seedSimulators, startSimulators } from '../sim/start-all';
import { startInProcessProduct } from './in-process-product';
import { beteiligteSweep } from '../workflows/beteiligte-sweep';
import { beteiligteWorkflowId } from '../workflows/messages';
import { SWEEP_RUN_TEXT } from '../workflows/run-details';
import { startDevServer } from './temporal/dev-server';
import { freePort } from './temporal/free-port';

/**
 * `npm run check:webui [-- --chromium /usr/bin/chromium] [--no-codec]`: the operator's proof that the Temporal
 * Web UI shows our encrypted payloads decoded. Starts a dev server WITH its UI pointed at the API's
 * codec endpoint, the product (worker + API, payload encryption on) against seeded simulators,
 * runs one Beteiligte pass, then opens that workflow's page in headless Chromium (the system's
 * browser, driven by playwright-core; nothing is downloaded) and prints what the page shows.
 * Exit 0 when the input is shown decoded, 1 when not (`--no-codec`, the control run: the UI
 * without the codec endpoint must show it encrypted). Not part of `npm test`: CI has no browser.
 */
const say = (line: string) => console.log(`[check-webui] ${line}`);

function chromiumPath(argv: string[]): string {
  const index = argv.indexOf('--chromium');
  const path = index >= 0 ? argv[index + 1] : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    console.error('No Chromium found: install it (Debian: apt-get install chromium) or pass --chromium <path>.');
    process.exit(2);
  }
  return path;
}

/** Waits until the UI has rendered the workflow (its id appears) and its payload requests settled. */
async function settle(page: Page, workflowId: string): Promise<void> {
  await page.getByText(workflowId).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

/** Visible text of the page (in the browser; the string keeps DOM types out of this Node project). */
const mainText = (page: Page) => page.evaluate<string>('document.body.innerText');

/** The UI renders user metadata (markdown) in one sandboxed iframe per block, in page order. */
async function metadataBlocks(page: Page): Promise<string[]> {
  await page.locator('iframe[title="output"]').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  await Promise.all(frames.map((f) => f.waitForLoadState('load').catch(() => undefined)));
  const texts = await Promise.all(frames.map((f) => f.evaluate<string>('document.body ? document.body.innerText : ""').catch(() => '')));
  return texts.map((t) => t.replace(/\n{2,}/g, ' / ').trim()).filter(Boolean);
}

/** The lines between the line `from` and the first line matching `to` (the UI's payload blocks). */
function section(text: string, from: string, to: RegExp): string[] {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && l !== '⌄');
  const start = lines.indexOf(from);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && to.test(l));
  return lines.slice(start + 1, end < 0 ? start + 12 : end);
}

/** `--no-codec`: the same page without the codec endpoint, to see what the UI shows then. */
const withCodec = !process.argv.includes('--no-codec');

async function main(): Promise<number> {
  const executablePath = chromiumPath(process.argv.slice(2));
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const codecUiToken = randomBytes(24).toString('hex');
  const temporal = await startDevServer({ uiPort: await freePort(), ...(withCodec ? { uiCodecEndpoint: `${apiUrl}/codec/ui/${codecUiToken}` } : {}), log: say });
  const uiUrl = temporal.uiUrl as string;
  say(`Temporal ${temporal.address}, Web UI ${uiUrl}, codec endpoint ${withCodec ? `${apiUrl}/codec/ui/<token>` : 'NONE (--no-codec)'}`);

  const sims = await startSimulators({ webhookIntervalMs: 0 });
  seedSimulators(sims, { seed: 7, persons: 1, companies: 0, advowareOnly: 0, employees: 1, terminePerEmployee: 0, startDate: new Date().toISOString().slice(0, 10) });
  const product = await startInProcessProduct('check-webui', {
    ...sims.env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_PAYLOAD_ENCRYPTION: 'true',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    API_KEYS: randomBytes(16).toString('hex'),
    CODEC_UI_TOKEN: codecUiToken,
    TEMPORAL_UI_ORIGIN: `${uiUrl},${uiUrl.replace('127.0.0.1', 'localhost')}`,
    WORKER_APPLY_SCHEDULES: 'false',
  });
  const settings = loadConfig().temporal;
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  const client = new Client({ connection, namespace: settings.namespace, dataConverter: temporalDataConverter(settings) });
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
  try {
    say(`payload encryption ${settings.encryption.encryptWith ? `on (key ${settings.encryption.encryptWith}${settings.encryption.demoKey ? ', the public demo key' : ''})` : 'OFF'}; running one Beteiligte pass (sweep → record workflow)…`);
    await client.workflow.execute(beteiligteSweep, { taskQueue: settings.taskQueue, workflowId: `check-webui-sweep-${Date.now()}`, ...SWEEP_RUN_TEXT });
    const record = sims.espocrm.state.listRecords('CBeteiligte')[0];
    const workflowId = beteiligteWorkflowId(record.id as string);
    const deadline = Date.now() + 60_000;
    while (sims.espocrm.state.getRecord('CBeteiligte', record.id as string)?.syncStatus !== 'clean' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    // The record turns clean a moment before the run completes; read the page of the finished run.
    let described = await client.workflow.getHandle(workflowId).describe();
    while (described.status.name === 'RUNNING' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      described = await client.workflow.getHandle(workflowId).describe();
    }
    say(`record ${record.id} (${String(record.name ?? '')}): syncStatus ${sims.espocrm.state.getRecord('CBeteiligte', record.id as string)?.syncStatus}; workflow ${workflowId} run ${described.runId} ${described.status.name}`);

    const page = await browser.newPage();
    const codecCalls: string[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/codec/ui/')) codecCalls.push(`${res.request().method()} /codec/ui/<token>${new URL(res.url()).pathname.split('/').slice(-1)[0] === 'decode' ? '/decode' : ''} → ${res.status()}`);
    });
    const url = `${uiUrl}/namespaces/${settings.namespace}/workflows/${encodeURIComponent(workflowId)}/${described.runId}/history`;
    say(`opening ${url} in headless ${executablePath} (${browser.version()})`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await settle(page, workflowId);
    const text = await mainText(page);
    const input = section(text, 'Input', /^Result$/);
    const result = section(text, 'Result', /^Event (ID|History)/);
    // Summary and details of the run, and its current details, are on the "User Metadata" tab.
    await page.getByText('User Metadata', { exact: true }).first().click();
    await settle(page, workflowId);
    const metadata = await metadataBlocks(page);

    const id = record.id as string;
    const name = String(record.name ?? '');
    const decoded = input.some((l) => l.includes(id));
    say(`page title: ${await page.title()}`);
    say(`codec endpoint calls from the browser: ${codecCalls.length ? [...new Set(codecCalls)].map((c) => `${c} ×${codecCalls.filter((x) => x === c).length}`).join(', ') : 'none'}`);
    // The tab's blocks in page order: Summary, Details, Current Details.
    const labels = metadata.length <= 3 ? ['summary', 'details', 'current details'] : metadata.map((_, i) => `metadata block ${i + 1}`);
    say(`user metadata as shown (${metadata.length} block${metadata.length === 1 ? '' : 's'}):`);
    metadata.forEach((block, i) => say(`  ${labels[i]}: ${block}`));
    if (metadata.length === 0) say('  (none rendered)');
    say(`workflow input as shown: ${input.join(' ') || '(no Input section found)'}`);
    say(`workflow result as shown: ${result.join(' ').slice(0, 300) || '(no Result section found)'}`);
    say(`input names the record id: ${decoded ? 'yes' : 'no'}; the party's name (${name}) anywhere on the page: ${name && text.includes(name) ? 'yes' : 'no'}; encrypted-payload markers (binary/encrypted, "encoding"): ${/binary\/encrypted|"encoding"/i.test(text) ? 'yes' : 'no'}`);
    say(`verdict: input ${decoded ? 'DECODED' : 'still ENCODED'} in the Web UI${withCodec ? '' : ' (without codec endpoint)'}`);
    // With the codec the input must be decoded; without it, it must not be (the control run).
    return decoded === withCodec ? 0 : 1;
  } finally {
    await browser.close();
    await connection.close();
    await product.close();
    await sims.close();
    await temporal.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[check-webui] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
