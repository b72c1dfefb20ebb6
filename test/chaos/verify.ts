import type { Client } from '@temporalio/client';
import { hashEvent, hashTermin, type AdvowareTermin, type GoogleEvent } from '../../domain/calendar';
import { masterFromAdvoware, masterFromEspo } from '../../domain/beteiligte';
import { classifyAdvoware, classifyEspo } from '../../domain/beteiligte/kommunikation/classify';
import type { Simulators } from '../../sim/start-all';
import { calendarStatusQuery } from '../../workflows/messages';
import { advowareKeys, advowareRecord, espoKeys, espoRecord, sameMaster, sameSet, type TrackedBeteiligter } from './beteiligte-model';
import { tagOf, type CalendarModel, type TrackedEmployee } from './calendar-model';

export interface Findings {
  /** The two systems disagree. */
  divergences: string[];
  /** Both agree, but not on the value of the last edit. */
  lostEdits: string[];
  duplicates: string[];
}

export function verifyBeteiligte(sims: Simulators, tracked: TrackedBeteiligter[], findings: Findings): void {
  for (const t of tracked) {
    const espo = espoRecord(sims, t.espoId);
    const advo = advowareRecord(sims, t.betNr);
    if (!espo || !advo) {
      findings.divergences.push(`Beteiligter ${t.espoId}/${t.betNr} missing on one side`);
      continue;
    }
    const espoMaster = masterFromEspo(espo);
    const advoMaster = masterFromAdvoware(advo);
    if (!sameMaster(espoMaster, advoMaster)) findings.divergences.push(`${t.espoId} master: EspoCRM ${JSON.stringify(espoMaster)} ≠ Advoware ${JSON.stringify(advoMaster)}`);
    else if (!sameMaster(espoMaster, t.master)) findings.lostEdits.push(`${t.espoId} master: both ${JSON.stringify(espoMaster)}, last edits ${JSON.stringify(t.master)}`);
    const ek = espoKeys(espo);
    const ak = advowareKeys(advo);
    if (!sameSet(ek, ak)) findings.divergences.push(`${t.espoId} Kommunikation: EspoCRM [${[...new Set(ek)].sort()}] ≠ Advoware [${[...new Set(ak)].sort()}]`);
    else if (!sameSet(ek, t.kommKeys)) findings.lostEdits.push(`${t.espoId} Kommunikation: both [${[...new Set(ek)].sort()}], last edits [${[...t.kommKeys].sort()}]`);
    const espoDupes = classifyEspo(espo.emailAddressData ?? [], espo.phoneNumberData ?? []).filter((i) => i.duplicate);
    if (espoDupes.length) findings.duplicates.push(`${t.espoId} EspoCRM duplicate values ${espoDupes.map((i) => i.key)}`);
    const advoItems = classifyAdvoware(advo.kommunikation ?? [], advo).filter((i) => i.key !== null);
    const advoDupes = advoItems.filter((i, n) => advoItems.findIndex((j) => j.key === i.key) !== n);
    if (advoDupes.length) findings.duplicates.push(`${t.betNr} Advoware duplicate Kommunikation ${advoDupes.map((i) => `${i.key}#${i.entry.id}`)}`);
  }
  const parties = sims.advoware.state.listBeteiligte().length;
  if (parties !== tracked.length) findings.duplicates.push(`Advoware holds ${parties} Beteiligte for ${tracked.length} EspoCRM records`);
}

export function verifyCalendar(sims: Simulators, model: CalendarModel, employees: TrackedEmployee[], findings: Findings): void {
  const opts = { fullContent: true };
  for (const employee of employees) {
    if (!employee.calendarId) {
      findings.divergences.push(`${employee.kuerzel}: no calendar`);
      continue;
    }
    const termine = sims.advoware.state.listTermine({ kuerzel: employee.kuerzel }).filter((t) => t.frNr > 0);
    const events = sims.google.state.listEvents(employee.calendarId).filter((e) => e.status !== 'cancelled');
    const byTag = <T>(list: T[], text: (x: T) => string | null | undefined) => {
      const map = new Map<string, T[]>();
      for (const x of list) map.set(tagOf(text(x)), [...(map.get(tagOf(text(x))) ?? []), x]);
      return map;
    };
    const termineByTag = byTag(termine, (t) => t.text);
    const eventsByTag = byTag(events, (e) => e.summary);
    const items = [...model.items.values()].filter((i) => i.kuerzel === employee.kuerzel);
    const known = new Set(items.map((i) => i.tag));
    for (const tag of new Set([...termineByTag.keys(), ...eventsByTag.keys()])) {
      if (!known.has(tag)) findings.divergences.push(`${employee.kuerzel}: untracked entry ${tag}`);
    }
    for (const [tag, list] of termineByTag) if (list.length > 1) findings.duplicates.push(`${employee.kuerzel}: ${list.length} Advoware Termine tagged ${tag}`);
    for (const [tag, list] of eventsByTag) if (list.length > 1) findings.duplicates.push(`${employee.kuerzel}: ${list.length} Google events tagged ${tag}`);
    const linkedFrNr = events.map((e) => e.extendedProperties?.private?.advowareFrNr).filter(Boolean);
    if (new Set(linkedFrNr).size !== linkedFrNr.length) findings.duplicates.push(`${employee.kuerzel}: several events linked to one frNr`);

    for (const item of items) {
      const t = termineByTag.get(item.tag)?.[0];
      const e = eventsByTag.get(item.tag)?.[0];
      if (item.deleted) {
        if (t || e) findings.lostEdits.push(`${employee.kuerzel} ${item.tag}: deleted, but still in ${t ? 'Advoware' : ''}${e ? ' Google' : ''}`);
        continue;
      }
      if (!t || !e) {
        findings.divergences.push(`${employee.kuerzel} ${item.tag}: ${t ? '' : 'no Advoware Termin '}${e ? '' : 'no Google event'}`);
        continue;
      }
      if (e.extendedProperties?.private?.advowareFrNr !== String(t.frNr)) findings.divergences.push(`${employee.kuerzel} ${item.tag}: event linked to ${e.extendedProperties?.private?.advowareFrNr}, Termin is ${t.frNr}`);
      const th = hashTermin(t as unknown as AdvowareTermin, opts);
      const eh = hashEvent(e as unknown as GoogleEvent, opts);
      if (th !== eh) findings.divergences.push(`${employee.kuerzel} ${item.tag}: hash Termin ${th} ≠ event ${eh} (${t.text} @${t.ort} vs ${e.summary} @${e.location})`);
      else if (t.text !== item.text || (t.ort ?? '') !== item.ort) findings.lostEdits.push(`${employee.kuerzel} ${item.tag}: both "${t.text}" @${t.ort}, last edit "${item.text}" @${item.ort}`);
    }
  }
}

/** Open workflows on the task queue: only the long-lived calendar:{K} ones, waiting. */
export async function stuckWorkflows(temporal: Client, taskQueue: string): Promise<string[]> {
  const stuck: string[] = [];
  for await (const wf of temporal.workflow.list({ query: `TaskQueue="${taskQueue}" AND ExecutionStatus="Running"` })) {
    if (!wf.workflowId.startsWith('calendar:')) {
      stuck.push(`${wf.workflowId} (${wf.type}) still running`);
      continue;
    }
    const status = await temporal.workflow.getHandle(wf.workflowId).query(calendarStatusQuery);
    if (status.phase !== 'waiting') stuck.push(`${wf.workflowId} in phase ${status.phase}`);
  }
  return stuck;
}
