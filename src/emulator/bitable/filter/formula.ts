/**
 * The formula filter of `GET …/records?filter=` (seed A04 记录筛选开发指南, A30 列出记录).
 *
 * Semantics chosen where the seed is silent (each is a documented emulator decision):
 * - A field that does not exist is an InvalidFilter (1254018). With `options.hasField` it is
 *   reported when compiling, so it fails even on an empty table; without it, on the first record
 *   evaluated. The message names the field and its position.
 * - `=` / `!=` compare text exactly (case-sensitive); `.contains()` ignores case. `.contains(a, b)`
 *   needs every argument to be contained.
 * - A multi-valued cell (multi select, persons, links, lookups) `= "x"` when its display text or any
 *   one of its parts is "x"; `!=` is the negation.
 * - An empty cell `= ""`; it is `!=` any other value; it is neither `<` nor `>` anything and
 *   contains nothing. A checkbox is 1 (checked) or 0, including when stored as "no value".
 * - Text against text orders by code point ("10" < "9"); text against a number is read as a number
 *   ("10.50" = 10.5), and a text that is not a number is neither equal to nor ordered with one.
 * - Dates compare by calendar day in the base's time zone; `date ± n` moves n days; DATE() rolls
 *   over like a spreadsheet (DATE(y, m+1, 0) is the end of month m); TODATE("2021-06-31") is
 *   2021-07-01; WEEKDAY(d, 2) counts Monday as 1.
 * - Also accepted: `==`, `<>`, `TRUE`/`FALSE`, `NOW()` (the same day as TODAY()), `DAY()`,
 *   `ISBLANK()`, lower-case function names (seed A04 writes `today()`). `CurrentValue` itself must
 *   keep its upper-case C and V, as the seed requires.
 * - Positions in error messages are 0-based character offsets into the decoded filter.
 * - Parentheses, call arguments and signs nest at most 64 levels (FORMULA_MAX_DEPTH); deeper is
 *   an InvalidFilter at the first token past the limit.
 */
import { bitableError } from '../../errors.js';
import type { CellLookup, FilterContext } from './cell.js';
import { evalCondition } from './formulaEval.js';
import { fieldRefs, invalidFilterAt, parseFormula } from './formulaParser.js';

/** Seed A30: "filter, 不超过2000个字符"; error 1254107 FilterLengthExceedLimit. */
const FORMULA_FILTER_MAX_CHARS = 2000;

export type RecordPredicate = (cellOf: CellLookup, ctx: FilterContext) => boolean;

export interface FormulaFilterOptions {
  /** Whether the table has a field of this name; lets unknown fields fail at compile time. */
  hasField?: (name: string) => boolean;
}

/**
 * Compiles a formula filter once per request into a predicate over records.
 * Throws 1254107 when longer than 2,000 characters and 1254018 `InvalidFilter: <what> at position <n>`
 * when malformed. Callers treat an absent or empty `filter` parameter as "no filter" and do not call this.
 */
export function compileFormulaFilter(source: string, options: FormulaFilterOptions = {}): RecordPredicate {
  const length = [...source].length;
  if (length > FORMULA_FILTER_MAX_CHARS) {
    throw bitableError(1254107, `FilterLengthExceedLimit: the filter has ${length} characters, at most ${FORMULA_FILTER_MAX_CHARS} are allowed`);
  }
  const root = parseFormula(source);
  if (options.hasField) {
    for (const ref of fieldRefs(root)) {
      if (!options.hasField(ref.name)) throw invalidFilterAt(source, ref.pos, `unknown field ${ref.name}`);
    }
  }
  return (cellOf, ctx) => evalCondition(root, { source, cellOf, ctx });
}

/** The field names a filter refers to, e.g. to check them against a table before listing. */
export function formulaFilterFields(source: string): string[] {
  return fieldRefs(parseFormula(source)).map((r) => r.name);
}
