import { newId } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { App, Table } from '../state.js';
import { createField, type FieldInput } from './fieldModel.js';

export interface TableInput {
  name: string;
  default_view_name?: string;
  fields?: FieldInput[];
}

/**
 * A new table as Feishu makes one: the given fields (the first is the primary field) or a single
 * text field, and one grid view. (The tables work adds the limits and name checks.)
 */
export function createTable(rt: Runtime, app: App, input: TableInput): Table {
  const table: Table = { table_id: newId.table(), name: input.name, revision: 1, fields: {}, views: {}, records: {}, autoNumbers: {} };
  app.tables[table.table_id] = table;
  const fields = input.fields?.length ? input.fields : [{ field_name: '多行文本', type: 1 }];
  for (const f of fields) createField(rt, app, table, f);
  const view_id = newId.view();
  table.views[view_id] = { view_id, view_name: input.default_view_name || '表格', view_type: 'grid', property: null };
  return table;
}
