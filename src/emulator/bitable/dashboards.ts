import { ApiError } from '../errors.js';
import { newId } from '../ids.js';
import { get, post, type Route } from '../router.js';
import type { App, Dashboard } from '../state.js';
import { BITABLE, findApp, paginate, requireString, touch } from './common.js';

/** Dashboards: list and copy (seed A18/A19, SDK `appDashboard`). The Open API cannot create one, so fixtures use addDashboard. */

const DASHBOARDS = `${BITABLE}/apps/:app_token/dashboards`;

/**
 * A dashboard name as A18 states it: no `[` or `]`, at most 100 characters (1254038), unlike the
 * base's other dashboards (1254039). The page documents both with HTTP 400.
 */
function assertDashboardName(app: App, raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 100 || /[[\]]/.test(raw)) {
    throw new ApiError(400, 1254038, 'Invalid name, make sure that it complies with the specification.');
  }
  if (Object.values(app.dashboards).some((d) => d.name === raw)) throw new ApiError(400, 1254039, 'Duplicated name, use another name instead.');
  return raw;
}

/** Adds a dashboard to a base (fixtures and tests: Feishu makes dashboards only in its UI). */
export function addDashboard(app: App, name: string): Dashboard {
  const dashboard: Dashboard = { block_id: newId.dashboard(), name: assertDashboardName(app, name) };
  app.dashboards[dashboard.block_id] = dashboard;
  return dashboard;
}

export const dashboardRoutes: Route[] = [
  get(DASHBOARDS, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    // feishu-wire.md §3 and A19: at most 500 a page; the default follows the other Bitable lists.
    const page = paginate(ctx, Object.values(app.dashboards), { max: 500, def: 20 });
    return { dashboards: page.items.map((d) => ({ block_id: d.block_id, name: d.name })), page_token: page.page_token, has_more: page.has_more, total: page.total };
  }),

  post(`${DASHBOARDS}/:block_id/copy`, 'tenant-or-user', (ctx) => {
    const app = findApp(ctx.rt, ctx.params.app_token);
    if (!app.dashboards[ctx.params.block_id]) throw new ApiError(404, 1254050, 'Source block is not found.');
    const copy = addDashboard(app, requireString(ctx.body, 'name'));
    touch(app);
    return { block_id: copy.block_id, name: copy.name };
  }),
];
