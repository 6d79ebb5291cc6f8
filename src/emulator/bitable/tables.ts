import { ApiError, paramError } from '../errors.js';
import { del, get, patch, post, type Route } from '../router.js';
import type { Runtime } from '../runtime.js';
import type { App, Table } from '../state.js';
import { BITABLE, findApp, findTable, optionalString, paginate, requireArray, tableOf, touch } from './common.js';
import type { FieldInput } from './fieldModel.js';
import { assertTableName, assertTableRoom, createTable, removeTable, type TableInput } from './tableModel.js';

/** Tables: list, create, batch_create, rename, delete, batch_delete (seed A12-A17, SDK `appTable`). */

const TABLES = `${BITABLE}/apps/:app_token/tables`;

/** A table as the body describes it (A14 `table`, A15 `tables[]`; the SDK adds default_view_name and fields). */
function tableInput(raw: unknown, where: string): TableInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw paramError(`${where} must be an object`);
  const t = raw as Record<string, unknown>;
  if (t.default_view_name !== undefined && typeof t.default_view_name !== 'string') throw paramError(`${where}.default_view_name must be a string`);
  if (t.fields !== undefined && !Array.isArray(t.fields)) throw paramError(`${where}.fields must be an array`);
  return { name: t.name as string, default_view_name: t.default_view_name as string | undefined, fields: t.fields as FieldInput[] | undefined };
}

/**
 * Creates tables all or nothing: names and room are checked for the whole batch first (a name
 * repeated inside the batch is a duplicate too), and a later failure removes the tables made so far.
 */
function createTables(rt: Runtime, app: App, inputs: TableInput[]): Table[] {
  assertTableRoom(app, inputs.length);
  const names = inputs.map((i) => assertTableName(app, i.name));
  if (new Set(names).size !== names.length) throw new ApiError(400, 1254013, 'TableNameDuplicated');
  const made: Table[] = [];
  try {
    for (const input of inputs) made.push(createTable(rt, app, input));
  } catch (err) {
    for (const t of made) removeTable(rt, app, t.table_id);
    throw err;
  }
  touch(app);
  return made;
}

/** Deletes tables all or nothing; the base keeps at least one (A16/A17: 1254034, HTTP 403). */
function deleteTables(rt: Runtime, app: App, ids: string[]): void {
  const unique = [...new Set(ids)];
  for (const id of unique) findTable(app, id);
  if (unique.length >= Object.keys(app.tables).length) throw new ApiError(403, 1254034, 'The last table cannot be deleted.');
  const changed = new Set<Table>();
  for (const id of unique) for (const t of removeTable(rt, app, id)) changed.add(t);
  // A table that was itself deleted later in the loop may have been collected before.
  for (const t of changed) if (app.tables[t.table_id]) t.revision++;
  touch(app);
}

export const tableRoutes: Route[] = [
  get(TABLES, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    // feishu-wire.md §3: default page 20; EMULATOR.md pins the max at 100.
    const page = paginate(ctx, Object.values(app.tables), { max: 100, def: 20 });
    return { has_more: page.has_more, page_token: page.page_token, total: page.total, items: page.items.map((t) => ({ table_id: t.table_id, revision: t.revision, name: t.name })) };
  }),

  post(TABLES, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    if (ctx.body?.table === undefined) throw paramError('table is required');
    const [table] = createTables(ctx.rt, app, [tableInput(ctx.body.table, 'table')]);
    // The seed shows only table_id; the SDK's answer type adds the other two.
    return { table_id: table.table_id, default_view_id: Object.keys(table.views)[0], field_id_list: Object.keys(table.fields) };
  }),

  post(`${TABLES}/batch_create`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    const inputs = requireArray(ctx.body, 'tables', { min: 1 }).map((t, i) => tableInput(t, `tables[${i}]`));
    return { table_ids: createTables(ctx.rt, app, inputs).map((t) => t.table_id) };
  }),

  patch(`${TABLES}/:table_id`, 'tenant-or-user', (ctx) => {
    const { app, table } = tableOf(ctx);
    const raw = optionalString(ctx.body, 'name');
    // A12: an empty name, or the current one, succeeds without changing anything.
    if (raw !== undefined && raw.trim() !== '' && raw.trim() !== table.name) {
      table.name = assertTableName(app, raw, table.table_id);
      touch(app, table);
    }
    return { name: table.name };
  }),

  del(`${TABLES}/:table_id`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    deleteTables(ctx.rt, app, [ctx.params.table_id]);
    return {};
  }),

  post(`${TABLES}/batch_delete`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    const ids = requireArray(ctx.body, 'table_ids', { min: 1 });
    if (ids.some((id) => typeof id !== 'string')) throw paramError('table_ids must hold strings');
    deleteTables(ctx.rt, app, ids as string[]);
    return {};
  }),
];
