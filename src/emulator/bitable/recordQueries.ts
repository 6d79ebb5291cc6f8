import { bitableError, paramError, type ApiError } from '../errors.js';
import { get, post, type Route, type RouteContext } from '../router.js';
import type { App, Field, StoredRecord, Table } from '../state.js';
import { BITABLE, fieldByName, fieldTypeByName, findView, flag, optionalString, paginate } from './common.js';
import type { FilterCell, FilterContext } from './filter/cell.js';
import { FieldType } from './fieldTypes.js';
import { compileFormulaFilter, type RecordPredicate } from './filter/formula.js';
import { matchesSearchFilter, searchConditionCount, validateSearchFilter, type SearchFilter } from './filter/search.js';
import { recordOut } from './recordModel.js';
import { accessTable, readOptions } from './recordRequest.js';
import { cellLookups, filterCell } from './values.js';
import { viewScope } from './viewScope.js';

/** Record queries: the legacy list with a formula filter (seed A30) and records/search with a JSON filter. */

const RECORDS = `${BITABLE}/apps/:app_token/tables/:table_id/records`;

/** EMULATOR.md "Limits": list and search pages hold at most 500 records, 20 by default. */
const PAGE = { max: 500, def: 20 };
/** Seed A30: sort at most 1,000 characters (1254108). The filter's 2,000 (1254107) is checked by filter/formula.ts. */
const MAX_SORT_CHARS = 1000;

interface SortKey { field: Field; desc: boolean }

/** Empty for sorting: an unchecked box is "empty" to the filters (filterCell) but sorts as 0, before checked ones. */
const blank = (c: FilterCell) => c.empty && c.type !== FieldType.Checkbox;

/**
 * Orders by each key in turn: numbers and dates numerically, checkboxes as 0/1, the rest by display
 * text; empty cells go last in either direction (where the web UI puts them). Ties keep table order.
 */
function sortRecords(app: App, table: Table, records: StoredRecord[], keys: SortKey[], ctx: RouteContext): StoredRecord[] {
  if (!keys.length) return records;
  const cx = { rt: ctx.rt, app };
  const rows = records.map((record) => ({ record, cells: keys.map((k) => filterCell(cx, table, k.field, record)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.cells[i];
      const y = b.cells[i];
      if (blank(x) !== blank(y)) return blank(x) ? 1 : -1;
      if (blank(x)) continue;
      const xn = x.date ?? x.number;
      const yn = y.date ?? y.number;
      const c = xn !== undefined && yn !== undefined ? xn - yn : x.text.localeCompare(y.text);
      if (c !== 0) return keys[i].desc ? -c : c;
    }
    return 0;
  });
  return rows.map((row) => row.record);
}

/** Records that pass `keep`, given each record's cells by field name. */
function filtered(app: App, table: Table, ctx: RouteContext, keep: RecordPredicate | undefined): StoredRecord[] {
  const all = Object.values(table.records);
  if (!keep) return all;
  const fctx: FilterContext = { now: ctx.rt.now(), timeZone: app.time_zone };
  const cellsOf = cellLookups({ rt: ctx.rt, app }, table);
  return all.filter((r) => keep(cellsOf(r), fctx));
}

/** A list-query parameter holding a JSON array of strings; anything else is answered with `error`. */
function jsonStrings(raw: string, error: ApiError): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw error;
  }
  if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) throw error;
  return value;
}

/** `field_names` of the list query: a JSON array of names (1254024 InvalidFieldNames when not). */
function listFieldNames(table: Table, raw: string | null): Field[] | undefined {
  if (!raw) return undefined;
  const names = jsonStrings(raw, bitableError(1254024, 'InvalidFieldNames: field_names must be a JSON array of field names'));
  return names.length ? names.map((n) => fieldByName(table, n)) : undefined;
}

/** `sort` of the list query: a JSON array of "Field DESC" / "Field ASC" / "Field" (ascending). */
function listSort(table: Table, raw: string | null): SortKey[] {
  if (!raw) return [];
  if ([...raw].length > MAX_SORT_CHARS) throw bitableError(1254108, `SortLengthExceedLimit: at most ${MAX_SORT_CHARS} characters`);
  const items = jsonStrings(raw, bitableError(1254016, 'InvalidSort: sort must be a JSON array like ["Field DESC"]'));
  return items.map((s) => {
    const m = /^(.*?)(?:\s+(ASC|DESC))?$/i.exec(s.trim())!;
    return { field: fieldByName(table, m[1]), desc: m[2]?.toUpperCase() === 'DESC' };
  });
}

function searchFieldNames(table: Table, raw: unknown): Field[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.some((n) => typeof n !== 'string') || raw.length > 200) throw paramError('field_names must be an array of at most 200 field names');
  return raw.length ? raw.map((n) => fieldByName(table, n)) : undefined;
}

function searchSort(table: Table, raw: unknown): SortKey[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > 100) throw paramError('sort must be an array of at most 100 {field_name, desc}');
  return raw.map((s, i) => {
    const { field_name, desc } = (s ?? {}) as Record<string, unknown>;
    if (typeof field_name !== 'string' || (desc !== undefined && typeof desc !== 'boolean')) throw paramError(`sort[${i}] must be {field_name: string, desc?: boolean}`);
    return { field: fieldByName(table, field_name), desc: desc === true };
  });
}


/** A record predicate running a search filter (a search body's, or a view's). */
function searchKeep(filter: SearchFilter | undefined): RecordPredicate | undefined {
  return filter ? (cellOf, fctx) => matchesSearchFilter(filter, cellOf, fctx) : undefined;
}

export const recordQueryRoutes: Route[] = [
  get(RECORDS, 'tenant-or-user', (ctx) => {
    const { app, table } = accessTable(ctx, 'read');
    const viewId = ctx.query.get('view_id');
    const view = viewId ? findView(table, viewId) : undefined;
    const filter = ctx.query.get('filter');
    const formula = filter ? compileFormulaFilter(filter, { hasField: (n) => fieldTypeByName(table)(n) !== undefined }) : undefined;
    const sort = listSort(table, ctx.query.get('sort'));
    const only = listFieldNames(table, ctx.query.get('field_names'));
    // Seed A30: "如filter或sort有值, view_id会被忽略" (viewScope.ts).
    const scope = view && !filter && sort.length === 0 ? viewScope(table, view) : {};
    const keep = formula ?? searchKeep(scope.filter);
    const records = sortRecords(app, table, filtered(app, table, ctx, keep), sort, ctx);
    const page = paginate(ctx, records, PAGE);
    const opts = { ...readOptions(ctx, 'list'), automatic: flag(ctx, 'automatic_fields'), only: only ?? scope.visible };
    return { ...page, items: page.items.map((r) => recordOut({ rt: ctx.rt, app }, table, r, opts)) };
  }),

  post(`${RECORDS}/search`, 'tenant-or-user', (ctx) => {
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw paramError('the body must be an object');
    const { app, table } = accessTable(ctx, 'read');
    const viewId = optionalString(body, 'view_id');
    const view = viewId ? findView(table, viewId) : undefined;
    const only = searchFieldNames(table, body.field_names);
    const sort = searchSort(table, body.sort);
    const filter = body.filter === undefined || body.filter === null ? undefined : validateSearchFilter(body.filter, fieldTypeByName(table));
    const automatic = body.automatic_fields === true;
    // 查询记录: "当 filter 参数 或 sort 参数不为空时 ... 指定的 view_id 会被忽略" (viewScope.ts). A filter
    // without any condition is empty: it narrows nothing, so the view still applies.
    const filterGiven = filter !== undefined && searchConditionCount(filter) > 0;
    const scope = view && !filterGiven && sort.length === 0 ? viewScope(table, view) : {};
    const keep = searchKeep(filterGiven ? filter : scope.filter);
    const records = sortRecords(app, table, filtered(app, table, ctx, keep), sort, ctx);
    const page = paginate(ctx, records, PAGE);
    const opts = { ...readOptions(ctx, 'search'), automatic, only: only ?? scope.visible };
    const data: Record<string, unknown> = { items: page.items.map((r) => recordOut({ rt: ctx.rt, app }, table, r, opts)), has_more: page.has_more, total: page.total };
    // feishu-wire.md §3: search returns page_token only while has_more.
    if (page.has_more) data.page_token = page.page_token;
    return data;
  }),
];
