import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FilterCell } from '../../src/emulator/bitable/filter/cell.js';
import { compileFormulaFilter, formulaFilterFields } from '../../src/emulator/bitable/filter/formula.js';
import { ApiError } from '../../src/emulator/errors.js';
import { fuzzSettings } from './settings.js';

/**
 * The emulator's formula filter (`GET …/records?filter=`), fuzzed: whatever the text, compiling
 * and evaluating it either works or throws the documented errors, 1254018 InvalidFilter with a
 * position inside the text, or 1254107 for a text over 2,000 characters. Nothing else escapes
 * (a TypeError or a stack overflow would be a 500 from the emulator).
 */

const FIELDS = ['Name', 'Price', 'Done', 'Tags', 'Due', '价格 (元)'];
const cellOf = (name: string): FilterCell | undefined => {
  switch (name) {
    case 'Name': return { type: 1, empty: false, text: 'Alpha 10' };
    case 'Price': return { type: 2, empty: false, text: '12.5', number: 12.5 };
    case 'Done': return { type: 7, empty: false, text: '1', number: 1 };
    case 'Tags': return { type: 4, empty: false, text: 'red,blue', values: ['red', 'blue'] };
    case 'Due': return { type: 5, empty: false, text: '2024-03-13', date: Date.UTC(2024, 2, 13) };
    case '价格 (元)': return { type: 2, empty: true, text: '' };
    default: return undefined;
  }
};
const ctx = { now: Date.UTC(2024, 2, 13, 4), timeZone: 'Asia/Shanghai' };

/** Pieces of the grammar, so generated texts get past the tokenizer and reach the evaluator. */
const piece = fc.oneof(
  fc.constantFrom(...FIELDS.map((f) => `CurrentValue.[${f}]`), 'CurrentValue.[Nope]', 'CurrentValue.[', 'CurrentValue', 'currentvalue.[Name]'),
  fc.constantFrom('=', '==', '!=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '&&', '||', '(', ')', ',', '.', ' '),
  fc.constantFrom('AND(', 'OR(', 'NOT(', 'IF(', 'TODAY()', 'NOW()', 'TODATE(', 'DATE(', 'YEAR(', 'MONTH(', 'DAY(', 'WEEKDAY(', 'ISBLANK(', '.contains(', 'TRUE', 'FALSE', 'today()'),
  fc.constantFrom('"Alpha 10"', '""', '"red"', '"2024-03-13"', '"unterminated', '"esc\\"aped"', "'single'"),
  fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('1e308', '1e309', '-0', '0x10', '1.2.3')),
);
const grammatical = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme-ascii', maxLength: 80 }));
/** Deep nesting and long texts: recursion and the length cap. */
const extreme = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'('.repeat(n)}1=1${')'.repeat(n)}`),
  fc.integer({ min: 1, max: 1500 }).map((n) => `${'NOT('.repeat(n)}CurrentValue.[Done]=1${')'.repeat(n)}`),
  fc.integer({ min: 1990, max: 2010 }).map((n) => 'x'.repeat(n)),
);

/** Runs the whole pipeline; answers what happened, failing on anything undocumented. */
function outcome(source: string): string {
  try {
    const predicate = compileFormulaFilter(source, { hasField: (n) => FIELDS.includes(n) });
    const fields = formulaFilterFields(source);
    expect(fields.every((f) => FIELDS.includes(f))).toBe(true);
    const result = predicate(cellOf, ctx);
    expect(typeof result).toBe('boolean');
    return `ok ${result}`;
  } catch (e) {
    if (!(e instanceof ApiError)) throw new Error(`undocumented failure for ${JSON.stringify(source.slice(0, 200))}: ${(e as Error)?.stack ?? e}`);
    expect([1254018, 1254107]).toContain(e.code);
    if (e.code === 1254018) {
      const m = /^InvalidFilter: .+ at position (\d+)$/s.exec(e.message);
      expect(m, e.message).not.toBeNull();
      expect(Number(m![1])).toBeLessThanOrEqual([...source].length);
    } else expect([...source].length).toBeGreaterThan(2000);
    return `error ${e.code}`;
  }
}

describe('fuzz: formula filter parser and evaluator', () => {
  it('texts built from the grammar: a boolean, or 1254018 with a position', () => {
    fc.assert(fc.property(grammatical, (source) => void outcome(source)), fuzzSettings(4000));
  });

  it('any text at all, unicode included', () => {
    fc.assert(fc.property(anyText, (source) => void outcome(source)), fuzzSettings(3000));
  });

  it('deep nesting and texts around the 2,000-character cap', () => {
    // Found by this suite: 998 parentheses (within the cap) overflowed the parser's stack.
    const deepest = `${'('.repeat(998)}1=1${')'.repeat(998)}`;
    expect(outcome(deepest)).toBe('error 1254018');
    fc.assert(fc.property(extreme, (source) => void outcome(source)), { ...fuzzSettings(60), examples: [[deepest], [`${'-'.repeat(1990)}1=1`]] });
  });

  it('nesting up to 64 levels still parses and evaluates', () => {
    expect(outcome(`${'('.repeat(63)}CurrentValue.[Price]>12${')'.repeat(63)}`)).toBe('ok true');
    expect(outcome(`${'NOT('.repeat(31)}CurrentValue.[Done]=1${')'.repeat(31)}`)).toBe('ok false');
  });

  it('the same text always gets the same answer', () => {
    fc.assert(fc.property(grammatical, (source) => {
      expect(outcome(source)).toBe(outcome(source));
    }), fuzzSettings(300));
  });

  it('the generator reaches the evaluator: some texts evaluate, some are refused', () => {
    const seen = new Set(fc.sample(grammatical, { numRuns: 2000, seed: 42 }).map((s) => outcome(s).split(' ')[0]));
    expect(seen).toEqual(new Set(['ok', 'error']));
  });
});
