import type { AdvowareBeteiligte, AdvowareBeteiligteWrite, AdvowareClient, AdvowareKommunikation, AdvowareRequestOptions } from '../../clients/advoware';
import type { z } from 'zod';
import type { EspoCrmClient } from '../../clients/espocrm';
import type { GoogleCalendarClient, GoogleUserCalendar, ListEventsOptions } from '../../clients/google';
import { changedFields, type PlannedWrite, type ShadowRecorder } from '../../domain/shadow';

/**
 * Write ports for shadow mode: the real clients for every read, a recorder for every write.
 *
 * Reads see the pass's own planned writes (an overlay kept for one pass), so an activity that
 * reads back what it wrote — link an EspoCRM record, re-read the Advoware party, write sync
 * fields — plans the same later steps it would in live mode. A created Advoware party gets a
 * negative placeholder betNr, created entries negative ids; nothing real ever carries those.
 *
 * Fail-safe by construction: only the methods named as reads (or named get…/list…/search…/
 * find…/read…) reach the real client; any other method (also one added later) is recorded as a
 * write and answered with a plausible value.
 */

type AnyFn = (...args: unknown[]) => unknown;

/** Client methods that only read, by naming convention (getBankverbindungen, listAdressen, …). */
const READ_NAME = /^(get|list|search|find|read)[A-Z]/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wraps `real`: `reads` pass through, `handlers` replace, everything else is a recorded generic write. */
function port<T extends object>(
  real: T,
  system: PlannedWrite['system'],
  recorder: ShadowRecorder,
  reads: readonly string[],
  handlers: Partial<Record<string, AnyFn>>,
): T {
  let generic = 0;
  return new Proxy(real, {
    get(target, prop, receiver) {
      if (typeof prop !== 'string') return Reflect.get(target, prop, receiver);
      const handler = handlers[prop];
      if (handler) return handler;
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (reads.includes(prop) || READ_NAME.test(prop)) return (value as AnyFn).bind(target);
      return async (...args: unknown[]) => {
        const body = [...args].reverse().find(isRecord) ?? {};
        const target = args.filter((a) => typeof a === 'string' || typeof a === 'number').join('/') || prop;
        recorder.record({ system, op: prop, target, resource: prop.replace(/^(create|update|delete|patch|insert|put|post)/i, '') || prop, fields: Object.keys(body) });
        generic += 1;
        return { ...body, id: -generic };
      };
    },
  });
}

export interface BeteiligtePorts {
  espocrm: EspoCrmClient;
  advoware: AdvowareClient;
}

export function shadowBeteiligtePorts(real: BeteiligtePorts, recorder: ShadowRecorder): BeteiligtePorts {
  return { espocrm: shadowEspoCrm(real.espocrm, recorder), advoware: shadowAdvoware(real.advoware, recorder) };
}

export function shadowEspoCrm(real: EspoCrmClient, recorder: ShadowRecorder): EspoCrmClient {
  const patches = new Map<string, Record<string, unknown>>();
  let created = 0;
  const newId = () => `shadow${String(++created).padStart(12, '0')}`;
  const record = (op: string, target: string, resource: string, fields: string[]) => recorder.record({ system: 'espocrm', op, target, resource, fields });
  return port(real, 'espocrm', recorder, ['list', 'listAll', 'metadata', 'close'], {
    // The real read is validated with the caller's schema, as in a live pass; the pass's own planned updates go on top.
    get: async (entity, id, schema) => ({ ...((await real.get(entity as string, id as string, schema as z.ZodType<Record<string, unknown>> | undefined))), ...patches.get(`${entity as string}/${id as string}`) }),
    update: async (entity, id, data) => {
      const key = `${entity as string}/${id as string}`;
      record('update', key, entity as string, Object.keys(data as object));
      patches.set(key, { ...patches.get(key), ...(data as object) });
      return { id, ...patches.get(key) };
    },
    create: async (entity, data) => {
      record('create', entity as string, entity as string, Object.keys(data as object));
      return { id: newId(), ...(data as object) };
    },
    createTask: async (task) => {
      record('createTask', 'Task', 'Task', Object.keys(task as object));
      return { id: newId(), ...(task as object) };
    },
    createNotification: async (notification) => {
      record('createNotification', 'Notification', 'Notification', Object.keys(notification as object));
      return { id: newId(), ...(notification as object) };
    },
    delete: async (entity, id) => {
      record('delete', `${entity as string}/${id as string}`, entity as string, []);
    },
  });
}

export function shadowAdvoware(real: AdvowareClient, recorder: ShadowRecorder): AdvowareClient {
  /** The party as this pass would leave it: real reads with planned writes applied, or a planned create. */
  const parties = new Map<number, AdvowareBeteiligte>();
  let nextBetNr = -1;
  let nextId = -1;
  const record = (op: string, target: string, resource: string, fields: string[]) => recorder.record({ system: 'advoware', op, target, resource, fields });
  const current = async (betNr: number): Promise<AdvowareBeteiligte> => parties.get(betNr) ?? (await real.getBeteiligte(betNr));
  const clone = (party: AdvowareBeteiligte): AdvowareBeteiligte => structuredClone(party);

  return port(real, 'advoware', recorder, ['searchBeteiligte', 'listTermine', 'getTermin', 'listEmployees', 'close'], {
    getBeteiligte: async (betNr) => clone(await current(betNr as number)),
    createBeteiligte: async (body) => {
      const fields = Object.entries(body as object).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k]) => k);
      record('createBeteiligte', 'Beteiligte (new)', 'Beteiligte', fields);
      const party: AdvowareBeteiligte = { ...(body as AdvowareBeteiligteWrite), betNr: nextBetNr--, rowId: 'SHADOW', kommunikation: [], adressen: [] };
      parties.set(party.betNr, party);
      return clone(party);
    },
    updateBeteiligte: async (betNr, body) => {
      const before = await current(betNr as number);
      const fields = changedFields(before as Record<string, unknown>, body as Record<string, unknown>).filter((f) => f !== 'kommunikation' && f !== 'adressen' && f !== 'rowId');
      record('updateBeteiligte', `Beteiligte/${betNr as number}`, 'Beteiligte', fields);
      const after = { ...before, ...(body as object), betNr: before.betNr, rowId: before.rowId, kommunikation: before.kommunikation, adressen: before.adressen } as AdvowareBeteiligte;
      parties.set(betNr as number, after);
      return clone(after);
    },
    createKommunikation: async (betNr, body) => {
      const party = await current(betNr as number);
      record('createKommunikation', `Beteiligte/${betNr as number}/Kommunikationen`, 'Kommunikation', Object.keys(body as object));
      const entry = { id: nextId--, betNr, rowId: 'SHADOW', ...(body as object) } as AdvowareKommunikation;
      parties.set(betNr as number, { ...party, kommunikation: [...(party.kommunikation ?? []), entry] });
      return { ...entry };
    },
    updateKommunikation: async (betNr, id, body) => {
      const party = await current(betNr as number);
      const list = party.kommunikation ?? [];
      const before = list.find((k) => k.id === id);
      record('updateKommunikation', `Beteiligte/${betNr as number}/Kommunikationen/${id as number}`, 'Kommunikation', changedFields(before, body as Record<string, unknown>));
      const after = { ...(before ?? { id, rowId: 'SHADOW', kommKz: 0, tlf: null, bemerkung: null }), ...(body as object) } as AdvowareKommunikation;
      parties.set(betNr as number, { ...party, kommunikation: list.map((k) => (k.id === id ? after : k)) });
      return { ...after };
    },
    createTermin: async (body) => {
      record('createTermin', 'Termine', 'Termin', Object.keys(body as object));
      return { ...(body as object), frNr: nextId-- };
    },
    updateTermin: async (frNr, patch) => {
      record('updateTermin', `Termine/${frNr as number}`, 'Termin', Object.keys(patch as object));
      return { frNr, datum: '', ...(patch as object) };
    },
    deleteTermin: async (frNr) => {
      record('deleteTermin', `Termine/${frNr as number}`, 'Termin', []);
    },
    // The raw proxy call: reads pass, anything else is recorded.
    request: async (method, path, options) => {
      if (String(method).toUpperCase() === 'GET') return real.request(method as string, path as string, options as AdvowareRequestOptions | undefined);
      const body = isRecord((options as { body?: unknown } | undefined)?.body) ? ((options as { body: Record<string, unknown> }).body) : {};
      record(`request ${String(method).toUpperCase()}`, String(path), String(path).split('/').filter(Boolean).slice(-1)[0] ?? 'request', Object.keys(body));
      return { status: 200, body };
    },
  });
}

/** The calendar id a shadow pass uses for a calendar it would have to create first. */
export const SHADOW_CALENDAR_ID = 'shadow-calendar-not-created';

export function shadowGoogle(real: GoogleCalendarClient, recorder: ShadowRecorder): GoogleCalendarClient {
  const wrapUser = (user: GoogleUserCalendar, who: string): GoogleUserCalendar => {
    const record = (op: string, target: string, fields: string[]) => recorder.record({ system: 'google', op, target: `${who} ${target}`, resource: op === 'createCalendar' ? 'calendar' : 'event', fields });
    const bodyFields = (event: unknown) => Object.keys(isRecord(event) ? event : {}).filter((k) => k !== 'id');
    return port(user, 'google', recorder, ['listCalendars', 'close'], {
      ensureCalendar: async (summary) => {
        const existing = (await user.listCalendars()).find((c) => c.summary === summary && c.accessRole === 'owner' && !c.deleted);
        if (existing?.id) return existing.id;
        record('createCalendar', String(summary), ['summary', 'timeZone']);
        return SHADOW_CALENDAR_ID;
      },
      // A calendar the pass would create is empty.
      listEvents: async (options) =>
        (options as { calendarId: string }).calendarId === SHADOW_CALENDAR_ID ? { items: [], nextSyncToken: undefined } : user.listEvents(options as ListEventsOptions),
      getEvent: async (calendarId, eventId) => (calendarId === SHADOW_CALENDAR_ID ? undefined : user.getEvent(calendarId as string, eventId as string)),
      insertEvent: async (calendarId, event) => {
        record('insertEvent', `event ${String((event as { id?: unknown }).id ?? '')}`, bodyFields(event));
        return { alreadyExists: false, event };
      },
      updateEvent: async (calendarId, eventId, event) => {
        record('updateEvent', `event ${eventId as string}`, bodyFields(event));
        return { ...(event as object), id: eventId };
      },
      patchEvent: async (calendarId, eventId, patch) => {
        record('patchEvent', `event ${eventId as string}`, bodyFields(patch));
        return { ...(patch as object), id: eventId };
      },
      deleteEvent: async (calendarId, eventId) => {
        record('deleteEvent', `event ${eventId as string}`, []);
        return { deleted: true };
      },
    });
  };
  return port(real, 'google', recorder, ['emailForKuerzel'], {
    forUser: (email) => wrapUser(real.forUser(email as string), String(email)),
    forKuerzel: (kuerzel) => wrapUser(real.forKuerzel(kuerzel as string), String(kuerzel).toUpperCase()),
  });
}
