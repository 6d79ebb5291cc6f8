import { ApiError, bitableError, paramError } from '../errors.js';
import { newId } from '../ids.js';
import { del, get, patch, post, type Route, type RouteContext } from '../router.js';
import type { Table } from '../state.js';
import { BITABLE, findField, findView, paginate, tableKey, tableOf, touch } from './common.js';
import { SEARCH_MAX_CONDITIONS, SEARCH_OPERATORS } from './filter/search.js';
import { assertViewName, MAX_VIEWS, newView, VIEW_TYPES, viewOut, type StoredCondition, type ViewProperty } from './viewModel.js';

/** Views: list, get, create, patch, delete (seed A20-A24, SDK `appTableView`). */

const VIEWS = `${BITABLE}/apps/:app_token/tables/:table_id/views`;
const lock = { lock: tableKey };

/** A view's conditions are run by the search filter (viewScope.ts), so they take its operators. */
const OPERATORS: ReadonlySet<string> = new Set(SEARCH_OPERATORS);

// The patch page (A20) documents its Bitable codes with HTTP 400.
const invalidFilter = (why: string) => new ApiError(400, 1254018, `InvalidFilter: ${why}`);

/** A20 `property.filter_info`: conjunction and conditions (at most 50), each on an existing field. */
function filterInfo(table: Table, raw: any): ViewProperty['filter_info'] {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidFilter('filter_info must be an object');
  if (raw.conjunction !== 'and' && raw.conjunction !== 'or') throw invalidFilter('conjunction must be and or or');
  if (!Array.isArray(raw.conditions)) throw invalidFilter('conditions must be an array');
  if (raw.conditions.length > SEARCH_MAX_CONDITIONS) throw paramError(`filter_info.conditions must hold at most ${SEARCH_MAX_CONDITIONS} items`);
  const conditions = raw.conditions.map((c: any): StoredCondition => {
    if (typeof c?.field_id !== 'string') throw invalidFilter('each condition needs a field_id');
    findField(table, c.field_id);
    if (!OPERATORS.has(c.operator)) throw invalidFilter(`unknown operator ${c.operator}`);
    if (c.value !== undefined && c.value !== null && typeof c.value !== 'string') throw invalidFilter('value must be a string (a JSON array of values)');
    const stored: StoredCondition = { condition_id: newId.condition(), field_id: c.field_id, operator: c.operator };
    if (typeof c.value === 'string') stored.value = c.value;
    return stored;
  });
  return { conjunction: raw.conjunction, conditions };
}

/** A20 `property.hidden_fields`: at most 100 ids of existing fields; null or [] shows every field. */
function hiddenFields(table: Table, raw: unknown): string[] | null {
  if (raw === null) return null;
  if (!Array.isArray(raw) || raw.some((id) => typeof id !== 'string')) throw paramError('hidden_fields must be an array of field ids');
  if (raw.length > 100) throw paramError('hidden_fields must hold at most 100 items');
  for (const id of raw) findField(table, id);
  return raw.length ? [...new Set(raw as string[])] : null;
}

/** A patch's `property` applied to the view's: only the keys sent change (the patch is incremental, A20). */
function patchedProperty(table: Table, current: Record<string, unknown> | null, raw: any): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw paramError('property must be an object');
  const next: ViewProperty = { ...((current ?? {}) as ViewProperty) };
  if (raw.filter_info !== undefined) next.filter_info = filterInfo(table, raw.filter_info);
  if (raw.hidden_fields !== undefined) next.hidden_fields = hiddenFields(table, raw.hidden_fields);
  if (raw.hierarchy_config !== undefined) {
    const id = raw.hierarchy_config?.field_id;
    if (id === undefined || id === '') next.hierarchy_config = null;
    else if (typeof id !== 'string') throw paramError('hierarchy_config.field_id must be a string');
    else next.hierarchy_config = { field_id: findField(table, id).field_id };
  }
  return next as Record<string, unknown>;
}

/** A write to a table's views: serialised per table; once it succeeds the base and table revisions bump. */
function viewWrite(route: typeof post, path: string, write: (ctx: RouteContext, table: Table) => unknown): Route {
  return route(
    path,
    'tenant-or-user',
    (ctx) => {
      const { app, table } = tableOf(ctx);
      const out = write(ctx, table);
      touch(app, table);
      return out;
    },
    lock,
  );
}

export const viewRoutes: Route[] = [
  get(VIEWS, 'tenant-or-user', (ctx) => {
    const { table } = tableOf(ctx);
    // Default 20 as the official page gives; EMULATOR.md pins the max at 100.
    const page = paginate(ctx, Object.values(table.views), { max: 100, def: 20 });
    return { items: page.items.map((v) => viewOut(table, v)), page_token: page.page_token, has_more: page.has_more, total: page.total };
  }),

  get(`${VIEWS}/:view_id`, 'tenant-or-user', (ctx) => {
    const { table } = tableOf(ctx);
    return { view: viewOut(table, findView(table, ctx.params.view_id)) };
  }),

  viewWrite(post, VIEWS, (ctx, table) => {
    const name = assertViewName(ctx.body?.view_name, { table });
    const type = ctx.body?.view_type ?? 'grid';
    if (!VIEW_TYPES.includes(type)) throw bitableError(1254019, `InvalidViewType: ${type}`);
    if (Object.keys(table.views).length >= MAX_VIEWS) throw bitableError(1254101, `ViewExceedLimit: at most ${MAX_VIEWS} views a table`);
    const view = newView(table, name, type);
    table.views[view.view_id] = view;
    return { view: viewOut(table, view) };
  }),

  viewWrite(patch, `${VIEWS}/:view_id`, (ctx, table) => {
    const view = findView(table, ctx.params.view_id);
    // Validate everything before changing anything, so a refused patch leaves the view as it was.
    const name = ctx.body?.view_name === undefined ? undefined : assertViewName(ctx.body.view_name, { table, selfId: view.view_id, status: 400 });
    const property = ctx.body?.property === undefined ? view.property : patchedProperty(table, view.property, ctx.body.property);
    if (name !== undefined) view.view_name = name;
    view.property = property;
    return { view: viewOut(table, view) };
  }),

  viewWrite(del, `${VIEWS}/:view_id`, (ctx, table) => {
    findView(table, ctx.params.view_id);
    if (Object.keys(table.views).length === 1) throw bitableError(1254023, 'LastViewDeleteForbidden');
    delete table.views[ctx.params.view_id];
    return {};
  }),
];
