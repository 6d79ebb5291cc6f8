/**
 * Evaluates a parsed formula filter against one record.
 *
 * Values stay lazy: a field reference evaluates to its FilterCell and is read as a number, a day or
 * text only when compared with something, because seed A04 compares the same cell differently
 * depending on the other side (`CurrentValue.[订单号] = "003"` by text, `CurrentValue.[价格] >= 10.5`
 * by number, `CurrentValue.[订单日期] = TODAY()` by day).
 */
import { compareText, numberOfText, type CellLookup, type FilterCell, type FilterContext } from './cell.js';
import { dayFromYmd, dayOf, mondayIndex, parseDayText, sundayIndex, todayOf, ymdOf } from './days.js';
import { invalidFilterAt, type CompareOp, type Node } from './formulaParser.js';

const CHECKBOX = 7;

type Value =
  | { t: 'num'; n: number }
  | { t: 'text'; s: string }
  | { t: 'date'; day: number }
  | { t: 'bool'; b: boolean }
  | { t: 'cell'; cell: FilterCell }
  /** A type mismatch such as YEAR("abc"): like a spreadsheet error, no comparison with it holds. */
  | { t: 'none' };

type Scalar = { t: 'num'; n: number } | { t: 'text'; s: string } | { t: 'date'; day: number } | { t: 'empty' };

const NONE: Value = { t: 'none' };

interface EvalEnv {
  source: string;
  cellOf: CellLookup;
  ctx: FilterContext;
}

function cellAt(env: EvalEnv, name: string, pos: number): FilterCell {
  const cell = env.cellOf(name);
  if (!cell) throw invalidFilterAt(env.source, pos, `unknown field ${name}`);
  return cell;
}

/**
 * A cell as one scalar. Seed A04 filters checkboxes with `=1`, so an unchecked box is 0 even when
 * stored as "no value"; dates become days in the base's zone.
 */
function cellScalar(c: FilterCell, env: EvalEnv): Scalar {
  if (c.type === CHECKBOX) return { t: 'num', n: c.number ?? 0 };
  if (c.empty) return { t: 'empty' };
  if (c.date !== undefined) return { t: 'date', day: dayOf(c.date, env.ctx.timeZone) };
  if (c.number !== undefined) return { t: 'num', n: c.number };
  return { t: 'text', s: c.text };
}

/**
 * How a value takes part in `=`: `primary` is used for ordering, `all` for equality. A multi-valued
 * cell (multi select, persons, links) equals a text when its whole display text or any one of its
 * parts does, so `CurrentValue.[多选]="选项内容a"` (seed A04) finds records that carry that option.
 */
function scalars(v: Value, env: EvalEnv): { primary?: Scalar; all: Scalar[] } {
  switch (v.t) {
    case 'num':
    case 'date':
      return { primary: v, all: [v] };
    case 'bool': {
      const s: Scalar = { t: 'num', n: v.b ? 1 : 0 };
      return { primary: s, all: [s] };
    }
    case 'text': {
      const s: Scalar = v.s === '' ? { t: 'empty' } : v;
      return { primary: s, all: [s] };
    }
    case 'none':
      return { all: [] };
    case 'cell': {
      const s = cellScalar(v.cell, env);
      // An unchecked box is also "empty" (`= ""`); a text cell also equals any one of its parts.
      if (v.cell.type === CHECKBOX) return { primary: s, all: v.cell.empty ? [s, { t: 'empty' }] : [s] };
      if (s.t !== 'text') return { primary: s, all: [s] };
      return { primary: s, all: [s, ...(v.cell.values ?? []).map((p): Scalar => ({ t: 'text', s: p }))] };
    }
  }
}

function sameScalar(a: Scalar, b: Scalar): boolean {
  if (a.t === 'empty' || b.t === 'empty') return a.t === b.t;
  return orderScalars(a, b) === 0;
}

/** Negative, zero or positive like a comparator; undefined when the two cannot be ordered. */
function orderScalars(a: Scalar, b: Scalar): number | undefined {
  if (a.t === 'empty' || b.t === 'empty') return undefined;
  if (a.t === 'num' && b.t === 'num') return a.n - b.n;
  if (a.t === 'date' && b.t === 'date') return a.day - b.day;
  if (a.t === 'text' && b.t === 'text') return compareText(a.s, b.s);
  if (b.t === 'text') return orderAgainstText(a as Exclude<Scalar, { t: 'empty' | 'text' }>, b.s);
  if (a.t === 'text') {
    const order = orderAgainstText(b as Exclude<Scalar, { t: 'empty' | 'text' }>, a.s);
    return order === undefined ? undefined : -order;
  }
  // A day and a plain number do not compare: filters count days, not spreadsheet serials.
  return undefined;
}

/** A text next to a number or a day is read as one when it can be ("10.5", "2023-01-01"). */
function orderAgainstText(x: { t: 'num'; n: number } | { t: 'date'; day: number }, text: string): number | undefined {
  if (x.t === 'num') {
    // "004-A" is neither above nor below 9: such a record only satisfies `!=`.
    const n = numberOfText(text);
    return n === undefined ? undefined : x.n - n;
  }
  const day = parseDayText(text);
  return day === undefined ? undefined : x.day - day;
}

function compare(op: CompareOp, l: Value, r: Value, env: EvalEnv): boolean {
  const a = scalars(l, env);
  const b = scalars(r, env);
  if (op === '=' || op === '!=') {
    if (a.all.length === 0 || b.all.length === 0) return false;
    const equal = a.all.some((x) => b.all.some((y) => sameScalar(x, y)));
    return op === '=' ? equal : !equal;
  }
  if (!a.primary || !b.primary) return false;
  const order = orderScalars(a.primary, b.primary);
  if (order === undefined) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

/** A value as an operand of + - * / and of date functions. */
function arithmetic(v: Value, env: EvalEnv): { t: 'num'; n: number } | { t: 'date'; day: number } | undefined {
  const s = v.t === 'cell' ? cellScalar(v.cell, env) : v;
  switch (s.t) {
    case 'num':
    case 'date':
      return s;
    case 'bool':
      return { t: 'num', n: s.b ? 1 : 0 };
    case 'text': {
      const n = numberOfText(s.s);
      return n === undefined ? undefined : { t: 'num', n };
    }
    case 'empty':
    case 'none':
      return undefined;
  }
}

function asNumber(v: Value, env: EvalEnv): number | undefined {
  const a = arithmetic(v, env);
  return a?.t === 'num' ? a.n : undefined;
}

function asDay(v: Value, env: EvalEnv): number | undefined {
  if (v.t === 'text') return parseDayText(v.s);
  if (v.t === 'cell' && !v.cell.empty && v.cell.date === undefined) return parseDayText(v.cell.text);
  const a = arithmetic(v, env);
  return a?.t === 'date' ? a.day : undefined;
}

function textOf(v: Value): string | undefined {
  switch (v.t) {
    case 'text':
      return v.s;
    case 'num':
      return String(v.n);
    case 'bool':
      return v.b ? 'true' : 'false';
    case 'date': {
      const { year, month, day } = ymdOf(v.day);
      return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
    case 'cell':
      if (v.cell.empty) return '';
      return v.cell.text !== '' ? v.cell.text : (v.cell.values ?? []).join(',');
    case 'none':
      return undefined;
  }
}

function evalValue(n: Node, env: EvalEnv): Value {
  switch (n.k) {
    case 'num':
      return { t: 'num', n: n.v };
    case 'str':
      return { t: 'text', s: n.v };
    case 'bool':
      return { t: 'bool', b: n.v };
    case 'field':
      return { t: 'cell', cell: cellAt(env, n.name, n.pos) };
    case 'cmp':
    case 'logic':
    case 'not':
    case 'contains':
      return { t: 'bool', b: evalCondition(n, env) };
    case 'neg': {
      const x = asNumber(evalValue(n.e, env), env);
      return x === undefined ? NONE : { t: 'num', n: -x };
    }
    case 'arith': {
      const a = arithmetic(evalValue(n.l, env), env);
      const b = arithmetic(evalValue(n.r, env), env);
      if (!a || !b) return NONE;
      if (a.t === 'num' && b.t === 'num') {
        const x = n.op === '+' ? a.n + b.n : n.op === '-' ? a.n - b.n : n.op === '*' ? a.n * b.n : a.n / b.n;
        return Number.isFinite(x) ? { t: 'num', n: x } : NONE;
      }
      // Seed A04 does day arithmetic: TODAY()-1 is yesterday, a date minus a date is a count of days.
      if (n.op === '+' && a.t === 'date' && b.t === 'num') return { t: 'date', day: a.day + b.n };
      if (n.op === '+' && a.t === 'num' && b.t === 'date') return { t: 'date', day: a.n + b.day };
      if (n.op === '-' && a.t === 'date' && b.t === 'num') return { t: 'date', day: a.day - b.n };
      if (n.op === '-' && a.t === 'date' && b.t === 'date') return { t: 'num', n: a.day - b.day };
      return NONE;
    }
    case 'call':
      return evalCall(n, env);
  }
}

function evalCall(n: Node & { k: 'call' }, env: EvalEnv): Value {
  const arg = (i: number) => evalValue(n.args[i]!, env);
  switch (n.fn) {
    case 'TODAY':
    case 'NOW':
      return { t: 'date', day: todayOf(env.ctx) };
    case 'TODATE': {
      const v = arg(0);
      const day = v.t === 'num' ? dayOf(v.n, env.ctx.timeZone) : asDay(v, env);
      return day === undefined ? NONE : { t: 'date', day };
    }
    case 'DATE': {
      const [y, m, d] = [asNumber(arg(0), env), asNumber(arg(1), env), asNumber(arg(2), env)];
      if (y === undefined || m === undefined || d === undefined) return NONE;
      return { t: 'date', day: dayFromYmd(Math.trunc(y), Math.trunc(m), Math.trunc(d)) };
    }
    case 'YEAR':
    case 'MONTH':
    case 'DAY': {
      const day = asDay(arg(0), env);
      if (day === undefined) return NONE;
      const ymd = ymdOf(day);
      return { t: 'num', n: n.fn === 'YEAR' ? ymd.year : n.fn === 'MONTH' ? ymd.month : ymd.day };
    }
    case 'WEEKDAY': {
      const day = asDay(arg(0), env);
      if (day === undefined) return NONE;
      // Spreadsheet numbering: 1 = Sunday..Saturday (default), 2 = Monday 1..Sunday 7, 3 = Monday 0..Sunday 6.
      const kind = n.args[1] ? asNumber(arg(1), env) : 1;
      if (kind === 2) return { t: 'num', n: mondayIndex(day) + 1 };
      if (kind === 3) return { t: 'num', n: mondayIndex(day) };
      return { t: 'num', n: sundayIndex(day) + 1 };
    }
    case 'ISBLANK':
      return { t: 'bool', b: evalCondition(n, env) };
  }
}

/** A bare field where a condition is expected: a checked box, a non-zero number, any other non-empty cell. */
function truthy(v: Value): boolean {
  switch (v.t) {
    case 'bool':
      return v.b;
    case 'num':
      return v.n !== 0;
    case 'cell':
      if (v.cell.type === CHECKBOX) return (v.cell.number ?? 0) !== 0;
      if (v.cell.empty) return false;
      return v.cell.number === undefined || v.cell.number !== 0;
    case 'text':
      return v.s !== '';
    case 'date':
      return true;
    case 'none':
      return false;
  }
}

export function evalCondition(n: Node, env: EvalEnv): boolean {
  switch (n.k) {
    case 'cmp':
      return compare(n.op, evalValue(n.l, env), evalValue(n.r, env), env);
    case 'logic':
      return n.op === 'and' ? n.args.every((a) => evalCondition(a, env)) : n.args.some((a) => evalCondition(a, env));
    case 'not':
      return !evalCondition(n.e, env);
    case 'contains': {
      const target = evalValue(n.target, env);
      // An empty cell contains nothing, so NOT(... .contains("x")) (seed A04's 不包含) keeps empty records.
      if (target.t === 'none' || (target.t === 'cell' && target.cell.empty)) return false;
      const haystack = textOf(target)?.toLowerCase();
      if (haystack === undefined) return false;
      return n.args.every((a) => {
        const needle = textOf(evalValue(a, env));
        return needle !== undefined && haystack.includes(needle.toLowerCase());
      });
    }
    case 'call':
      if (n.fn === 'ISBLANK') {
        const v = evalValue(n.args[0]!, env);
        return v.t === 'none' || (v.t === 'cell' && v.cell.empty) || (v.t === 'text' && v.s === '');
      }
      return truthy(evalValue(n, env));
    default:
      return truthy(evalValue(n, env));
  }
}
