/**
 * Tokenizer and recursive-descent parser for the formula filter of `GET records?filter=` (seed A04).
 *
 * Grammar, loosest binding first (comparisons bind looser than arithmetic, as in spreadsheets, so
 * `TODAY()-7 <= CurrentValue.[日期]` needs no parentheses):
 *   or      := and ('||' and)*
 *   and     := compare ('&&' compare)*
 *   compare := sum (('=' | '==' | '!=' | '<>' | '<' | '<=' | '>' | '>=') sum)?
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | postfix
 *   postfix := primary ('.' 'contains' '(' args ')')*
 *   primary := number | "string" | '(' or ')' | CurrentValue '.' '[' name ']' | NAME '(' args ')' | TRUE | FALSE
 *
 * Everything that can be checked without a record is checked here, so a malformed filter fails
 * once, with the position where it broke, instead of silently matching nothing.
 */
import { bitableError } from '../../errors.js';
import { parseDayText } from './days.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';
/** Functions that survive parsing as calls; AND/OR/NOT/TRUE/FALSE become their own nodes. */
export type FnName = 'TODAY' | 'NOW' | 'TODATE' | 'DATE' | 'YEAR' | 'MONTH' | 'DAY' | 'WEEKDAY' | 'ISBLANK';

export type Node =
  | { k: 'num'; v: number; pos: number }
  | { k: 'str'; v: string; pos: number }
  | { k: 'bool'; v: boolean; pos: number }
  | { k: 'field'; name: string; pos: number }
  | { k: 'call'; fn: FnName; args: Node[]; pos: number }
  | { k: 'contains'; target: Node; args: Node[]; pos: number }
  | { k: 'arith'; op: ArithOp; l: Node; r: Node; pos: number }
  | { k: 'neg'; e: Node; pos: number }
  | { k: 'cmp'; op: CompareOp; l: Node; r: Node; pos: number }
  | { k: 'logic'; op: 'and' | 'or'; args: Node[]; pos: number }
  | { k: 'not'; e: Node; pos: number };

type Tok =
  | { t: 'num'; v: number; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'ident'; v: string; pos: number }
  | { t: 'field'; v: string; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'end'; pos: number };

/** Positions in messages count characters (code points), which is what a user sees in the filter. */
export function invalidFilterAt(source: string, index: number, what: string): Error {
  const position = [...source.slice(0, index)].length;
  return bitableError(1254018, `InvalidFilter: ${what} at position ${position}`);
}

const TWO_CHAR_OPS = new Set(['==', '!=', '<>', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPS = new Set(['(', ')', ',', '.', '=', '<', '>', '+', '-', '*', '/']);

function tokenize(source: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(source.slice(i))!;
      i += m[0].length;
      toks.push({ t: 'num', v: Number(m[0]), pos: start });
      continue;
    }
    if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw invalidFilterAt(source, start, 'unterminated string');
        const d = source[i]!;
        if (d === '"') break;
        if (d === '\\' && i + 1 < source.length) {
          text += source[i + 1];
          i += 2;
          continue;
        }
        text += d;
        i++;
      }
      i++;
      toks.push({ t: 'str', v: text, pos: start });
      continue;
    }
    if (c === '[') {
      const close = source.indexOf(']', i + 1);
      if (close < 0) throw invalidFilterAt(source, start, "unterminated field name, missing ']'");
      const name = source.slice(i + 1, close);
      if (name.length === 0) throw invalidFilterAt(source, start, 'empty field name');
      toks.push({ t: 'field', v: name, pos: start });
      i = close + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      i += m[0].length;
      toks.push({ t: 'ident', v: m[0], pos: start });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      toks.push({ t: 'op', v: two, pos: start });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      toks.push({ t: 'op', v: c, pos: start });
      i++;
      continue;
    }
    const whole = String.fromCodePoint(source.codePointAt(i)!);
    if (whole === '“' || whole === '”' || whole === "'") {
      throw invalidFilterAt(source, start, `unexpected character ${whole} (strings use straight double quotes)`);
    }
    throw invalidFilterAt(source, start, `unexpected character ${whole}`);
  }
  toks.push({ t: 'end', pos: source.length });
  return toks;
}

/** Arity of the functions a filter may call (seed A04's date expressions plus their obvious kin). */
const FUNCTIONS: Record<string, { min: number; max: number }> = {
  AND: { min: 1, max: Infinity },
  OR: { min: 1, max: Infinity },
  NOT: { min: 1, max: 1 },
  TRUE: { min: 0, max: 0 },
  FALSE: { min: 0, max: 0 },
  TODAY: { min: 0, max: 0 },
  NOW: { min: 0, max: 0 },
  TODATE: { min: 1, max: 1 },
  DATE: { min: 3, max: 3 },
  YEAR: { min: 1, max: 1 },
  MONTH: { min: 1, max: 1 },
  DAY: { min: 1, max: 1 },
  WEEKDAY: { min: 1, max: 2 },
  ISBLANK: { min: 1, max: 1 },
};

const COMPARE_OPS: Record<string, CompareOp> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** Whether a node can stand where a condition is expected (a bare field reads as "is checked / not empty"). */
function isCondition(n: Node): boolean {
  return n.k === 'cmp' || n.k === 'logic' || n.k === 'not' || n.k === 'bool' || n.k === 'contains' || n.k === 'field' ||
    (n.k === 'call' && n.fn === 'ISBLANK');
}

function describe(tok: Tok): string {
  switch (tok.t) {
    case 'end':
      return 'end of filter';
    case 'num':
      return `number ${tok.v}`;
    case 'str':
      return `string "${tok.v}"`;
    case 'field':
      return `[${tok.v}]`;
    default:
      return `'${tok.v}'`;
  }
}

/**
 * Deepest nesting of parentheses, call arguments and signs. Seed A04 gives no limit; without one,
 * a 2,000-character filter of `(((…` overflowed the stack (a 500 instead of InvalidFilter).
 */
export const FORMULA_MAX_DEPTH = 64;

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly toks: Tok[],
  ) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }

  private next(): Tok {
    return this.toks[this.i++]!;
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }

  /** Runs `parse` one level deeper, refusing past FORMULA_MAX_DEPTH at `tok`. */
  private nested<T>(tok: Tok, parse: () => T): T {
    if (++this.depth > FORMULA_MAX_DEPTH) throw this.fail(tok, `nesting deeper than ${FORMULA_MAX_DEPTH} levels`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private fail(tok: Tok, what?: string): Error {
    return invalidFilterAt(this.source, tok.pos, what ?? (tok.t === 'end' ? 'unexpected end of filter' : `unexpected ${describe(tok)}`));
  }

  private expectOp(v: string): Tok {
    const t = this.peek();
    if (t.t !== 'op' || t.v !== v) throw this.fail(t, `expected '${v}' but found ${describe(t)}`);
    return this.next();
  }

  private condition(n: Node, where: string): Node {
    if (!isCondition(n)) throw invalidFilterAt(this.source, n.pos, `${where} must be a condition (a comparison, AND, OR, NOT or contains)`);
    return n;
  }

  parseFilter(): Node {
    if (this.peek().t === 'end') throw this.fail(this.peek(), 'empty filter');
    const root = this.or();
    const rest = this.peek();
    if (rest.t !== 'end') throw this.fail(rest);
    return this.condition(root, 'the filter');
  }

  private or(): Node {
    return this.logic('||', 'or', () => this.and());
  }

  private and(): Node {
    return this.logic('&&', 'and', () => this.compare());
  }

  /** A run of conditions joined by one logical operator becomes one logic node. */
  private logic(tok: '||' | '&&', op: 'or' | 'and', operand: () => Node): Node {
    const first = operand();
    if (!this.isOp(tok)) return first;
    const where = `each side of '${tok}'`;
    const args = [this.condition(first, where)];
    while (this.isOp(tok)) {
      this.next();
      args.push(this.condition(operand(), where));
    }
    return { k: 'logic', op, args, pos: first.pos };
  }

  private compare(): Node {
    const l = this.sum();
    const t = this.peek();
    if (t.t !== 'op' || !(t.v in COMPARE_OPS)) return l;
    this.next();
    const r = this.sum();
    return { k: 'cmp', op: COMPARE_OPS[t.v]!, l, r, pos: t.pos };
  }

  private sum(): Node {
    return this.arith(['+', '-'], () => this.product());
  }

  private product(): Node {
    return this.arith(['*', '/'], () => this.unary());
  }

  /** One precedence level of left-associative arithmetic. */
  private arith(ops: readonly ArithOp[], operand: () => Node): Node {
    let l = operand();
    for (let t = this.peek(); t.t === 'op' && (ops as readonly string[]).includes(t.v); t = this.peek()) {
      this.next();
      l = { k: 'arith', op: t.v as ArithOp, l, r: operand(), pos: t.pos };
    }
    return l;
  }

  private unary(): Node {
    const t = this.peek();
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      this.next();
      const e = this.nested(t, () => this.unary());
      return t.v === '-' ? { k: 'neg', e, pos: t.pos } : e;
    }
    return this.postfix();
  }

  private postfix(): Node {
    let target = this.primary();
    while (this.isOp('.')) {
      this.next();
      const name = this.next();
      if (name.t !== 'ident') throw this.fail(name, `expected a method name after '.' but found ${describe(name)}`);
      if (name.v.toLowerCase() !== 'contains') throw this.fail(name, `unknown method ${name.v} (only .contains() is supported)`);
      const args = this.args();
      if (args.length === 0) throw this.fail(name, 'contains() needs at least one value');
      target = { k: 'contains', target, args, pos: name.pos };
    }
    return target;
  }

  private args(): Node[] {
    const open = this.expectOp('(');
    return this.nested(open, () => this.argList());
  }

  private argList(): Node[] {
    const args: Node[] = [];
    if (this.isOp(')')) {
      this.next();
      return args;
    }
    for (;;) {
      args.push(this.or());
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      this.expectOp(')');
      return args;
    }
  }

  private primary(): Node {
    const t = this.next();
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.v, pos: t.pos };
      case 'str':
        return { k: 'str', v: t.v, pos: t.pos };
      case 'op':
        if (t.v === '(') {
          const inner = this.nested(t, () => this.or());
          this.expectOp(')');
          return inner;
        }
        throw this.fail(t);
      case 'field':
        throw this.fail(t, `field [${t.v}] must be written CurrentValue.[${t.v}]`);
      case 'end':
        throw this.fail(t);
      case 'ident':
        return this.named(t);
    }
  }

  private named(t: Tok & { t: 'ident' }): Node {
    if (t.v === 'CurrentValue') {
      this.expectOp('.');
      const f = this.next();
      if (f.t !== 'field') throw this.fail(f, `expected [field name] after CurrentValue. but found ${describe(f)}`);
      return { k: 'field', name: f.v, pos: t.pos };
    }
    // Seed A04: "CurrentValue.[字段名],其中首字母 C 和 V 要大写".
    if (t.v.toLowerCase() === 'currentvalue') throw this.fail(t, 'CurrentValue must be written with upper-case C and V');
    const upper = t.v.toUpperCase();
    const spec = FUNCTIONS[upper];
    if (!this.isOp('(')) {
      if (upper === 'TRUE' || upper === 'FALSE') return { k: 'bool', v: upper === 'TRUE', pos: t.pos };
      throw this.fail(t, spec ? `expected '(' after ${t.v}` : `unknown name ${t.v}`);
    }
    if (!spec) throw this.fail(t, `unknown function ${t.v}`);
    const args = this.args();
    if (args.length < spec.min || args.length > spec.max) {
      const wanted = spec.min === spec.max ? `${spec.min}` : spec.max === Infinity ? `at least ${spec.min}` : `${spec.min} to ${spec.max}`;
      const singular = spec.min === 1 && (spec.max === 1 || spec.max === Infinity);
      throw this.fail(t, `${upper}() takes ${wanted} argument${singular ? '' : 's'}, got ${args.length}`);
    }
    switch (upper) {
      case 'AND':
      case 'OR':
        return { k: 'logic', op: upper === 'AND' ? 'and' : 'or', args: args.map((a) => this.condition(a, `each argument of ${upper}()`)), pos: t.pos };
      case 'NOT':
        return { k: 'not', e: this.condition(args[0]!, 'the argument of NOT()'), pos: t.pos };
      case 'TRUE':
      case 'FALSE':
        return { k: 'bool', v: upper === 'TRUE', pos: t.pos };
      case 'TODATE': {
        const a = args[0]!;
        if (a.k === 'str' && parseDayText(a.v) === undefined) {
          throw invalidFilterAt(this.source, a.pos, `TODATE() needs a date written like "2023-01-01", got "${a.v}"`);
        }
        break;
      }
      case 'WEEKDAY': {
        const kind = args[1];
        if (kind && (kind.k !== 'num' || ![1, 2, 3].includes(kind.v))) {
          throw invalidFilterAt(this.source, kind.pos, 'the second argument of WEEKDAY() must be 1, 2 or 3');
        }
        break;
      }
    }
    return { k: 'call', fn: upper as FnName, args, pos: t.pos };
  }
}

/** Parses a formula filter into its AST, throwing 1254018 with the position of the first error. */
export function parseFormula(source: string): Node {
  return new Parser(source, tokenize(source)).parseFilter();
}

/** Every field the filter names, with the position of its first use, in source order. */
export function fieldRefs(root: Node): { name: string; pos: number }[] {
  const out: { name: string; pos: number }[] = [];
  const seen = new Set<string>();
  const walk = (n: Node): void => {
    switch (n.k) {
      case 'field':
        if (!seen.has(n.name)) {
          seen.add(n.name);
          out.push({ name: n.name, pos: n.pos });
        }
        return;
      case 'call':
      case 'logic':
        n.args.forEach(walk);
        return;
      case 'contains':
        walk(n.target);
        n.args.forEach(walk);
        return;
      case 'arith':
      case 'cmp':
        walk(n.l);
        walk(n.r);
        return;
      case 'neg':
      case 'not':
        walk(n.e);
        return;
      default:
        return;
    }
  };
  walk(root);
  return out.sort((a, b) => a.pos - b.pos);
}
