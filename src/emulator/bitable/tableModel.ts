import { ApiError, bitableError, paramError } from '../errors.js';
import { newId } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { App, Table } from '../state.js';
import { createField, deleteField, type FieldInput } from './fieldModel.js';
import { isLinkType } from './fieldTypes.js';
import { assertViewName, newView } from './viewModel.js';

export interface TableInput {
  name: string;
  default_view_name?: string;
  fields?: FieldInput[];
}

/** EMULATOR.md "Limits": 300 tables a base (seed A13-A15: 1254100 TableExceedLimit, "限制300个"). */
const MAX_TABLES = 300;

// Seed A12: 1-100 characters, none of `[ ] : \ / ? *`. Those are gateway validation rules
// ("数据校验规则"), so a breach is a parameter error rather than a Bitable code.
const TABLE_NAME_RE = /^[^[\]:\\/?*]+$/;

/**
 * A table name as Feishu stores it: trimmed (A12), valid, and unique within the base (A12/A14/A15
 * document 1254013 TableNameDuplicated with HTTP 400). `selfId` is the table being renamed.
 */
export function assertTableName(app: App, raw: unknown, selfId?: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw paramError('table name is required');
  const name = raw.trim();
  if (name.length > 100) throw paramError('table name must be at most 100 characters');
  if (!TABLE_NAME_RE.test(name)) throw paramError('table name must not contain [ ] : \\ / ? *');
  if (Object.values(app.tables).some((t) => t.table_id !== selfId && t.name === name)) throw new ApiError(400, 1254013, 'TableNameDuplicated');
  return name;
}

/** Refuses to grow a base past MAX_TABLES; `adding` tables are about to be created together. */
export function assertTableRoom(app: App, adding = 1): void {
  if (Object.keys(app.tables).length + adding > MAX_TABLES) throw bitableError(1254100, `TableExceedLimit: at most ${MAX_TABLES} tables a base`);
}

/**
 * A new table as Feishu makes one: the given fields (the first is the primary field) or a single
 * text field, and one grid view. Name and room are checked here so every caller (table routes,
 * app create) obeys them. Fields may fail validation half-way (and duplex links put back fields
 * in other tables), so a failure removes the table again through removeTable's link cleanup.
 */
export function createTable(rt: Runtime, app: App, input: TableInput): Table {
  const name = assertTableName(app, input.name);
  assertTableRoom(app);
  const viewName = input.default_view_name === undefined || input.default_view_name === '' ? '表格' : assertViewName(input.default_view_name);
  const table: Table = { table_id: newId.table(), name, revision: 1, fields: {}, views: {}, records: {}, autoNumbers: {} };
  app.tables[table.table_id] = table;
  try {
    const fields = input.fields?.length ? input.fields : [{ field_name: '多行文本', type: 1 }];
    for (const f of fields) createField(rt, app, table, f);
  } catch (err) {
    removeTable(rt, app, table.table_id);
    throw err;
  }
  const view = newView(table, viewName, 'grid');
  table.views[view.view_id] = view;
  return table;
}

/**
 * Removes a table. Link and duplex-link fields in OTHER tables that point at it are deleted too,
 * as deleting a field would (cells, lookups built on them): Feishu documents no shape for a link
 * to a missing table, and a dangling `table_id` would break every later read of those records
 * (link cells, lookups, filters). Returns the other tables that changed, so the caller can bump
 * their revisions.
 */
export function removeTable(rt: Runtime, app: App, tableId: string): Table[] {
  delete app.tables[tableId];
  for (const role of Object.values(app.roles)) role.table_roles = role.table_roles.filter((r) => r.table_id !== tableId);
  const changed: Table[] = [];
  for (const other of Object.values(app.tables)) {
    // Link fields name their target table in `property.table_id`.
    const links = Object.values(other.fields).filter((f) => isLinkType(f.type) && (f.property as { table_id?: string } | null)?.table_id === tableId);
    // deleteField refuses a primary field; a link can only be one in odd fixtures, and must go all the same.
    for (const f of links) {
      if (f.is_primary) removeFieldEverywhere(app, other, f.field_id);
      else deleteField(rt, app, other, f);
    }
    if (links.length) changed.push(other);
  }
  return changed;
}

/** Drops a field with everything that refers to it: cells, auto numbers, form questions, role field permissions. */
export function removeFieldEverywhere(app: App, table: Table, fieldId: string): void {
  delete table.fields[fieldId];
  for (const role of Object.values(app.roles)) for (const tr of role.table_roles) if (tr.table_id === table.table_id && tr.field_perm) delete tr.field_perm[fieldId];
  delete table.autoNumbers[fieldId];
  for (const r of Object.values(table.records)) delete r.fields[fieldId];
  for (const v of Object.values(table.views)) if (v.form) delete v.form.questions[fieldId];
  // Views keep their hidden_fields and filters; their readers skip ids of fields that are gone.
  // A table always has a primary field, so the next one takes over if the removed one was it.
  const first = Object.values(table.fields)[0];
  if (first && !Object.values(table.fields).some((f) => f.is_primary)) first.is_primary = true;
}
