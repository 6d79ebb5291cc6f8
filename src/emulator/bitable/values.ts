/**
 * Cell values, one module per direction: `values/write.ts` (request value -> stored form, per
 * type, with the seed's conversion error codes), `values/read.ts` (stored form -> read shape per
 * endpoint family), `values/computed.ts` + `values/formula.ts` (formula and lookup cells),
 * `values/filterCell.ts` (what the query languages compare). This file is the one import path
 * for the rest of the emulator.
 */
export { PHONE_RE, storedFields, writeContext, type WriteContext } from './values/write.js';
export { readFields, type ReadFamily, type ReadOptions } from './values/read.js';
export { plainOf, type CellContext } from './values/computed.js';
export { evaluateFormula, plainTexts, type Plain } from './values/formula.js';
export { cellLookups, filterCell } from './values/filterCell.js';
