import { gatewayError } from '../errors.js';
import { builder } from '../builder.js';
import { connectionType, feishuConnection } from './connection.js';
import { RecordConnection, recordsArgs, recordsConnection } from './record.js';
import { compositeKey, TableRef, ViewRef, loadView } from './refs.js';

const VIEW_TYPES = { grid: 'GRID', kanban: 'KANBAN', gallery: 'GALLERY', gantt: 'GANTT', form: 'FORM' } as const;

export const ViewType = builder.enumType('ViewType', { values: ['GRID', 'KANBAN', 'GALLERY', 'GANTT', 'FORM'] as const });

builder.node(ViewRef, {
  description: 'A view of a table.',
  ...compositeKey('appToken', 'tableId', 'viewId'),
  fields: (t) => ({
    viewId: t.exposeString('viewId'),
    name: t.string({ nullable: true, resolve: async (v, _a, ctx) => (await loadView(ctx, v)).view_name ?? null }),
    type: t.field({
      type: ViewType,
      nullable: false,
      resolve: async (v, _a, ctx) => {
        const raw = (await loadView(ctx, v)).view_type ?? '';
        const type = VIEW_TYPES[raw as keyof typeof VIEW_TYPES];
        if (!type) throw gatewayError('UPSTREAM_ERROR', `Feishu returned an unknown view type ${JSON.stringify(raw)}`);
        return type;
      },
    }),
    property: t.field({ type: 'JSON', nullable: true, resolve: async (v, _a, ctx) => (await loadView(ctx, v)).property ?? null }),
    table: t.field({ type: TableRef, resolve: (v) => ({ appToken: v.appToken, tableId: v.tableId }) }),
    records: t.field({
      type: RecordConnection,
      nullable: false,
      description: "The records as this view filters and orders them (Table.records with this viewId).",
      args: recordsArgs(t.arg),
      resolve: (v, args, ctx, info) => recordsConnection(ctx, info, v.appToken, v.tableId, { ...args, viewId: v.viewId }),
    }),
  }),
});

export const ViewConnection = connectionType('View', ViewRef);

builder.objectFields(TableRef, (t) => ({
  views: t.field({
    type: ViewConnection,
    nullable: false,
    description: 'The views of the table (first: default 20, at most 100).',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (table, args, ctx) =>
      feishuConnection(args, {
        cap: 100,
        what: 'views',
        fetch: (p) => ctx.feishu.bitable.listViews({ appToken: table.appToken, tableId: table.tableId, ...p }),
        node: (raw) => ({ appToken: table.appToken, tableId: table.tableId, viewId: raw.view_id, raw }),
      }),
  }),
  view: t.field({
    type: ViewRef,
    nullable: true,
    description: 'A view by its view_id. Not fetched until a field needs it.',
    args: { viewId: t.arg.string({ required: true }) },
    resolve: (table, { viewId }) => ({ appToken: table.appToken, tableId: table.tableId, viewId }),
  }),
}));
