import { ApiError, bitableError } from '../errors.js';
import { FieldChanges, type FieldEventValue } from '../events/fieldEvents.js';
import { newId } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { App, Field, Table } from '../state.js';
import { assignAutoNumbers, reformatAutoNumbers } from './autoNumber.js';
import { assertBackFieldName, backFieldOf, createBackField, renameBackField, type DuplexProperty } from './duplexLink.js';
import { cellsBeforeChange, convertCells } from './fieldConversion.js';
import { normaliseProperty } from './fieldProperty.js';
import { DEFAULT_UI_TYPE, FieldType, UI_VARIANTS, isKnownType } from './fieldTypes.js';
import { optionsOf } from './selectOptions.js';
import { removeFieldEverywhere } from './tableModel.js';

/** What a caller sends to create or update a field (seed A38/A39, SDK payload). */
export interface FieldInput {
  field_name: string;
  type: number;
  property?: Record<string, unknown> | null;
  /** A string, or the SDK's `{text, disable_sync}`. */
  description?: unknown;
  ui_type?: string;
}

function fieldName(table: Table, raw: unknown, selfId?: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ApiError(400, 1254028, 'EmptyFieldName');
  const name = raw.trim();
  if (name.length > 100) throw new ApiError(400, 1254029, 'InvalidFieldName: at most 100 characters');
  if (Object.values(table.fields).some((f) => f.field_id !== selfId && f.field_name === name)) throw bitableError(1254014, `FieldNameDuplicated: ${name}`);
  return name;
}

function fieldType(raw: unknown): number {
  if (!isKnownType(raw)) throw bitableError(1254012, `NotSupportFieldOrView: field type ${JSON.stringify(raw)} is not supported`);
  return raw;
}

function uiTypeFor(type: number, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_UI_TYPE[type];
  const allowed = UI_VARIANTS[type] ?? [DEFAULT_UI_TYPE[type]];
  if (typeof raw !== 'string' || !allowed.includes(raw)) throw bitableError(1254015, `FieldTypeValueNotMatch: ui_type ${String(raw)} does not fit type ${type}`);
  return raw;
}

function descriptionText(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  const text = (raw as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

/**
 * Creates a field in a table: validates name, type and property per seed A05, assigns option ids
 * and colours, creates the back field of a duplex link, and numbers existing records for an
 * auto-number field. The first field of a table is its primary field.
 */
export function createField(rt: Runtime, app: App, table: Table, input: FieldInput): Field {
  const name = fieldName(table, input?.field_name);
  const type = fieldType(input.type);
  const ui_type = uiTypeFor(type, input.ui_type);
  const property = normaliseProperty(app, table, type, input.property, ui_type);
  if (type === FieldType.DuplexLink) assertBackFieldName(app, property);
  const field: Field = { field_id: newId.field(), field_name: name, type, ui_type, property };
  const description = descriptionText(input.description);
  if (description !== undefined) field.description = description;
  if (Object.keys(table.fields).length === 0) field.is_primary = true;
  table.fields[field.field_id] = field;
  if (type === FieldType.DuplexLink) createBackField(app, table, field);
  if (type === FieldType.AutoNumber) for (const r of Object.values(table.records)) assignAutoNumbers(app, table, r, [field]);
  FieldChanges.for(rt, app, table)?.added(fieldEventValue(app, field));
  return field;
}

/**
 * Full replacement (seed A05 "更新字段时为全量更新"): name, type and property are all taken from
 * the input. Cells stay when the storage stays the same; a type change carries what it can over
 * (fieldConversion.ts), and a link pointed at another table starts empty.
 */
export function updateField(rt: Runtime, app: App, table: Table, field: Field, input: FieldInput): Field {
  const name = fieldName(table, input?.field_name, field.field_id);
  const type = fieldType(input.type);
  const ui_type = uiTypeFor(type, input.ui_type);
  const property = normaliseProperty(app, table, type, input.property, ui_type, field);
  const oldLinkTable = (field.property as { table_id?: string } | null)?.table_id;
  const newLinkTable = (property as { table_id?: string } | null)?.table_id;
  const sameCells = field.type === type && oldLinkTable === newLinkTable;
  if (type === FieldType.DuplexLink) assertBackFieldName(app, property, sameCells ? backFieldOf(app, field)?.field.field_id : undefined);
  const oldType = field.type;
  const before = oldType !== type ? cellsBeforeChange(rt, app, table, field) : undefined;
  const changes = FieldChanges.for(rt, app, table);
  const shownBefore = changes && fieldEventValue(app, field);

  if (!sameCells) {
    if (oldType === FieldType.DuplexLink) dropBackField(app, field);
    for (const r of Object.values(table.records)) delete r.fields[field.field_id];
    delete table.autoNumbers[field.field_id];
  }

  field.field_name = name;
  field.ui_type = ui_type;
  const description = descriptionText(input.description);
  if (description !== undefined) field.description = description;
  else delete field.description;

  if (type === FieldType.DuplexLink && sameCells) {
    const wanted = (property as unknown as DuplexProperty).back_field_name;
    field.property = { ...(property as Record<string, unknown>), back_field_id: (field.property as unknown as DuplexProperty).back_field_id };
    delete (field.property as Record<string, unknown>).back_field_name;
    if (wanted !== undefined) renameBackField(app, field, wanted);
  } else {
    field.type = type;
    field.property = property;
    if (type === FieldType.DuplexLink) createBackField(app, table, field);
  }
  if (before) convertCells(table, field, oldType, before);
  if (type === FieldType.SingleSelect || type === FieldType.MultiSelect) dropRemovedOptions(table, field);
  if (type === FieldType.AutoNumber) {
    for (const r of Object.values(table.records)) assignAutoNumbers(app, table, r, [field]);
    if ((input.property as { auto_serial?: { reformat_existing_records?: unknown } } | null)?.auto_serial?.reformat_existing_records === true) reformatAutoNumbers(app, table, field);
  }
  if (shownBefore) changes?.edited(shownBefore, fieldEventValue(app, field));
  return field;
}

/** The primary field cannot go; a duplex link takes its twin along (the twin would link to nothing). */
export function deleteField(rt: Runtime, app: App, table: Table, field: Field): void {
  // Seed A40 documents no dedicated code; 1254070 ActionValidateFailed is the one it lists for a refused action.
  if (field.is_primary) throw bitableError(1254070, 'ActionValidateFailed: the primary field cannot be deleted');
  const changes = FieldChanges.for(rt, app, table);
  const shownBefore = changes && fieldEventValue(app, field);
  if (field.type === FieldType.DuplexLink) dropBackField(app, field);
  unhookLookups(app, field);
  removeFieldEverywhere(app, table, field.field_id);
  if (shownBefore) changes?.deleted(shownBefore);
}

function dropBackField(app: App, field: Field): void {
  const twin = backFieldOf(app, field);
  if (!twin) return;
  unhookLookups(app, twin.field);
  removeFieldEverywhere(app, twin.table, twin.field.field_id);
  twin.table.revision++;
}

/** Lookups built on a field that goes keep their last stored values instead of breaking. */
function unhookLookups(app: App, gone: Field): void {
  for (const t of Object.values(app.tables)) {
    for (const f of Object.values(t.fields)) {
      const p = f.property as { link_field_id?: string; target_field_id?: string } | null;
      if (f.type === FieldType.Lookup && p && (p.link_field_id === gone.field_id || p.target_field_id === gone.field_id)) f.property = null;
    }
  }
}

function dropRemovedOptions(table: Table, field: Field): void {
  const ids = new Set(optionsOf(field).map((o) => o.id));
  for (const r of Object.values(table.records)) {
    const cell = r.fields[field.field_id];
    if (cell === undefined) continue;
    const kept = (Array.isArray(cell) ? cell : [cell]).filter((id) => ids.has(id as string));
    if (kept.length === 0) delete r.fields[field.field_id];
    else r.fields[field.field_id] = Array.isArray(cell) ? kept : kept[0];
  }
}

/**
 * A field as the API shows it (SDK field type): `table_name` and the twin's id and name are
 * computed now, so renames elsewhere show up. `description` is a string in lists (or rich-text
 * segments with `text_field_as_array`), `{text, disable_sync}` in create/update answers.
 */
export function fieldOut(app: App, field: Field, description: 'string' | 'segments' | 'object' = 'string') {
  let property = field.property ? structuredClone(field.property) : null;
  if (property && (field.type === FieldType.SingleLink || field.type === FieldType.DuplexLink)) {
    property.table_name = app.tables[property.table_id as string]?.name ?? '';
    if (field.type === FieldType.DuplexLink) property.back_field_name = backFieldOf(app, field)?.field.field_name ?? '';
  }
  const out: Record<string, unknown> = {
    field_id: field.field_id,
    field_name: field.field_name,
    type: field.type,
    property,
    is_primary: field.is_primary === true,
    ui_type: field.ui_type ?? DEFAULT_UI_TYPE[field.type],
  };
  if (field.is_hidden !== undefined) out.is_hidden = field.is_hidden;
  if (field.description !== undefined) {
    out.description = description === 'object' ? { disable_sync: false, text: field.description } : description === 'segments' ? [{ type: 'text', text: field.description }] : field.description;
  }
  return out;
}

/** A field as `bitable_field_changed_v1` shows it (seed A08): the API's property, the description as text. */
function fieldEventValue(app: App, field: Field): FieldEventValue {
  return { id: field.field_id, name: field.field_name, type: field.type, description: field.description ?? '', property: fieldOut(app, field).property as FieldEventValue['property'] };
}
