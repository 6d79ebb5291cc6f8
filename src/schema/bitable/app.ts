import { builder } from '../builder.js';
import { AppRef, loadApp } from './refs.js';

/** A Bitable base. `Query.app` returns its key; metadata loads once, on the first field asking. */
builder.node(AppRef, {
  description: 'A Bitable base (app).',
  id: { resolve: (app) => app.appToken },
  loadOne: (appToken) => ({ appToken }),
  fields: (t) => ({
    appToken: t.exposeString('appToken'),
    name: t.string({ nullable: true, resolve: async (app, _a, ctx) => (await loadApp(ctx, app)).name ?? null }),
    revision: t.int({ nullable: true, resolve: async (app, _a, ctx) => (await loadApp(ctx, app)).revision ?? null }),
    isAdvanced: t.boolean({ nullable: true, resolve: async (app, _a, ctx) => (await loadApp(ctx, app)).is_advanced ?? null }),
    timeZone: t.string({ nullable: true, resolve: async (app, _a, ctx) => (await loadApp(ctx, app)).time_zone ?? null }),
  }),
});

builder.queryField('app', (t) =>
  t.field({
    type: AppRef,
    nullable: true,
    description: 'A Bitable base by its app_token (from its URL). Not fetched until a field needs it.',
    args: { appToken: t.arg.string({ required: true }) },
    resolve: (_root, { appToken }) => ({ appToken }),
  }),
);
