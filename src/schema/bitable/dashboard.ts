import { builder } from '../builder.js';
import { connectionType, feishuConnection } from './connection.js';
import { compositeKey, AppRef, DashboardRef, loadDashboard } from './refs.js';

/** Dashboards of a base: Feishu lists them (block_id, name) and has no single read. */
builder.node(DashboardRef, {
  description: 'A dashboard of a Bitable base.',
  ...compositeKey('appToken', 'blockId'),
  fields: (t) => ({
    blockId: t.exposeString('blockId'),
    name: t.string({ nullable: true, resolve: async (d, _a, ctx) => (await loadDashboard(ctx, d)).name ?? null }),
    app: t.field({ type: AppRef, resolve: (d) => ({ appToken: d.appToken }) }),
  }),
});

export const DashboardConnection = connectionType('Dashboard', DashboardRef);

builder.objectFields(AppRef, (t) => ({
  dashboards: t.field({
    type: DashboardConnection,
    nullable: false,
    description: 'The dashboards of the base (first: default 20, at most 500).',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (app, args, ctx) =>
      feishuConnection(args, {
        cap: 500,
        what: 'dashboards',
        fetch: async (p) => {
          const page = await ctx.feishu.bitable.listDashboards({ appToken: app.appToken, ...p });
          return { ...page, items: page.dashboards };
        },
        node: (raw) => ({ appToken: app.appToken, blockId: raw.block_id, raw }),
      }),
  }),
  dashboard: t.field({
    type: DashboardRef,
    nullable: true,
    description: 'A dashboard by its block_id. Not fetched until a field needs it.',
    args: { blockId: t.arg.string({ required: true }) },
    resolve: (app, { blockId }) => ({ appToken: app.appToken, blockId }),
  }),
}));
