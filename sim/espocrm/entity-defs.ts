/**
 * The entity types this simulator knows in detail. Anything else is stored generically
 * (every attribute accepted, no required fields), as a freshly created custom entity would be.
 */
export type FieldType = 'varchar' | 'text' | 'int' | 'date' | 'datetime' | 'enum' | 'bool' | 'email' | 'phone';

export interface FieldDef {
  type: FieldType;
  required?: boolean;
  options?: readonly string[];
  default?: unknown;
}

export interface EntityDef {
  fields: Record<string, FieldDef>;
  /** Unknown attributes are silently dropped (EspoCRM ignores attributes an entity does not define). */
  strict: boolean;
  /** `versionNumber` is kept (when the simulator's occEnabled is on). */
  optimisticConcurrency: boolean;
  /**
   * Belongs-to links as `GET Metadata` shows them (`links.{name}` plus a field `{name}` of type
   * `link`); the simulator stores the `{name}Id` attribute as a plain field.
   */
  links?: Record<string, { type: 'belongsTo'; entity: string }>;
}

export const SYNC_STATUSES = [
  'pending_sync',
  'dirty',
  'syncing',
  'clean',
  'failed',
  'permanently_failed',
  'conflict',
  'deleted_in_advoware',
] as const;

/** Phone types: EspoCRM's defaults plus `Home`, configured on the firm's instance. */
export const PHONE_TYPES = ['Office', 'Mobile', 'Fax', 'Home', 'Other'] as const;
export const DEFAULT_PHONE_TYPE = 'Office';

const cBeteiligte: EntityDef = {
  strict: true,
  optimisticConcurrency: true,
  fields: {
    name: { type: 'varchar', required: true },
    firstName: { type: 'varchar' },
    lastName: { type: 'varchar' },
    salutationName: { type: 'varchar' },
    titel: { type: 'varchar' },
    rechtsform: { type: 'varchar' },
    geburtsdatum: { type: 'date' },
    handelsregisterNummer: { type: 'varchar' },
    registergericht: { type: 'varchar' },
    description: { type: 'text' },
    emailAddress: { type: 'email' },
    phoneNumber: { type: 'phone' },
    betnr: { type: 'int' },
    syncStatus: { type: 'enum', options: SYNC_STATUSES, default: 'pending_sync' },
    advowareLastSync: { type: 'datetime' },
    advowareRowId: { type: 'varchar' },
    syncRetryCount: { type: 'int', default: 0 },
    syncNextRetry: { type: 'datetime' },
    syncAutoResetAt: { type: 'datetime' },
    syncErrorMessage: { type: 'text' },
    kommunikationHash: { type: 'varchar' },
    advowareSyncBase: { type: 'text' },
    adressenSyncBase: { type: 'text' },
    assignedUserId: { type: 'varchar' },
  },
};

/** Sync state of the child entities: `unclean` = a human has to change something in Advoware (Task open). */
export const CHILD_SYNC_STATUSES = ['clean', 'unclean', 'failed'] as const;

/** Bank accounts of a party (reference §6.2), synced EspoCRM → Advoware. */
const cBankverbindungen: EntityDef = {
  strict: true,
  optimisticConcurrency: false,
  links: { beteiligte: { type: 'belongsTo', entity: 'CBeteiligte' } },
  fields: {
    name: { type: 'varchar' },
    iban: { type: 'varchar' },
    bic: { type: 'varchar' },
    kontoinhaber: { type: 'varchar' },
    bankname: { type: 'varchar' },
    istAktiv: { type: 'bool', default: true },
    istStandard: { type: 'bool', default: false },
    beteiligteId: { type: 'varchar' },
    advowareKontoId: { type: 'int' },
    advowareLastSync: { type: 'datetime' },
    syncStatus: { type: 'enum', options: CHILD_SYNC_STATUSES },
    syncErrorMessage: { type: 'text' },
  },
};

/** Postal addresses of a party, synced both ways (Advoware's PUT changes only four fields). */
const cAdressen: EntityDef = {
  strict: true,
  optimisticConcurrency: false,
  links: { beteiligte: { type: 'belongsTo', entity: 'CBeteiligte' } },
  fields: {
    name: { type: 'varchar' },
    strasse: { type: 'varchar' },
    plz: { type: 'varchar' },
    ort: { type: 'varchar' },
    anschrift: { type: 'text' },
    land: { type: 'varchar' },
    postfach: { type: 'varchar' },
    postfachPLZ: { type: 'varchar' },
    standardAnschrift: { type: 'bool', default: false },
    gueltigVon: { type: 'date' },
    gueltigBis: { type: 'date' },
    reihenfolgeIndex: { type: 'int' },
    beteiligteId: { type: 'varchar' },
    advowareAdresseId: { type: 'int' },
    advowareLastSync: { type: 'datetime' },
    syncStatus: { type: 'enum', options: CHILD_SYNC_STATUSES },
    syncErrorMessage: { type: 'text' },
  },
};

const task: EntityDef = {
  strict: false,
  optimisticConcurrency: false,
  fields: {
    name: { type: 'varchar', required: true },
    status: { type: 'enum', options: ['Not Started', 'Started', 'Completed', 'Canceled', 'Deferred'], default: 'Not Started' },
    priority: { type: 'enum', options: ['Low', 'Normal', 'High', 'Urgent'], default: 'Normal' },
    description: { type: 'text' },
    dateEnd: { type: 'datetime' },
    parentType: { type: 'varchar' },
    parentId: { type: 'varchar' },
    assignedUserId: { type: 'varchar' },
  },
};

const notification: EntityDef = {
  strict: false,
  optimisticConcurrency: false,
  fields: {
    type: { type: 'varchar', default: 'Message' },
    message: { type: 'text' },
    userId: { type: 'varchar' },
    read: { type: 'bool', default: false },
    relatedType: { type: 'varchar' },
    relatedId: { type: 'varchar' },
  },
};

const GENERIC: EntityDef = { strict: false, optimisticConcurrency: false, fields: {} };

const DEFS: Record<string, EntityDef> = { CBeteiligte: cBeteiligte, CBankverbindungen: cBankverbindungen, CAdressen: cAdressen, Task: task, Notification: notification };

/** Every entity the simulator knows in detail (for `GET Metadata`). */
export function entityDefs(): Readonly<Record<string, EntityDef>> {
  return DEFS;
}

export function entityDef(entityType: string): EntityDef {
  return DEFS[entityType] ?? GENERIC;
}

/** Attributes EspoCRM drops from any input. */
export const SYSTEM_ATTRIBUTES = new Set(['id', 'deleted', 'createdAt', 'createdById', 'modifiedAt', 'modifiedById', 'versionNumber']);

/** Read-only attributes derived by the server. */
export const DERIVED_ATTRIBUTES = new Set(['createdByName', 'modifiedByName']);

/** Changes only to these attributes are not a real change: no save, no `update` webhook. */
export const NON_EVENT_ATTRIBUTES = new Set([
  'modifiedAt',
  'modifiedById',
  'modifiedByName',
  'versionNumber',
  'streamUpdatedAt',
  'isFollowed',
  'isStarred',
  'followersIds',
  'followersNames',
]);

/** The attributes that belong to a field (for `fieldUpdate.{field}` payloads and `select`). */
export function fieldAttributes(field: string, def: EntityDef): string[] {
  const type = def.fields[field]?.type;
  if (type === 'email') return [field, `${field}Data`];
  if (type === 'phone') return [field, `${field}Data`];
  return [field];
}
