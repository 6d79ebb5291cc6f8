/**
 * The documented formula subset (EMULATOR.md "Read shapes"): field references, `+ - * /`,
 * comparisons (IF needs a condition), `CONCATENATE`, `IF`, `SUM`, number/string/TRUE/FALSE
 * literals. Anything else is "unsupported": the cell then keeps the value its fixture stored.
 *
 * References are written as Feishu's API shows them, `bitable::$table[tbl…].$field[fld…]`, or
 * as the web editor shows them, `[Field name]`.
 */

/** What a formula sees of a cell and what it yields. */
export type Plain = number | string | boolean | null | Plain[];

type Node =
  | { k: 'lit'; v: Plain }
  | { k: 'ref'; by: 'id' | 'name'; ref: string }
  | { k: 'neg'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'call'; fn: 'IF' | 'CONCATENATE' | 'SUM'; args: Node[] };

class Unsupported extends Error {}

const TOKEN_RE = /\s*(?:(bitable::\$table\[[^\]]*\]\.\$field\[([^\]]+)\])|\[([^\]]+)\]|(\d+(?:\.\d+)?)|"((?:[^"\\]|\\.)*)"|(>=|<=|<>|!=|[-+*/(),=<>])|([A-Za-z_][A-Za-z0-9_]*))/y;

type Token = { t: 'ref'; by: 'id' | 'name'; v: string } | { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'op'; v: string } | { t: 'word'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(src);
    if (!m) throw new Unsupported(`cannot read formula at ${pos}`);
    pos = TOKEN_RE.lastIndex;
    if (m[1]) out.push({ t: 'ref', by: 'id', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'ref', by: 'name', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'num', v: Number(m[4]) });
    else if (m[5] !== undefined) out.push({ t: 'str', v: m[5].replace(/\\(.)/g, '$1') });
    else if (m[6] !== undefined) out.push({ t: 'op', v: m[6] });
    else out.push({ t: 'word', v: m[7] });
  }
  return out;
}

function parse(src: string): Node {
  const toks = tokenize(src);
  let i = 0;
  const peekOp = (...ops: string[]) => toks[i]?.t === 'op' && ops.includes(toks[i].v as string);
  const expect = (op: string) => {
    if (!peekOp(op)) throw new Unsupported(`expected ${op}`);
    i++;
  };
  const comparison = (): Node => {
    const l = additive();
    if (peekOp('=', '!=', '<>', '>', '<', '>=', '<=')) {
      const op = toks[i++].v as string;
      return { k: 'bin', op, l, r: additive() };
    }
    return l;
  };
  const additive = (): Node => {
    let l = term();
    while (peekOp('+', '-')) l = { k: 'bin', op: toks[i++].v as string, l, r: term() };
    return l;
  };
  const term = (): Node => {
    let l = unary();
    while (peekOp('*', '/')) l = { k: 'bin', op: toks[i++].v as string, l, r: unary() };
    return l;
  };
  const unary = (): Node => {
    if (peekOp('-')) {
      i++;
      return { k: 'neg', e: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const tok = toks[i++];
    if (!tok) throw new Unsupported('formula ends early');
    if (tok.t === 'num' || tok.t === 'str') return { k: 'lit', v: tok.v };
    if (tok.t === 'ref') return { k: 'ref', by: tok.by, ref: tok.v };
    if (tok.t === 'op' && tok.v === '(') {
      const e = comparison();
      expect(')');
      return e;
    }
    if (tok.t === 'word') {
      const word = tok.v.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { k: 'lit', v: word === 'TRUE' };
      if (word !== 'IF' && word !== 'CONCATENATE' && word !== 'SUM') throw new Unsupported(`function ${tok.v} is outside the emulated subset`);
      expect('(');
      const args: Node[] = [];
      if (!peekOp(')')) {
        args.push(comparison());
        while (peekOp(',')) {
          i++;
          args.push(comparison());
        }
      }
      expect(')');
      if (word === 'IF' && (args.length < 2 || args.length > 3)) throw new Unsupported('IF takes 2 or 3 arguments');
      return { k: 'call', fn: word, args };
    }
    throw new Unsupported(`unexpected ${String(tok.v)}`);
  };
  const root = comparison();
  if (i !== toks.length) throw new Unsupported('trailing input');
  return root;
}

const flat = (v: Plain): Plain[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function toNumber(v: Plain): number {
  const items = flat(v).filter((x) => x !== null && x !== '');
  if (items.length === 0) return 0;
  if (items.length > 1) return NaN;
  const x = items[0];
  return typeof x === 'boolean' ? (x ? 1 : 0) : Number(x);
}

/** The non-empty texts of a value, arrays flattened: the parts of a multi-valued cell. */
export const plainTexts = (v: Plain): string[] => flat(v).map(plainText).filter((s) => s !== '');

export function plainText(v: Plain): string {
  if (Array.isArray(v)) return v.map(plainText).filter((s) => s !== '').join(',');
  if (v === null) return '';
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  return String(v);
}

const truthy = (v: Plain): boolean => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : Boolean(v));

function compare(op: string, l: Plain, r: Plain): boolean {
  const ln = toNumber(l);
  const rn = toNumber(r);
  const numeric = !Number.isNaN(ln) && !Number.isNaN(rn) && typeof l !== 'string' && typeof r !== 'string';
  const [a, b]: [number | string, number | string] = numeric ? [ln, rn] : [plainText(l), plainText(r)];
  switch (op) {
    case '=': return a === b;
    case '!=':
    case '<>': return a !== b;
    case '>': return a > b;
    case '<': return a < b;
    case '>=': return a >= b;
    default: return a <= b;
  }
}

/** Division by zero and arithmetic on text yield an empty result, where Feishu shows an error value. */
function arithmetic(op: string, l: Plain, r: Plain): Plain {
  const a = toNumber(l);
  const b = toNumber(r);
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : b === 0 ? NaN : a / b;
  return Number.isFinite(v) ? v : null;
}

export type FieldValueLookup = (ref: { by: 'id' | 'name'; ref: string }) => Plain | undefined;

function evaluate(node: Node, valueOf: FieldValueLookup): Plain {
  switch (node.k) {
    case 'lit': return node.v;
    case 'ref': {
      const v = valueOf(node);
      if (v === undefined) throw new Unsupported(`unknown field ${node.ref}`);
      return v;
    }
    case 'neg': {
      const v = toNumber(evaluate(node.e, valueOf));
      return Number.isNaN(v) ? null : -v;
    }
    case 'bin': {
      const l = evaluate(node.l, valueOf);
      const r = evaluate(node.r, valueOf);
      return '+-*/'.includes(node.op) ? arithmetic(node.op, l, r) : compare(node.op, l, r);
    }
    case 'call': {
      if (node.fn === 'IF') return truthy(evaluate(node.args[0], valueOf)) ? evaluate(node.args[1], valueOf) : node.args[2] ? evaluate(node.args[2], valueOf) : null;
      const args = node.args.map((a) => evaluate(a, valueOf));
      if (node.fn === 'CONCATENATE') return args.map(plainText).join('');
      return flat(args).reduce<number>((sum, x) => sum + (typeof x === 'number' ? x : 0), 0);
    }
  }
}

/**
 * Evaluates an expression of the subset: `{value}` (null for an empty or error result), or
 * `undefined` when the expression (or a field it names) is outside what the emulator computes.
 */
export function evaluateFormula(expression: string, valueOf: FieldValueLookup): { value: Plain } | undefined {
  if (expression.trim() === '') return undefined;
  try {
    return { value: evaluate(parsed(expression), valueOf) };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** Parsed expressions (or why they are unsupported): a formula field is evaluated once per record with the same text. */
const parsedCache = new Map<string, Node | Unsupported>();
const PARSED_CACHE_MAX = 1000;

function parsed(expression: string): Node {
  let hit = parsedCache.get(expression);
  if (hit === undefined) {
    try {
      hit = parse(expression);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      hit = err;
    }
    if (parsedCache.size >= PARSED_CACHE_MAX) parsedCache.clear();
    parsedCache.set(expression, hit);
  }
  if (hit instanceof Unsupported) throw hit;
  return hit;
}
