import { isDeepStrictEqual } from 'node:util';
import { espoDateTime, newId } from './clock';
import { entityDef, NON_EVENT_ATTRIBUTES, SYSTEM_ATTRIBUTES } from './entity-defs';
import { notFound, SimHttpError } from './http-error';
import type { Listable } from './list';
import { applyInput } from './record-input';
import type { DuplicateRule, EspoRecord } from './types';

export interface Actor {
  userId: string;
  userName: string;
}

export interface ChangeEvent {
  entityType: string;
  action: 'create' | 'update' | 'delete';
  id: string;
  actorUserId: string;
  /** The record after the change (before it, for delete). */
  record: EspoRecord;
  /** Attributes whose value changed (update only). */
  changed: string[];
}

interface StoredRecord {
  data: EspoRecord;
  seq: number;
  /** versionNumber at which each attribute last changed, for optimistic concurrency. */
  changedAtVersion: Map<string, number>;
}

export interface StoreConfig {
  occEnabled: boolean;
  duplicateRule: DuplicateRule;
}

/**
 * In-memory records per entity type with EspoCRM's save rules: a save that changes nothing is
 * not a save (no modifiedAt bump, no versionNumber bump, no webhook), duplicate check on create,
 * optimistic concurrency on update.
 */
export class RecordStore {
  private tables = new Map<string, Map<string, StoredRecord>>();
  private seq = 0;

  constructor(
    private readonly config: StoreConfig,
    private readonly onChange: (event: ChangeEvent) => void,
  ) {}

  private table(entityType: string): Map<string, StoredRecord> {
    let table = this.tables.get(entityType);
    if (!table) this.tables.set(entityType, (table = new Map()));
    return table;
  }

  private usesVersionNumber(entityType: string): boolean {
    return this.config.occEnabled && entityDef(entityType).optimisticConcurrency;
  }

  get(entityType: string, id: string): EspoRecord | undefined {
    const stored = this.tables.get(entityType)?.get(id);
    return stored ? structuredClone(stored.data) : undefined;
  }

  /** One attribute of a record (copied only if not a primitive): cheap enough to poll thousands of records. */
  attribute(entityType: string, id: string, name: string): unknown {
    const value = this.tables.get(entityType)?.get(id)?.data[name];
    return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }

  /** Rows for listing (not copied; runList copies what it returns). */
  rows(entityType: string): Listable[] {
    return [...(this.tables.get(entityType)?.values() ?? [])].map((s) => ({ record: s.data, seq: s.seq }));
  }

  all(entityType: string): EspoRecord[] {
    return this.rows(entityType)
      .sort((a, b) => a.seq - b.seq)
      .map((r) => structuredClone(r.record));
  }

  create(entityType: string, input: Record<string, unknown>, actor: Actor, options: { skipDuplicateCheck?: boolean } = {}): EspoRecord {
    const def = entityDef(entityType);
    const values = applyInput(entityType, def, undefined, structuredClone(input));
    if (!options.skipDuplicateCheck) {
      const duplicates = this.findDuplicates(entityType, values);
      if (duplicates.length > 0) throw new SimHttpError(409, 'duplicate', duplicates);
    }
    const now = espoDateTime();
    const record: EspoRecord = {
      id: newId(),
      ...values,
      deleted: false,
      createdAt: now,
      modifiedAt: now,
      createdById: actor.userId,
      createdByName: actor.userName,
      modifiedById: null,
      modifiedByName: null,
    };
    if (this.usesVersionNumber(entityType)) record.versionNumber = 1;
    const changedAtVersion = new Map(Object.keys(record).map((a) => [a, 1]));
    this.table(entityType).set(record.id as string, { data: record, seq: ++this.seq, changedAtVersion });
    this.onChange({ entityType, action: 'create', id: record.id as string, actorUserId: actor.userId, record: structuredClone(record), changed: [] });
    return structuredClone(record);
  }

  update(entityType: string, id: string, input: Record<string, unknown>, actor: Actor, options: { versionNumber?: number } = {}): EspoRecord {
    const stored = this.table(entityType).get(id);
    if (!stored) throw notFound();
    const def = entityDef(entityType);
    const next = applyInput(entityType, def, stored.data, structuredClone(input));
    const changed = Object.keys(next).filter((a) => !NON_EVENT_ATTRIBUTES.has(a) && !isDeepStrictEqual(next[a], stored.data[a]));

    if (this.usesVersionNumber(entityType) && options.versionNumber !== undefined) {
      this.checkConcurrency(stored, changed, options.versionNumber);
    }
    if (changed.length === 0) return structuredClone(stored.data);

    const record: EspoRecord = { ...next, modifiedAt: espoDateTime(), modifiedById: actor.userId, modifiedByName: actor.userName };
    if (this.usesVersionNumber(entityType)) {
      const version = (typeof stored.data.versionNumber === 'number' ? stored.data.versionNumber : 0) + 1;
      record.versionNumber = version;
      for (const attribute of changed) stored.changedAtVersion.set(attribute, version);
    }
    stored.data = record;
    this.onChange({ entityType, action: 'update', id, actorUserId: actor.userId, record: structuredClone(record), changed });
    return structuredClone(record);
  }

  delete(entityType: string, id: string, actor: Actor): void {
    const table = this.table(entityType);
    const stored = table.get(id);
    if (!stored) throw notFound();
    table.delete(id);
    this.onChange({ entityType, action: 'delete', id, actorUserId: actor.userId, record: structuredClone(stored.data), changed: [] });
  }

  reset(): void {
    this.tables.clear();
    this.seq = 0;
  }

  /**
   * 409 "modified" when the client's version is stale and an attribute it would change was
   * changed by someone else after that version (values it writes unchanged cannot be lost).
   */
  private checkConcurrency(stored: StoredRecord, changed: string[], clientVersion: number): void {
    const current = stored.data.versionNumber;
    if (typeof current !== 'number' || current === clientVersion) return;
    const conflicting = changed.filter((a) => !SYSTEM_ATTRIBUTES.has(a) && (stored.changedAtVersion.get(a) ?? 0) > clientVersion);
    if (conflicting.length === 0) return;
    const values = Object.fromEntries(conflicting.map((a) => [a, structuredClone(stored.data[a])]));
    throw new SimHttpError(409, 'modified', { values, versionNumber: current });
  }

  private findDuplicates(entityType: string, values: EspoRecord): EspoRecord[] {
    if (entityType !== 'CBeteiligte' || this.config.duplicateRule === 'none') return [];
    const rows = this.all(entityType);
    if (this.config.duplicateRule === 'betnr') {
      if (values.betnr === null || values.betnr === undefined) return [];
      return rows.filter((r) => r.betnr === values.betnr);
    }
    const name = String(values.name ?? '').trim().toLowerCase();
    return rows.filter((r) => String(r.name ?? '').trim().toLowerCase() === name);
  }
}
