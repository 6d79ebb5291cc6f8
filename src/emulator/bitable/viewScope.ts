import { ApiError } from '../errors.js';
import type { Field, Table, View } from '../state.js';
import { fieldTypeByName } from './common.js';
import { validateSearchFilter, type SearchCondition, type SearchFilter } from './filter/search.js';
import { FieldType } from './fieldTypes.js';
import type { ViewProperty } from './viewModel.js';

/**
 * What `view_id` contributes to `GET records` (seed A30) and `POST records/search`.
 *
 * - The view's filter (`property.filter_info` as views.ts stores it: conditions on field ids,
 *   each value a JSON array in a string, seed A20) is run by the search filter evaluator
 *   (filter/search.ts), so a view condition means what the same condition means in a search body.
 * - The view's hidden fields (`property.hidden_fields`) are left out of `fields`, unless the
 *   request's `field_names` names them (`field_names` always decides which fields come back).
 * - Views hold no sort here (the Open API has no way to set one, A20-A23): records keep table order.
 * - The view is ignored entirely, filter and hidden fields alike, when the request has a filter or
 *   a sort of its own: seed A30 "如filter或sort有值, view_id会被忽略"; the official 查询记录 page
 *   says the same of search ("当 filter 参数 或 sort 参数不为空时，请求视为对数据表中的全部数据做条件过滤，
 *   指定的 view_id 会被忽略"). The caller decides that; an unknown view_id is refused either way.
 * - A stored condition the evaluator cannot apply is left out rather than failing every read of the
 *   view: its field was deleted since, it is a formula or lookup field (which search filters refuse),
 *   or its value does not suit the field type. The web UI likewise ignores a condition it cannot use.
 *   One adaptation: a single select `is` / `isNot` with several options (the UI's "is any of")
 *   becomes `contains` / `doesNotContain`. Option values may be option ids or names.
 */
interface ViewScope {
  /** The view's filter as a search filter; undefined when it has no (usable) condition. */
  filter?: SearchFilter;
  /** The fields the view shows, in table order; undefined when it hides none. */
  visible?: Field[];
}

/** A stored condition value: '["a","b"]' -> ["a", "b"]; a bare string that is not JSON counts as one value. */
function valuesOf(raw: string | undefined): string[] {
  if (raw === undefined || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [raw];
  }
  if (Array.isArray(parsed)) return parsed.filter((v) => v !== null && v !== undefined).map(String);
  return parsed === null ? [] : [String(parsed)];
}

function adapt(field: Field, operator: string, raw: string[]): SearchCondition {
  let op = operator;
  // isEmpty / isNotEmpty take "value": [] in a search body; a view may have kept a value from before.
  const value = op === 'isEmpty' || op === 'isNotEmpty' ? [] : raw;
  if (field.type === FieldType.SingleSelect && value.length > 1) {
    if (op === 'is') op = 'contains';
    else if (op === 'isNot') op = 'doesNotContain';
  }
  return { field_name: field.field_name, operator: op as SearchCondition['operator'], value };
}

/** Whether the search evaluator accepts the condition for this table (checked alone, so one bad condition drops only itself). */
function usable(typeOf: (name: string) => number | undefined, cond: SearchCondition): boolean {
  try {
    validateSearchFilter({ conjunction: 'and', conditions: [cond] }, typeOf);
    return true;
  } catch (e) {
    if (e instanceof ApiError) return false;
    throw e;
  }
}

export function viewScope(table: Table, view: View): ViewScope {
  const p = (view.property ?? {}) as ViewProperty;
  const scope: ViewScope = {};
  const info = p.filter_info;
  if (info) {
    const typeOf = fieldTypeByName(table);
    const conditions = info.conditions.flatMap((c) => {
      const field = table.fields[c.field_id];
      if (!field) return [];
      const cond = adapt(field, c.operator, valuesOf(c.value));
      return usable(typeOf, cond) ? [cond] : [];
    });
    if (conditions.length) scope.filter = { conjunction: info.conjunction, conditions, children: [] };
  }
  const hidden = new Set(p.hidden_fields ?? []);
  if (hidden.size) scope.visible = Object.values(table.fields).filter((f) => !hidden.has(f.field_id));
  return scope;
}
