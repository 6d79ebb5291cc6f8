import { builder } from '../builder.js';
import { connectionType, feishuConnection } from './connection.js';
import { compositeKey, AppRef, TableRef, loadTable } from './refs.js';

/** A table of a base; lists and lookups load lazily, metadata from the base's table list. */
builder.node(TableRef, {
  description: 'A table of a Bitable base.',
  ...compositeKey('appToken', 'tableId'),
  fields: (t) => ({
    tableId: t.exposeString('tableId'),
    name: t.string({ nullable: true, resolve: async (table, _a, ctx) => (await loadTable(ctx, table)).name ?? null }),
    revision: t.int({ nullable: true, resolve: async (table, _a, ctx) => (await loadTable(ctx, table)).revision ?? null }),
    app: t.field({ nullable: false, type: AppRef, resolve: (table) => ({ appToken: table.appToken }) }),
  }),
});

export const TableConnection = connectionType('Table', TableRef);

builder.objectFields(AppRef, (t) => ({
  tables: t.field({
    type: TableConnection,
    nullable: false,
    description: 'The tables of the base (first: default 20, at most 100).',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (app, args, ctx) =>
      feishuConnection(args, {
        cap: 100,
        what: 'tables',
        fetch: (p) => ctx.feishu.bitable.listTables({ appToken: app.appToken, ...p }),
        node: (raw) => ({ appToken: app.appToken, tableId: raw.table_id, raw }),
      }),
  }),
  table: t.field({
    type: TableRef,
    nullable: true,
    description: 'A table by its table_id. Not fetched until a field needs it.',
    args: { tableId: t.arg.string({ required: true }) },
    resolve: (app, { tableId }) => ({ appToken: app.appToken, tableId }),
  }),
}));
