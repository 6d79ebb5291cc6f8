import { bitableError } from '../errors.js';
import { newId } from '../ids.js';
import type { App, Field, Table } from '../state.js';
import { FieldType } from './fieldTypes.js';

/** What a duplex link (21) stores: the linked table and the id of its twin there. */
export interface DuplexProperty { multiple: boolean; table_id: string; back_field_id?: string; back_field_name?: string }

const propOf = (field: Field) => field.property as unknown as DuplexProperty;

/** The twin of a duplex field and the table holding it, if both still exist. */
export function backFieldOf(app: App, field: Field): { table: Table; field: Field } | undefined {
  const p = propOf(field);
  const table = app.tables[p.table_id];
  const back = p.back_field_id ? table?.fields[p.back_field_id] : undefined;
  return table && back ? { table, field: back } : undefined;
}

function uniqueName(table: Table, wanted: string): string {
  const taken = new Set(Object.values(table.fields).map((f) => f.field_name));
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted} ${n}`)) n++;
  return `${wanted} ${n}`;
}

/**
 * Creates the twin of a new duplex field in the linked table (seed A05): named
 * `back_field_name`, or by default `<this table's name>-<this field's name>` (made unique if
 * that name is taken; a caller-chosen name that is taken is refused like any duplicate name).
 */
export function createBackField(app: App, table: Table, field: Field): void {
  const p = propOf(field);
  const other = app.tables[p.table_id];
  const wanted = p.back_field_name;
  const back: Field = {
    field_id: newId.field(),
    field_name: wanted ?? uniqueName(other, `${table.name}-${field.field_name}`),
    type: FieldType.DuplexLink,
    ui_type: 'DuplexLink',
    property: { multiple: true, table_id: table.table_id, back_field_id: field.field_id },
  };
  if (Object.keys(other.fields).length === 0) back.is_primary = true;
  other.fields[back.field_id] = back;
  field.property = { multiple: p.multiple, table_id: p.table_id, back_field_id: back.field_id };
  if (other !== table) other.revision++;
}

/**
 * Refuses a caller-chosen `back_field_name` that another field of the linked table has, before
 * anything is written (`twinId`: the current twin, which may keep its own name).
 */
export function assertBackFieldName(app: App, property: unknown, twinId?: string): void {
  const p = property as DuplexProperty | null;
  const wanted = p?.back_field_name;
  const other = p ? app.tables[p.table_id] : undefined;
  if (wanted !== undefined && other && Object.values(other.fields).some((f) => f.field_id !== twinId && f.field_name === wanted)) throw bitableError(1254014, `FieldNameDuplicated: ${wanted}`);
}

/** Renames the twin when an update of a duplex field names it anew (checked by assertBackFieldName). */
export function renameBackField(app: App, field: Field, name: string): void {
  const twin = backFieldOf(app, field);
  if (twin) twin.field.field_name = name;
}

/**
 * Keeps the twin's cells in step with a write of one side: linked records that were removed
 * drop `recordId` from their twin cell, newly linked ones gain it.
 */
export function mirrorDuplexWrite(app: App, field: Field, recordId: string, before: string[], after: string[]): void {
  const twin = backFieldOf(app, field);
  if (!twin) return;
  const id = twin.field.field_id;
  let changed = false;
  for (const gone of before.filter((x) => !after.includes(x))) {
    const r = twin.table.records[gone];
    const cell = r?.fields[id] as string[] | undefined;
    if (!r || !cell?.includes(recordId)) continue;
    const rest = cell.filter((x) => x !== recordId);
    if (rest.length) r.fields[id] = rest;
    else delete r.fields[id];
    changed = true;
  }
  for (const added of after.filter((x) => !before.includes(x))) {
    const r = twin.table.records[added];
    const cell = (r?.fields[id] as string[] | undefined) ?? [];
    if (!r || cell.includes(recordId)) continue;
    r.fields[id] = [...cell, recordId];
    changed = true;
  }
  if (changed) twin.table.revision++;
}
