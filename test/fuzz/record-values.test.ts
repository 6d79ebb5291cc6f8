import { EVERY_TYPE_FIELDS } from '../helpers/everyFieldType.js';
import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedFields, writeContext } from '../../src/emulator/bitable/values/write.js';
import { ApiError } from '../../src/emulator/errors.js';
import type { BitableField } from '../../src/feishu/index.js';
import { assertRecordValues, recordValueProblem } from '../../src/schema/bitable/validate/recordValues.js';
import { addTable, newBase } from '../helpers/bitableTable.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { fuzzSettings } from './settings.js';

/**
 * The gateway's record-value validation, fuzzed against a real table in the emulator:
 * - it never throws for any `fields` value, and refuses with a message naming the field, thrown
 *   as BAD_USER_INPUT with the caller's argumentPath;
 * - it is never stricter than Bitable: a value the emulator's own record write takes (checked in
 *   process, nothing stored) is one the gateway accepts (with createMissingOptions, since Feishu
 *   adds a missing option silently where the gateway asks first);
 * - the emulator's write refuses only with its documented conversion errors.
 */

const FIELDS = EVERY_TYPE_FIELDS;

let t: TestEmulator;
let appToken: string;
let tableId: string;
let fields: BitableField[];
beforeAll(async () => {
  t = await startTestEmulator();
  ({ appToken } = await newBase(t, 'Fuzz'));
  ({ tableId } = await addTable(t, appToken, { name: 'Every type', fields: FIELDS }));
  await t.call('POST', `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/fields`, { body: { field_name: 'Related', type: 18, property: { table_id: tableId } } });
  const table = t.emu.rt.state.apps[appToken].tables[tableId];
  // The fields as the gateway reads them (the list endpoint's shape).
  fields = Object.values(table.fields).map((f) => ({ field_id: f.field_id, field_name: f.field_name, type: f.type, property: f.property, ui_type: f.ui_type ?? null }));
});
afterAll(() => t?.close());

const NAMES = [...FIELDS.map((f) => f.field_name), 'Related'];
const text = fc.oneof(fc.constantFrom('', ' ', 'Draft', 'Live', 'red', 'blue', 'purple', '+8613800000000', '12345', '116.3,39.9', '-181,0', '0,91', 'https://x.example', 'ou_1', 'rec1', 'oc_1'), fc.string({ unit: 'binary', maxLength: 10 }));
const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1767225600000, Number.MAX_SAFE_INTEGER, 1e308));
const shaped = fc.oneof(
  text,
  num,
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.array(fc.record({ id: text }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.array(fc.record({ file_token: text, name: text }, { requiredKeys: [] }), { maxLength: 2 }),
  fc.record({ link: text, text: fc.oneof(text, fc.constant(null), num) }, { requiredKeys: [] }),
  fc.record({ location: text }, { requiredKeys: [] }),
  fc.tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })).map(([a, b]) => `${a},${b}`),
  fc.jsonValue(),
);
/** A `fields` map: mostly known names with shaped values, sometimes an unknown name. */
const fieldsMap = fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 })), shaped, { maxKeys: 4 });
const anyFields = fc.oneof(fieldsMap, fc.jsonValue());

/** Whether the emulator's own write takes these values (documented refusals only). */
function emulatorTakes(values: unknown): boolean {
  const rt = t.emu.rt;
  const app = rt.state.apps[appToken];
  try {
    storedFields(writeContext(rt, app, app.tables[tableId], 'open_id'), values);
    return true;
  } catch (e) {
    if (!(e instanceof ApiError)) throw new Error(`the emulator's write threw ${(e as Error)?.stack ?? e} for ${JSON.stringify(values)}`);
    expect(e.code === 1254001 || e.code === 1254045 || (e.code >= 1254060 && e.code <= 1254074) || e.code === 1254015, `${e.code} ${e.message}`).toBe(true);
    return false;
  }
}

describe('fuzz: record values against the table’s field types', () => {
  it('never throws; a refusal names a field of the input and says why', () => {
    fc.assert(
      fc.property(anyFields, fc.boolean(), (values, createMissingOptions) => {
        const problem = recordValueProblem(fields, values, { createMissingOptions });
        if (problem === null) return;
        expect(problem.message.length).toBeGreaterThan(0);
        const isMap = typeof values === 'object' && values !== null && !Array.isArray(values);
        // '' names the map itself, unless the map has a field literally named ''.
        if (problem.field !== '' || isMap) expect(Object.keys(values as object)).toContain(problem.field);
        let thrown: unknown;
        try {
          assertRecordValues(fields, values, { argumentPath: 'input.records.3.fields', createMissingOptions });
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(GraphQLError);
        expect((thrown as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.records.3.fields' });
        if (problem.field) expect((thrown as GraphQLError).extensions.field).toBe(problem.field);
      }),
      fuzzSettings(3000),
    );
  });

  it('never stricter than Bitable: what the emulator’s write takes, the gateway takes', () => {
    fc.assert(
      fc.property(fieldsMap, (values) => {
        if (!emulatorTakes(values)) return;
        expect(recordValueProblem(fields, values, { createMissingOptions: true })).toBeNull();
      }),
      fuzzSettings(3000),
    );
  });

  it('the generator reaches both sides: some maps are taken, some refused', () => {
    const outcomes = new Set(fc.sample(fieldsMap, { numRuns: 500, seed: 42 }).map((v) => emulatorTakes(v)));
    expect(outcomes).toEqual(new Set([true, false]));
  });
});
