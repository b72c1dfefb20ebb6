import type { Client } from '@temporalio/client';
import { createAdvowareClient, type AdvowareClient } from '../clients/advoware';
import { createEspoCrmClient, type EspoCrmClient } from '../clients/espocrm';
import { withTaskRouting } from '../clients/espocrm/task-routing';
import { createGoogleCalendarClient, parseCalendarMapping, type GoogleCalendarClient } from '../clients/google';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import { createAdresseRoutingActivities } from '../activities/adressen-webhook';
import { createCalendarRequestActivities } from '../activities/calendar-request';
import { createCalendarSnapshotActivities } from '../activities/calendar-snapshot';
import { createDiagnosticsActivities } from '../activities/diagnostics';
import { createWebhookIntakeActivities } from '../activities/webhook-intake';
import { bankSweepActivitiesFor, bankverbindungActivitiesFor, beteiligteActivitiesFor, calendarActivitiesFor, sweepActivitiesFor } from '../activities/shadow/modes';

export interface ExternalClients {
  advoware: AdvowareClient;
  espocrm: EspoCrmClient;
  /** Undefined when no Google service account is configured (calendar sync then fails clearly). */
  google?: GoogleCalendarClient;
}

export function createExternalClients(config: Config, logger: Logger): ExternalClients {
  const hasGoogle = Boolean(config.google.serviceAccountJson || config.google.serviceAccountFile);
  return {
    advoware: createAdvowareClient(config.advoware, { logger: logger.child({ component: 'advoware' }) }),
    espocrm: createEspoCrmClient(config.espocrm, { logger: logger.child({ component: 'espocrm' }) }),
    google: hasGoogle ? createGoogleCalendarClient(config.google, { logger: logger.child({ component: 'google' }) }) : undefined,
  };
}

/** Wires real clients into the activity factories, grouped by the task queue they run on. */
export function buildActivities(config: Config, clients: ExternalClients, temporal: Client) {
  // BETEILIGTE_MODE / CALENDAR_MODE: live as built, shadow records instead of writing, off does nothing.
  // Every Task the activities create goes to ESPOCRM_TASK_ASSIGNEE (and its notification).
  const routeTasks = (espocrm: EspoCrmClient) => withTaskRouting(espocrm, config.espocrm.taskRouting);
  // The address step is built per pass from the clients the pass uses (so shadow mode covers it).
  const adressen = { entity: config.espocrm.adressenEntity, parentEntity: config.espocrm.entity, linkField: config.espocrm.partyLinkField };
  const beteiligte = beteiligteActivitiesFor(config.beteiligte.mode, { espocrm: clients.espocrm, advoware: clients.advoware, entity: config.espocrm.entity, idField: config.advoware.beteiligteIdField, adressen }, routeTasks);
  const bankverbindungen = bankverbindungActivitiesFor(
    config.beteiligte.mode,
    {
      espocrm: clients.espocrm,
      advoware: clients.advoware,
      entity: config.espocrm.bankverbindungenEntity,
      parentEntity: config.espocrm.entity,
      linkField: config.espocrm.partyLinkField,
      temporal,
      taskQueue: config.temporal.taskQueue,
      debounceMs: config.beteiligte.debounceMs,
    },
    routeTasks,
  );
  const sweep = sweepActivitiesFor(config.beteiligte.mode, {
    espocrm: clients.espocrm,
    temporal,
    taskQueue: config.temporal.taskQueue,
    entity: config.espocrm.entity,
    staleAfterMs: config.beteiligte.staleAfterMs,
    debounceMs: config.beteiligte.debounceMs,
    startConcurrency: config.beteiligte.startConcurrency,
    pageSize: config.beteiligte.sweepPageSize,
  });
  const calendar = calendarActivitiesFor(config.calendar.mode, {
    advoware: clients.advoware,
    google: clients.google,
    policy: config.calendar.conflictPolicy,
    deleteGuard: config.calendar.deleteGuard,
    createGuard: config.calendar.createGuard,
    advowareWrites: config.calendar.advowareWrites,
    pastDays: config.calendar.pastDays,
    futureDays: config.calendar.futureDays,
    debugKuerzel: config.calendar.debugKuerzel,
    calendarNameTemplate: config.calendar.calendarNameTemplate,
    mappedKuerzel: [...parseCalendarMapping(config.google.calendarMapping).keys()],
    googleMaxPerSecond: config.google.maxRpsPerUser,
    googleMaxPerSecondProject: config.google.maxRpsProject,
    temporal,
    maxActionsPerPass: config.calendar.maxActionsPerPass,
  });
  const calendarRequests = createCalendarRequestActivities({ temporal, taskQueue: config.temporal.taskQueue, waitTimeoutMs: config.calendar.syncWaitTimeoutMs });
  return {
    main: {
      ...createDiagnosticsActivities(),
      ...sweep,
      ...bankSweepActivitiesFor(config.beteiligte.mode, {
        espocrm: clients.espocrm,
        temporal,
        taskQueue: config.temporal.taskQueue,
        entity: config.espocrm.bankverbindungenEntity,
        debounceMs: config.beteiligte.debounceMs,
        startConcurrency: config.beteiligte.startConcurrency,
        pageSize: config.beteiligte.sweepPageSize,
        staleAfterMs: config.beteiligte.staleAfterMs,
      }),
      // CAdressen webhooks: finds the address's party and requests its pass (reads EspoCRM only).
      ...createAdresseRoutingActivities({ espocrm: clients.espocrm, temporal, taskQueue: config.temporal.taskQueue, debounceMs: config.beteiligte.debounceMs, ...adressen }),
      // Large webhook batches: hands each id to its record's workflow (whatever the mode: the route does the same).
      ...createWebhookIntakeActivities({ temporal, taskQueue: config.temporal.taskQueue, debounceMs: config.beteiligte.debounceMs, startConcurrency: config.beteiligte.startConcurrency }),
      ...calendarRequests,
      ...createCalendarSnapshotActivities({ temporal }),
    },
    advoware: { ...beteiligte, ...bankverbindungen, listEmployeeKuerzel: calendar.listEmployeeKuerzel, findUnknownKuerzel: calendar.findUnknownKuerzel },
    google: { planEmployeePass: calendar.planEmployeePass, applyEmployeeActions: calendar.applyEmployeeActions },
  };
}
