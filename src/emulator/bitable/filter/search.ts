/**
 * The JSON filter of `POST …/records/search` (feishu-wire.md §3; official 记录筛选参数填写说明,
 * open.feishu.cn/document/docs/bitable-v1/app-table-record/record-filter-guide).
 *
 * Errors, by who would answer them on Feishu:
 * - The shape the API schema declares (types, required `field_name`/`operator`, `conditions` <= 50
 *   per list, `value` <= 10 items, length caps on strings) is checked by the gateway:
 *   `paramError` (HTTP 400, 99992402 "field validation failed").
 * - What the filter means is checked by Bitable: 1254018 InvalidFilter, naming the place
 *   (`filter.children[0].conditions[1]`) and the problem: missing or unknown `conjunction`
 *   (required although the schema marks it optional), nested `children`, more than 50 conditions in
 *   all, unknown or unsupported (`like`, `in`) operators, missing `value` (`"value": []` is
 *   required even for isEmpty), and the per-type rules of the guide.
 * - A field name the table does not have: 1254045 FieldNameNotFound.
 *
 * Matching decisions where the guide is silent:
 * - Text `is` is exact (case-sensitive); `contains` ignores case. Text-like fields (text, phone,
 *   link, location, auto number, numbers) accept 0 or 1 value; with `[]` the condition is ignored,
 *   as Feishu's UI ignores a condition that has no value yet.
 * - Number fields compare numerically ("10000.0" is 10000); text fields order by code point, as
 *   text ("10" < "9"), so that isGreater/is/isLess never disagree.
 * - Single/multi select match option names (or option ids); persons, groups, links match ids.
 *   `is`/`isNot` take exactly one value and mean "the cell holds exactly that one"; `contains`
 *   means "holds any of", `doesNotContain` "holds none of".
 * - Dates compare by day in the base's time zone. Weeks start on Monday (seed A04's 本周 uses
 *   WEEKDAY(TODAY(),2)). TheLastWeek/TheNextWeek are the 7 days ending/starting today and
 *   TheLastMonth/TheNextMonth the 30 days, today included, as seed A04's 过去N天/未来N天 formulas.
 * - An empty cell satisfies isEmpty, isNot and doesNotContain, and no other operator.
 * - Formula (20) and lookup (19) fields are refused, as the guide says ("暂不支持公式或查找引用").
 */
import { bitableError, paramError } from '../../errors.js';
import { compareText, numberOfText, type CellLookup, type FilterCell, type FilterContext } from './cell.js';
import { dayFromYmd, dayOf, mondayIndex, todayOf, ymdOf } from './days.js';

export const SEARCH_OPERATORS = [
  'is',
  'isNot',
  'contains',
  'doesNotContain',
  'isEmpty',
  'isNotEmpty',
  'isGreater',
  'isGreaterEqual',
  'isLess',
  'isLessEqual',
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export interface SearchCondition {
  field_name: string;
  operator: SearchOperator;
  value: string[];
}

export interface SearchFilterGroup {
  conjunction: 'and' | 'or';
  conditions: SearchCondition[];
}

export interface SearchFilter extends SearchFilterGroup {
  children: SearchFilterGroup[];
}

/** Per `conditions` list (schema) and, by this emulator, in the whole filter (EMULATOR.md). */
export const SEARCH_MAX_CONDITIONS = 50;
const SEARCH_MAX_VALUES = 10;

const DATE_KEYWORDS = [
  'ExactDate',
  'Today',
  'Tomorrow',
  'Yesterday',
  'CurrentWeek',
  'LastWeek',
  'CurrentMonth',
  'LastMonth',
  'TheLastWeek',
  'TheNextWeek',
  'TheLastMonth',
  'TheNextMonth',
] as const;
/** The guide allows these only with `is`: they name a span of days, not a day. */
const SPAN_KEYWORDS = new Set<string>(DATE_KEYWORDS.slice(4));

const invalid = (msg: string) => bitableError(1254018, `InvalidFilter: ${msg}`);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Shape and meaning, without the table

/**
 * Checks a `filter` body and returns it typed. With `fieldTypeOf` (field name -> Feishu type, or
 * undefined when the table has no such field) it also applies the per-type rules now, so a bad
 * filter fails even when no record would be compared.
 */
export function validateSearchFilter(filter: unknown, fieldTypeOf?: (name: string) => number | undefined): SearchFilter {
  if (!isObject(filter)) throw paramError('filter must be an object');
  const top = readGroup(filter, 'filter');
  const children: SearchFilterGroup[] = [];
  if (filter.children !== undefined && filter.children !== null) {
    if (!Array.isArray(filter.children)) throw paramError('filter.children must be an array');
    filter.children.forEach((child, i) => {
      const path = `filter.children[${i}]`;
      if (!isObject(child)) throw paramError(`${path} must be an object`);
      if (Array.isArray(child.children) ? child.children.length > 0 : child.children !== undefined && child.children !== null) {
        throw invalid(`${path}.children: only one level of children is supported`);
      }
      children.push(readGroup(child, path));
    });
  }
  const result: SearchFilter = { ...top, children };
  const total = searchConditionCount(result);
  if (total > SEARCH_MAX_CONDITIONS) {
    throw invalid(`the filter has ${total} conditions, at most ${SEARCH_MAX_CONDITIONS} are allowed`);
  }
  if (fieldTypeOf) {
    forEachCondition(result, (cond, path) => {
      const type = fieldTypeOf(cond.field_name);
      if (type === undefined) throw fieldNotFound(cond.field_name);
      checkForType(cond, type, path);
    });
  }
  return result;
}

/** How many conditions a filter holds, its children's included (0: the filter narrows nothing). */
export const searchConditionCount = (f: SearchFilter): number => f.conditions.length + f.children.reduce((n, c) => n + c.conditions.length, 0);

function readGroup(obj: Record<string, unknown>, path: string): SearchFilterGroup {
  const conjunction = obj.conjunction;
  if (conjunction === undefined || conjunction === null || conjunction === '') {
    throw invalid(`${path}.conjunction is required ("and" or "or")`);
  }
  if (typeof conjunction !== 'string') throw paramError(`${path}.conjunction must be a string`);
  if (conjunction !== 'and' && conjunction !== 'or') {
    throw invalid(`${path}.conjunction must be "and" or "or", got "${conjunction}"`);
  }
  const conditions: SearchCondition[] = [];
  if (obj.conditions !== undefined && obj.conditions !== null) {
    if (!Array.isArray(obj.conditions)) throw paramError(`${path}.conditions must be an array`);
    if (obj.conditions.length > SEARCH_MAX_CONDITIONS) {
      throw paramError(`${path}.conditions has ${obj.conditions.length} items, at most ${SEARCH_MAX_CONDITIONS} are allowed`);
    }
    obj.conditions.forEach((c, i) => conditions.push(readCondition(c, `${path}.conditions[${i}]`)));
  }
  return { conjunction, conditions };
}

function readCondition(c: unknown, path: string): SearchCondition {
  if (!isObject(c)) throw paramError(`${path} must be an object`);
  const { field_name, operator, value } = c;
  if (typeof field_name !== 'string') throw paramError(`${path}.field_name is required and must be a string`);
  if (field_name.length > 1000) throw paramError(`${path}.field_name is longer than 1000 characters`);
  if (typeof operator !== 'string') throw paramError(`${path}.operator is required and must be a string`);
  if (operator === 'like' || operator === 'in') throw invalid(`${path}.operator "${operator}" is not supported yet`);
  if (!(SEARCH_OPERATORS as readonly string[]).includes(operator)) {
    throw invalid(`${path}.operator "${operator}" is not one of ${SEARCH_OPERATORS.join(', ')}`);
  }
  const op = operator as SearchOperator;
  // The guide: "当 value 填空值 [] 时,请确保按照 "value":[] 格式传入 value,否则将报缺失 value 值的错误".
  if (value === undefined || value === null) throw invalid(`${path}.value is missing; write "value": [] when there is no value`);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw paramError(`${path}.value must be an array of strings`);
  if (value.length > SEARCH_MAX_VALUES) throw paramError(`${path}.value has ${value.length} items, at most ${SEARCH_MAX_VALUES} are allowed`);
  if ((op === 'isEmpty' || op === 'isNotEmpty') && value.length > 0) throw invalid(`${path}: ${op} needs "value": []`);
  return { field_name, operator: op, value: value as string[] };
}

function forEachCondition(filter: SearchFilter, visit: (cond: SearchCondition, path: string) => void): void {
  filter.conditions.forEach((c, i) => visit(c, `filter.conditions[${i}]`));
  filter.children.forEach((g, j) => g.conditions.forEach((c, i) => visit(c, `filter.children[${j}].conditions[${i}]`)));
}

const fieldNotFound = (name: string) => bitableError(1254045, `FieldNameNotFound: ${name}`);

// ---------------------------------------------------------------------------------------------
// Per-type rules of the guide's 字段目标值(value)填写说明 table

type Kind = 'text' | 'number' | 'option' | 'member' | 'date' | 'checkbox' | 'attachment' | 'unfilterable';

function kindOf(type: number): Kind {
  switch (type) {
    case 2:
      return 'number';
    case 3:
    case 4:
      return 'option';
    case 11:
    case 18:
    case 21:
    case 23:
    case 1003:
    case 1004:
      return 'member';
    case 5:
    case 1001:
    case 1002:
      return 'date';
    case 7:
      return 'checkbox';
    case 17:
      return 'attachment';
    case 19:
    case 20:
      return 'unfilterable';
    default:
      // Text, barcode, email, phone, hyperlink, location, auto number and types this emulator
      // does not model: compared by their display text.
      return 'text';
  }
}

const ORDERING = new Set<SearchOperator>(['isGreater', 'isGreaterEqual', 'isLess', 'isLessEqual']);
const DATE_OPERATORS = new Set<SearchOperator>(['is', 'isEmpty', 'isNotEmpty', 'isGreater', 'isLess']);

/**
 * The field type each condition has passed checkForType with. Matching checks a condition against
 * the type of the cell it meets, but only once per condition and type, not once per record.
 */
const checkedType = new WeakMap<SearchCondition, number>();

function checkForType(cond: SearchCondition, type: number, path: string): void {
  if (checkedType.get(cond) === type) return;
  checkTypeRules(cond, type, path);
  checkedType.set(cond, type);
}

function checkTypeRules(cond: SearchCondition, type: number, path: string): void {
  const { operator: op, value } = cond;
  const where = `${path} (field "${cond.field_name}")`;
  const emptiness = op === 'isEmpty' || op === 'isNotEmpty';
  const kind = kindOf(type);
  switch (kind) {
    case 'unfilterable':
      throw invalid(`${where}: formula and lookup fields cannot be used in a filter`);
    case 'attachment':
      if (!emptiness) throw invalid(`${where}: attachment fields only support isEmpty and isNotEmpty`);
      return;
    case 'checkbox':
      if (op !== 'is') throw invalid(`${where}: checkbox fields only support is`);
      if (value.length !== 1 || (value[0] !== 'true' && value[0] !== 'false')) {
        throw invalid(`${where}: a checkbox value is ["true"] or ["false"]`);
      }
      return;
    case 'text':
    case 'number':
      if (value.length > 1) throw invalid(`${where}: this field type takes at most one value`);
      if (kind === 'number' && value.length === 1 && numberOfText(value[0]!) === undefined) {
        throw invalid(`${where}: "${value[0]}" is not a number`);
      }
      return;
    case 'option':
    case 'member':
      if (ORDERING.has(op)) throw invalid(`${where}: ${op} does not apply to this field type`);
      if ((op === 'is' || op === 'isNot') && value.length !== 1) throw invalid(`${where}: ${op} takes exactly one value`);
      return;
    case 'date':
      if (!DATE_OPERATORS.has(op)) throw invalid(`${where}: date fields only support is, isEmpty, isNotEmpty, isGreater and isLess`);
      if (emptiness) return;
      checkDateValue(value, op, where);
      return;
  }
}

function checkDateValue(value: string[], op: SearchOperator, where: string): void {
  const keyword = value[0];
  if (keyword === undefined || !(DATE_KEYWORDS as readonly string[]).includes(keyword)) {
    throw invalid(`${where}: a date value starts with one of ${DATE_KEYWORDS.join(', ')}`);
  }
  if (keyword === 'ExactDate') {
    if (value.length !== 2 || !/^-?\d+$/.test(value[1]!)) {
      throw invalid(`${where}: ExactDate takes a timestamp in milliseconds, e.g. ["ExactDate","1702449755000"]`);
    }
    return;
  }
  if (value.length !== 1) throw invalid(`${where}: ${keyword} takes no second element`);
  if (SPAN_KEYWORDS.has(keyword) && op !== 'is') throw invalid(`${where}: ${keyword} only supports the is operator`);
}

// ---------------------------------------------------------------------------------------------
// Matching one record

/**
 * Whether the record whose cells `cellOf` gives matches a validated filter. Per-type rules are
 * enforced here too (with the cell's type, once per condition: checkForType), so a filter
 * validated without `fieldTypeOf` still answers 1254018 / 1254045 rather than a wrong result.
 */
export function matchesSearchFilter(filter: SearchFilter, cellOf: CellLookup, ctx: FilterContext): boolean {
  const group = (g: SearchFilterGroup, path: string): boolean[] =>
    g.conditions.map((c, i) => matchCondition(c, cellOf, ctx, `${path}.conditions[${i}]`));
  const results = [...group(filter, 'filter'), ...filter.children.map((g, j) => combine(g.conjunction, group(g, `filter.children[${j}]`)))];
  return combine(filter.conjunction, results);
}

/** A group without conditions does not narrow the result, whatever its conjunction. */
function combine(conjunction: 'and' | 'or', results: boolean[]): boolean {
  if (results.length === 0) return true;
  return conjunction === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function matchCondition(cond: SearchCondition, cellOf: CellLookup, ctx: FilterContext, path: string): boolean {
  const cell = cellOf(cond.field_name);
  if (!cell) throw fieldNotFound(cond.field_name);
  checkForType(cond, cell.type, path);
  const { operator: op, value } = cond;
  const kind = kindOf(cell.type);
  if (op === 'isEmpty') return cell.empty;
  if (op === 'isNotEmpty') return !cell.empty;
  if (value.length === 0) return true;
  switch (kind) {
    case 'checkbox':
      return checked(cell) === (value[0] === 'true');
    case 'text':
    case 'number':
      return matchScalar(cell, op, value[0]!, kind);
    case 'option':
    case 'member':
      return matchSet(cell, op, value, kind);
    case 'date':
      return matchDate(cell, op, value, ctx);
    default:
      return false;
  }
}

function checked(cell: FilterCell): boolean {
  return (cell.number ?? 0) !== 0;
}

function matchScalar(cell: FilterCell, op: SearchOperator, v: string, kind: 'text' | 'number'): boolean {
  switch (op) {
    case 'isNot':
      return !matchScalar(cell, 'is', v, kind);
    case 'doesNotContain':
      return !matchScalar(cell, 'contains', v, kind);
    case 'contains':
      return !cell.empty && cell.text.toLowerCase().includes(v.toLowerCase());
    default:
      break;
  }
  if (cell.empty) return false;
  let order: number;
  if (kind === 'number') {
    const n = cell.number ?? numberOfText(cell.text);
    if (n === undefined) return false;
    order = n - numberOfText(v)!;
  } else {
    order = compareText(cell.text, v);
  }
  switch (op) {
    case 'is':
      return order === 0;
    case 'isGreater':
      return order > 0;
    case 'isGreaterEqual':
      return order >= 0;
    case 'isLess':
      return order < 0;
    case 'isLessEqual':
      return order <= 0;
    default:
      return false;
  }
}

function matchSet(cell: FilterCell, op: SearchOperator, value: string[], kind: 'option' | 'member'): boolean {
  // Options are named in search filters; persons, groups and linked records are given by id.
  const held = cell.empty
    ? []
    : kind === 'member'
      ? (cell.ids ?? cell.values ?? [])
      : (cell.values ?? (cell.text !== '' ? [cell.text] : []));
  const holds = (v: string) => held.includes(v) || (kind === 'option' && (cell.ids ?? []).includes(v));
  switch (op) {
    case 'is':
      return held.length === 1 && holds(value[0]!);
    case 'isNot':
      return !(held.length === 1 && holds(value[0]!));
    case 'contains':
      return value.some(holds);
    case 'doesNotContain':
      return !value.some(holds);
    default:
      return false;
  }
}

/** The inclusive span of days a date value names, in the base's time zone. */
export function searchDateSpan(value: string[], ctx: FilterContext): { from: number; to: number } {
  const today = todayOf(ctx);
  const single = (day: number) => ({ from: day, to: day });
  const monday = today - mondayIndex(today);
  const { year, month } = ymdOf(today);
  switch (value[0]) {
    case 'ExactDate':
      return single(dayOf(Number(value[1]), ctx.timeZone));
    case 'Today':
      return single(today);
    case 'Tomorrow':
      return single(today + 1);
    case 'Yesterday':
      return single(today - 1);
    case 'CurrentWeek':
      return { from: monday, to: monday + 6 };
    case 'LastWeek':
      return { from: monday - 7, to: monday - 1 };
    case 'CurrentMonth':
      return { from: dayFromYmd(year, month, 1), to: dayFromYmd(year, month + 1, 0) };
    case 'LastMonth':
      return { from: dayFromYmd(year, month - 1, 1), to: dayFromYmd(year, month, 0) };
    case 'TheLastWeek':
      return { from: today - 6, to: today };
    case 'TheNextWeek':
      return { from: today, to: today + 6 };
    case 'TheLastMonth':
      return { from: today - 29, to: today };
    case 'TheNextMonth':
      return { from: today, to: today + 29 };
    default:
      throw invalid(`unknown date value ${value[0]}`);
  }
}

function matchDate(cell: FilterCell, op: SearchOperator, value: string[], ctx: FilterContext): boolean {
  if (cell.empty || cell.date === undefined) return false;
  const day = dayOf(cell.date, ctx.timeZone);
  const { from, to } = searchDateSpan(value, ctx);
  switch (op) {
    case 'is':
      return from <= day && day <= to;
    case 'isGreater':
      return day > to;
    case 'isLess':
      return day < from;
    default:
      return false;
  }
}
