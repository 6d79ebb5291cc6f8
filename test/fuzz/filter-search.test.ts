import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FilterCell } from '../../src/emulator/bitable/filter/cell.js';
import { SEARCH_OPERATORS, matchesSearchFilter, validateSearchFilter } from '../../src/emulator/bitable/filter/search.js';
import { ApiError } from '../../src/emulator/errors.js';
import { fuzzSettings } from './settings.js';

/**
 * The emulator's `records/search` filter, fuzzed: any JSON body, and bodies shaped like filters
 * with odd parts, either validate (and then match a record to a boolean) or throw the documented
 * errors: 99992402 (a malformed shape, HTTP 400), 1254018 InvalidFilter, 1254045 FieldNameNotFound.
 */

/** The table: field name -> Feishu type, and a record of it. */
const TYPES: Record<string, number> = { Name: 1, Price: 2, Stage: 3, Tags: 4, Due: 5, Done: 7, Owner: 11, Phone: 13, Site: 15, Files: 17, Link: 18, Place: 22, Created: 1001, Number: 1005 };
const CELLS: Record<string, FilterCell> = {
  Name: { type: 1, empty: false, text: 'Alpha' },
  Price: { type: 2, empty: false, text: '12.5', number: 12.5 },
  Stage: { type: 3, empty: false, text: 'Live', values: ['Live'] },
  Tags: { type: 4, empty: false, text: 'red,blue', values: ['red', 'blue'] },
  Due: { type: 5, empty: false, text: '2024-03-13', date: Date.UTC(2024, 2, 13) },
  Done: { type: 7, empty: false, text: '1', number: 1 },
  Owner: { type: 11, empty: false, text: 'Ann', values: ['Ann'], ids: ['ou_1'] },
  Phone: { type: 13, empty: true, text: '' },
  Site: { type: 15, empty: false, text: 'Example' },
  Files: { type: 17, empty: true, text: '' },
  Link: { type: 18, empty: false, text: 'rec1', values: ['rec1'], ids: ['rec1'] },
  Place: { type: 22, empty: false, text: 'Beijing' },
  Created: { type: 1001, empty: false, text: '2024-01-01', date: Date.UTC(2024, 0, 1) },
  Number: { type: 1005, empty: false, text: '7', number: 7 },
};
const ctx = { now: Date.UTC(2024, 2, 13, 4), timeZone: 'Asia/Shanghai' };
const DOCUMENTED = [99992402, 1254018, 1254045];

const value = fc.oneof(
  fc.constantFrom('Alpha', 'red', '12.5', '-3', 'abc', '', 'ExactDate', 'Today', 'Tomorrow', 'CurrentWeek', 'TheLastMonth', '1710288000000', 'ou_1', 'rec1', 'true', 'false'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const condition = fc.oneof(
  fc.record({
    field_name: fc.oneof(fc.constantFrom(...Object.keys(TYPES), 'Nope', ''), fc.string({ maxLength: 8 })),
    operator: fc.oneof(fc.constantFrom(...SEARCH_OPERATORS, 'like', 'in', 'IS'), fc.string({ maxLength: 6 })),
    value: fc.oneof(fc.array(value, { maxLength: 12 }), fc.constant(null), fc.jsonValue()),
  }, { requiredKeys: [] }),
  fc.jsonValue(),
);
const group = fc.record({
  conjunction: fc.oneof(fc.constantFrom('and', 'or', 'AND', '', null), fc.jsonValue()),
  conditions: fc.oneof(fc.array(condition, { maxLength: 6 }), fc.jsonValue()),
}, { requiredKeys: [] });
const filterShaped = fc.record({
  conjunction: fc.constantFrom('and', 'or', 'xor', undefined),
  conditions: fc.array(condition, { maxLength: 8 }),
  children: fc.oneof(fc.array(fc.oneof(group, fc.record({ conjunction: fc.constant('and'), conditions: fc.array(condition, { maxLength: 3 }), children: fc.array(group, { maxLength: 1 }) })), { maxLength: 3 }), fc.jsonValue()),
}, { requiredKeys: ['conditions'] });
/** Mostly well-formed: known fields, known operators, values that fit or nearly fit. */
const wellFormed = fc.record({
  conjunction: fc.constantFrom('and', 'or'),
  conditions: fc.array(fc.record({ field_name: fc.constantFrom(...Object.keys(TYPES)), operator: fc.constantFrom(...SEARCH_OPERATORS), value: fc.array(value, { maxLength: 2 }) }), { minLength: 1, maxLength: 4 }),
});

function outcome(filter: unknown): string {
  try {
    const typed = validateSearchFilter(filter, (name) => TYPES[name]);
    const result = matchesSearchFilter(typed, (name) => CELLS[name], ctx);
    expect(typeof result).toBe('boolean');
    return 'ok';
  } catch (e) {
    if (!(e instanceof ApiError)) throw new Error(`undocumented failure for ${JSON.stringify(filter)?.slice(0, 300)}: ${(e as Error)?.stack ?? e}`);
    expect(DOCUMENTED, e.message).toContain(e.code);
    expect(e.httpStatus).toBe(e.code === 99992402 ? 400 : 200);
    return `error ${e.code}`;
  }
}

describe('fuzz: records/search filter validation and matching', () => {
  it('any JSON value as the filter', () => {
    fc.assert(fc.property(fc.jsonValue(), (f) => void outcome(f)), fuzzSettings(2000));
  });

  it('filter-shaped bodies with odd parts', () => {
    fc.assert(fc.property(filterShaped, (f) => void outcome(f)), fuzzSettings(2000));
  });

  it('well-formed filters over every field type', () => {
    fc.assert(fc.property(wellFormed, (f) => void outcome(f)), fuzzSettings(2000));
  });

  it('the generators reach matching: some filters match a record, some are refused', () => {
    const seen = new Set(fc.sample(wellFormed, { numRuns: 1000, seed: 42 }).map((f) => outcome(f).split(' ')[0]));
    expect(seen).toEqual(new Set(['ok', 'error']));
  });
});
