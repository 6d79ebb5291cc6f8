import { newId } from '../ids.js';
import { get, post, put, type Route, type RouteContext } from '../router.js';
import type { App } from '../state.js';
import { BITABLE, findApp, optionalBoolean, optionalString, touch } from './common.js';
import { createTable } from './tableModel.js';

/** Apps (bases): get, update (incl. switching advanced permissions on), create and copy (feishu-wire.md §3). */

const appUrl = (ctx: RouteContext, app: App) => `${ctx.rt.publicUrl}/base/${app.app_token}`;

export function newApp(name: string, folderToken = '', timeZone = 'Asia/Shanghai', createdAt = Date.now()): App {
  return {
    app_token: newId.appToken(),
    name,
    revision: 1,
    folder_token: folderToken,
    time_zone: timeZone,
    is_advanced: false,
    created_at: createdAt,
    tables: {},
    dashboards: {},
    roles: {},
  };
}

export const appRoutes: Route[] = [
  get(`${BITABLE}/apps/:app_token`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    return { app: { app_token: app.app_token, name: app.name, revision: app.revision, is_advanced: app.is_advanced, time_zone: app.time_zone } };
  }),

  put(`${BITABLE}/apps/:app_token`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    const name = optionalString(ctx.body, 'name', 255);
    const advanced = optionalBoolean(ctx.body, 'is_advanced');
    if (name !== undefined) app.name = name;
    if (advanced !== undefined) app.is_advanced = advanced;
    touch(app);
    return { app: { app_token: app.app_token, name: app.name, is_advanced: app.is_advanced } };
  }),

  post(`${BITABLE}/apps`, 'tenant-or-user', (ctx) => {
    const name = optionalString(ctx.body, 'name', 255) ?? '';
    const app = newApp(name, optionalString(ctx.body, 'folder_token', 255) ?? '', optionalString(ctx.body, 'time_zone', 64) ?? 'Asia/Shanghai', ctx.rt.now());
    ctx.rt.state.apps[app.app_token] = app;
    const table = createTable(ctx.rt, app, { name: '数据表' });
    return {
      app: { app_token: app.app_token, name: app.name, revision: app.revision, folder_token: app.folder_token, url: appUrl(ctx, app), default_table_id: table.table_id, time_zone: app.time_zone },
    };
  }),

  post(`${BITABLE}/apps/:app_token/copy`, 'tenant-or-user', (ctx) => {
    const source = findApp(ctx.rt, ctx.params.app_token);
    const withoutContent = ctx.body?.without_content === true;
    const copy: App = structuredClone(source);
    copy.app_token = newId.appToken();
    copy.name = optionalString(ctx.body, 'name', 255) ?? source.name;
    copy.folder_token = optionalString(ctx.body, 'folder_token', 255) ?? source.folder_token;
    copy.time_zone = optionalString(ctx.body, 'time_zone', 64) ?? source.time_zone;
    copy.revision = 1;
    copy.created_at = ctx.rt.now();
    // Feishu copies structure only when asked, or when the base holds over 50,000 records.
    const records = Object.values(source.tables).reduce((n, t) => n + Object.keys(t.records).length, 0);
    if (withoutContent || records > 50_000) for (const t of Object.values(copy.tables)) t.records = {};
    ctx.rt.state.apps[copy.app_token] = copy;
    return { app: { app_token: copy.app_token, name: copy.name, revision: copy.revision, folder_token: copy.folder_token, url: appUrl(ctx, copy), time_zone: copy.time_zone } };
  }),
];
