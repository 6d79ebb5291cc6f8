import { bitableError } from '../errors.js';
import { RecordChanges } from '../events/recordEvents.js';
import { newId } from '../ids.js';
import type { Field, StoredRecord, Table } from '../state.js';
import { assignAutoNumbers } from './autoNumber.js';
import { personOf, touch } from './common.js';
import { mirrorDuplexWrite } from './duplexLink.js';
import { FieldType } from './fieldTypes.js';
import { commitOptions } from './selectOptions.js';
import { readFields, storedFields, type CellContext, type ReadOptions, type WriteContext } from './values.js';

/** EMULATOR.md "Limits": 20,000 records a table (1254103 RecordExceedLimit). */
const MAX_RECORDS = 20_000;

const linkIds = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

/** Sets (or, for `undefined`, clears) cells and keeps duplex twins in step. */
function applyCells(w: WriteContext, record: StoredRecord, cells: Map<Field, unknown>): void {
  for (const [field, value] of cells) {
    const before = record.fields[field.field_id];
    if (value === undefined) delete record.fields[field.field_id];
    else record.fields[field.field_id] = value;
    if (field.type === FieldType.DuplexLink) mirrorDuplexWrite(w.app, field, record.record_id, linkIds(before), linkIds(value));
  }
}

/**
 * Creates records from request `fields` maps. Every value is validated before anything is
 * stored, so a refused batch changes nothing. New records get their auto numbers, and date
 * fields with `auto_fill` the creation time (seed A05).
 */
export function createRecords(w: WriteContext, actor: string, inputs: unknown[]): StoredRecord[] {
  const { app, table } = w;
  if (Object.keys(table.records).length + inputs.length > MAX_RECORDS) throw bitableError(1254103, `RecordExceedLimit: at most ${MAX_RECORDS} records a table`);
  const parsed = inputs.map((fields) => storedFields(w, fields));
  commitOptions(w.pendingOptions);
  const now = w.rt.now();
  const autoFill = Object.values(table.fields).filter((f) => f.type === FieldType.DateTime && (f.property as { auto_fill?: boolean } | null)?.auto_fill === true);
  const created = parsed.map((cells) => {
    const record: StoredRecord = { record_id: newId.record(), fields: {}, created_time: now, created_by: actor, last_modified_time: now, last_modified_by: actor };
    table.records[record.record_id] = record;
    applyCells(w, record, cells);
    for (const f of autoFill) if (!cells.has(f)) record.fields[f.field_id] = now;
    assignAutoNumbers(app, table, record);
    return record;
  });
  touch(app, table);
  RecordChanges.for(w)?.added(created);
  return created;
}

/** Partial updates (A32: only the named fields change; `null` clears one), validated as a whole first. */
export function updateRecords(w: WriteContext, actor: string, updates: { record: StoredRecord; fields: unknown }[]): StoredRecord[] {
  const parsed = updates.map((u) => storedFields(w, u.fields));
  const changes = RecordChanges.for(w);
  changes?.remember(updates.map((u) => u.record));
  commitOptions(w.pendingOptions);
  const now = w.rt.now();
  updates.forEach(({ record }, i) => {
    applyCells(w, record, parsed[i]);
    record.last_modified_time = now;
    record.last_modified_by = actor;
  });
  touch(w.app, w.table);
  changes?.edited(updates.map((u) => u.record));
  return updates.map((u) => u.record);
}

/** Deletes records; their duplex twins forget them (one-way links to them are skipped when read). */
export function deleteRecords(w: WriteContext, records: StoredRecord[]): void {
  const duplex = Object.values(w.table.fields).filter((f) => f.type === FieldType.DuplexLink);
  const changes = RecordChanges.for(w);
  changes?.remember(records);
  for (const record of records) {
    for (const f of duplex) mirrorDuplexWrite(w.app, f, record.record_id, linkIds(record.fields[f.field_id]), []);
    delete w.table.records[record.record_id];
  }
  touch(w.app, w.table);
  changes?.deleted(records);
}

export interface RecordOutOptions extends ReadOptions {
  /** `automatic_fields=true`: created_by/created_time/last_modified_by/last_modified_time. */
  automatic?: boolean;
  /** `field_names`: only these fields. */
  only?: Field[];
}

/**
 * A record as an endpoint answers it. The legacy reads (get/list) also carry `id`, the name seed
 * A06's examples use for the record id, beside the `record_id` of A29/A30.
 */
export function recordOut(ctx: CellContext, table: Table, record: StoredRecord, opts: RecordOutOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { fields: readFields(ctx, table, record, opts, opts.only), record_id: record.record_id };
  if (opts.family === 'get' || opts.family === 'list') out.id = record.record_id;
  if (opts.automatic) {
    out.created_by = personOf(ctx.rt, record.created_by, opts.idType);
    out.created_time = record.created_time;
    out.last_modified_by = personOf(ctx.rt, record.last_modified_by, opts.idType);
    out.last_modified_time = record.last_modified_time;
  }
  return out;
}
