import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BitableField } from '../../src/feishu/index.js';
import { assertRecordValues, recordValueProblem } from '../../src/schema/bitable/validate/recordValues.js';
import { newTable, type TestTable } from '../helpers/bitableTable.js';
import { newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

/**
 * Record values against field types (seed A03 write shapes): every type's valid values pass and
 * each kind of bad value is refused naming the field; then every valid sample is written to the
 * emulator, which must accept it, and every refused cell value must be refused there too (except
 * unknown option names, which Feishu would add and the gateway asks about first).
 */

/** The table's fields: `[name, type, property?]`, made the same way in the emulator below. */
const FIELDS: [string, number, unknown?][] = [
  ['Amount', 2, { formatter: '0.00' }],
  ['Stage', 3, { options: [{ name: 'Draft' }, { name: 'Live' }] }],
  ['Tags', 4, { options: [{ name: 'red' }, { name: 'blue' }] }],
  ['Due', 5],
  ['Done', 7],
  ['Owner', 11],
  ['Lead', 11, { multiple: false }],
  ['Phone', 13],
  ['Site', 15],
  ['Files', 17],
  ['Related', 18, { table_id: 'LINKED' }],
  ['Parent', 18, { table_id: 'LINKED', multiple: false }],
  ['Twin', 21, { table_id: 'LINKED', back_field_name: 'Twin of' }],
  ['Place', 22],
  ['Group', 23],
  ['Room', 23, { multiple: false }],
  ['Double', 20, { formula_expression: '[Amount] * 2' }],
  ['Created', 1001],
  ['Modified', 1002],
  ['Creator', 1003],
  ['Modifier', 1004],
  ['Number', 1005],
];
const PRIMARY = '多行文本'; // the text field every new table starts with (test/helpers/bitableTable.ts)

const fakeFields: BitableField[] = [
  { field_id: 'fldPrimary', field_name: PRIMARY, type: 1, property: null },
  ...FIELDS.map(([field_name, type, property], i) => ({ field_id: `fld${i}`, field_name, type, property: property ?? null })),
  { field_id: 'fldFuture', field_name: 'Future', type: 99, property: null },
];

interface Ids { user: string; user2: string; chat: string; chat2: string; file: string; rec1: string; rec2: string }
const fakeIds: Ids = { user: 'ou_1', user2: 'ou_2', chat: 'oc_1', chat2: 'oc_2', file: 'boxcnFile1', rec1: 'recA', rec2: 'recB' };

/** Valid values of every writable type (and null, "", [] which clear a cell). */
const valid = (id: Ids): [string, unknown][] => [
  [PRIMARY, 'hello'],
  [PRIMARY, '多行文本 🥕\nsecond line'],
  [PRIMARY, ''],
  ['Amount', 12.5],
  ['Amount', 0],
  ['Amount', -3],
  ['Stage', 'Live'],
  ['Tags', ['red']],
  ['Tags', ['red', 'blue']],
  ['Tags', ['red', 'red']],
  ['Due', 1767225600000],
  ['Due', 0],
  ['Done', true],
  ['Done', false],
  ['Owner', [{ id: id.user }]],
  ['Owner', [{ id: id.user }, { id: id.user2 }]],
  ['Lead', [{ id: id.user }]],
  ['Lead', [{ id: id.user }, { id: id.user }]],
  ['Phone', '+8613800000000'],
  ['Phone', '13800000000'],
  ['Site', { link: 'https://example.com' }],
  ['Site', { text: 'Example', link: 'https://example.com/a?b=c' }],
  ['Site', { text: null, link: 'https://example.com' }],
  ['Files', [{ file_token: id.file }]],
  ['Related', [id.rec1]],
  ['Related', [id.rec1, id.rec2]],
  ['Parent', [id.rec2]],
  ['Place', '116.397755,39.903179'],
  ['Place', '-73.985, 40.758'],
  ['Place', { location: '116.397755,39.903179', name: '天安门' }],
  ['Group', [{ id: id.chat }]],
  ['Group', [{ id: id.chat }, { id: id.chat2 }]],
  ['Room', [{ id: id.chat }]],
  ...[PRIMARY, ...FIELDS.filter(([, type]) => type < 19 || type === 22 || type === 23).map(([name]) => name)].map((name): [string, unknown] => [name, null]),
  ['Tags', []],
  ['Owner', []],
];

/** [field, bad value, words the message must hold]. */
const INVALID: [string, unknown, string][] = [
  [PRIMARY, 42, 'takes a string, got 42'],
  [PRIMARY, true, 'got true'],
  [PRIMARY, [{ type: 'text', text: 'read shape' }], 'takes a string'],
  [PRIMARY, { text: 'x' }, 'takes a string'],
  ['Amount', '12', 'takes a finite number, got "12"'],
  ['Amount', Number.NaN, 'finite number'],
  ['Amount', Number.POSITIVE_INFINITY, 'finite number'],
  ['Amount', true, 'finite number'],
  ['Amount', [1], 'finite number'],
  ['Stage', 3, 'takes an option name'],
  ['Stage', ['Live'], 'takes an option name'],
  ['Stage', 'Archived', 'has no option "Archived"'],
  ['Tags', 'red', 'takes an array of option names (non-empty strings), got "red"'],
  ['Tags', [1], 'array of option names'],
  ['Tags', ['red', ''], 'array of option names'],
  ['Tags', [['red']], 'array of option names'],
  ['Tags', ['red', 'green'], 'has no option "green"'],
  ['Due', 'tomorrow', 'field "Due" (DATE_TIME) takes a millisecond timestamp number, got "tomorrow"'],
  ['Due', '2021-01-01', 'millisecond timestamp'],
  ['Due', { ms: 1 }, 'millisecond timestamp'],
  ['Due', Number.NaN, 'millisecond timestamp'],
  ['Done', 'yes', 'takes a boolean, got "yes"'],
  ['Done', 1, 'takes a boolean'],
  ['Done', 'true', 'takes a boolean'],
  ['Owner', 'ou_1', 'takes an array of {id} objects'],
  ['Owner', ['ou_1'], '{id} objects'],
  ['Owner', [{ open_id: 'ou_1' }], '{id} objects'],
  ['Owner', [{ id: '' }], '{id} objects'],
  ['Owner', [{ id: 7 }], '{id} objects'],
  ['Owner', { id: 'ou_1' }, '{id} objects'],
  ['Lead', [{ id: 'ou_1' }, { id: 'ou_2' }], 'takes one value (its property.multiple is false), got 2'],
  ['Phone', '138-0000-0000', 'digits with an optional leading +'],
  ['Phone', '+86 138', 'digits'],
  ['Phone', 13800000000, 'digits'],
  ['Phone', 'call me', 'digits'],
  ['Site', 'https://example.com', 'takes a {link, text?} object'],
  ['Site', { text: 'no link' }, '{link, text?}'],
  ['Site', { link: '' }, '{link, text?}'],
  ['Site', { link: 5 }, '{link, text?}'],
  ['Site', { link: 'https://example.com', text: 5 }, '{link, text?}'],
  ['Site', [{ link: 'https://example.com' }], '{link, text?}'],
  ['Files', ['boxcnFile1'], 'takes an array of {file_token} objects'],
  ['Files', { file_token: 'boxcnFile1' }, '{file_token}'],
  ['Files', [{ token: 'boxcnFile1' }], '{file_token}'],
  ['Files', [{ file_token: '' }], '{file_token}'],
  ['Related', 'recA', 'takes an array of record ids'],
  ['Related', [{ id: 'recA' }], 'record ids'],
  ['Related', [''], 'record ids'],
  ['Related', [5], 'record ids'],
  ['Parent', ['recA', 'recB'], 'takes one value'],
  ['Twin', ['recA'], 'cannot be written'],
  ['Place', 'somewhere', 'takes a "longitude,latitude" string'],
  ['Place', 116.3, 'longitude,latitude'],
  ['Place', [116.3, 39.9], 'longitude,latitude'],
  ['Place', '116.3;39.9', 'longitude,latitude'],
  ['Place', '200,10', 'longitude,latitude'],
  ['Place', '10,95', 'longitude,latitude'],
  ['Place', { location: 5 }, 'longitude,latitude'],
  ['Group', 'oc_1', 'takes an array of {id} objects naming group chats'],
  ['Group', ['oc_1'], 'group chats'],
  ['Group', [{ chat_id: 'oc_1' }], 'group chats'],
  ['Room', [{ id: 'oc_1' }, { id: 'oc_2' }], 'takes one value'],
  ...['Double', 'Created', 'Modified', 'Creator', 'Modifier', 'Number'].flatMap((name): [string, unknown, string][] => [
    [name, 1, 'is computed by Bitable and cannot be written'],
    [name, null, 'is computed by Bitable'],
  ]),
];

const TYPE_NAMES: Record<number, string> = { 19: 'LOOKUP', 1: 'TEXT', 2: 'NUMBER', 3: 'SINGLE_SELECT', 4: 'MULTI_SELECT', 5: 'DATE_TIME', 7: 'CHECKBOX', 11: 'USER', 13: 'PHONE', 15: 'URL', 17: 'ATTACHMENT', 18: 'LINK', 20: 'FORMULA', 21: 'DUPLEX_LINK', 22: 'LOCATION', 23: 'GROUP_CHAT', 1001: 'CREATED_TIME', 1002: 'MODIFIED_TIME', 1003: 'CREATED_USER', 1004: 'MODIFIED_USER', 1005: 'AUTO_NUMBER' };

describe('recordValueProblem', () => {
  it.each(valid(fakeIds))('accepts %s = %j', (name, value) => {
    expect(recordValueProblem(fakeFields, { [name]: value }, {})).toBeNull();
  });

  it('covers every type the gateway knows with valid and invalid samples', () => {
    const typeOf = (name: string) => fakeFields.find((f) => f.field_name === name)!.type;
    const writable = Object.keys(TYPE_NAMES).map(Number).filter((t) => ![19, 20, 21, 1001, 1002, 1003, 1004, 1005].includes(t));
    expect(new Set(valid(fakeIds).map(([n]) => typeOf(n)))).toEqual(new Set(writable));
    expect(new Set(INVALID.map(([n]) => typeOf(n)))).toEqual(new Set(Object.keys(TYPE_NAMES).map(Number).filter((t) => t !== 19)));
  });

  it.each(INVALID)('refuses %s = %j', (name, value, words) => {
    const problem = recordValueProblem(fakeFields, { [PRIMARY]: 'fine', [name]: value }, {});
    expect(problem?.field).toBe(name);
    expect(problem?.message).toContain(words);
    const type = fakeFields.find((f) => f.field_name === name)!.type;
    expect(problem?.message).toContain(`field "${name}" (${TYPE_NAMES[type]})`);
  });

  it('refuses a lookup value (computed)', () => {
    const fields: BitableField[] = [{ field_id: 'fldL', field_name: 'Looked up', type: 19, property: null }];
    expect(recordValueProblem(fields, { 'Looked up': ['x'] }, {})?.message).toBe('field "Looked up" (LOOKUP) is computed by Bitable and cannot be written');
  });

  it('says what it was given when the fields map is not an object', () => {
    for (const values of [null, undefined, 'Name', 5, [], [{ Name: 'x' }]]) {
      const problem = recordValueProblem(fakeFields, values, {});
      expect(problem?.field).toBe('');
      expect(problem?.message).toMatch(/^fields must be a JSON object keyed by field name, got /);
    }
    expect(recordValueProblem(fakeFields, 'Name', {})?.message).toContain('got "Name"');
  });

  it('accepts an empty fields map (an empty record)', () => {
    expect(recordValueProblem(fakeFields, {}, {})).toBeNull();
  });

  it('refuses an unknown field name, suggesting a close one', () => {
    expect(recordValueProblem(fakeFields, { Amuont: 1 }, {})).toEqual({ field: 'Amuont', message: 'no field is named "Amuont" in this table (did you mean "Amount"?)' });
    expect(recordValueProblem(fakeFields, { amount: 1 }, {})?.message).toContain('did you mean "Amount"?');
    expect(recordValueProblem(fakeFields, { ' Due ': 1 }, {})?.message).toContain('did you mean "Due"?');
    expect(recordValueProblem(fakeFields, { 'Something else entirely': 1 }, {})).toEqual({ field: 'Something else entirely', message: 'no field is named "Something else entirely" in this table' });
  });

  it('says when a field id was used instead of its name', () => {
    expect(recordValueProblem(fakeFields, { fld0: 1 }, {})?.message).toBe('no field is named "fld0": fields are keyed by name, and fld0 is the id of field "Amount"');
  });

  it('lists the options and suggests a close one for an unknown option name', () => {
    expect(recordValueProblem(fakeFields, { Stage: 'live' }, {})?.message).toBe(
      'field "Stage" (SINGLE_SELECT) has no option "live" (did you mean "Live"?); its options are "Draft", "Live". Set createMissingOptions to add it',
    );
    const bare: BitableField[] = [{ field_id: 'fldS', field_name: 'S', type: 3, property: { options: [] } }];
    expect(recordValueProblem(bare, { S: 'x' }, {})?.message).toContain('it has no options yet');
    const many: BitableField[] = [{ field_id: 'fldM', field_name: 'M', type: 4, property: { options: Array.from({ length: 12 }, (_, i) => ({ name: `o${i}` })) } }];
    expect(recordValueProblem(many, { M: ['zzz'] }, {})?.message).toContain('"o9", ...');
  });

  it('takes unknown option names with createMissingOptions, still checking shapes', () => {
    expect(recordValueProblem(fakeFields, { Stage: 'Archived', Tags: ['red', 'green'] }, { createMissingOptions: true })).toBeNull();
    expect(recordValueProblem(fakeFields, { Stage: 3 }, { createMissingOptions: true })?.field).toBe('Stage');
    expect(recordValueProblem(fakeFields, { Tags: 'green' }, { createMissingOptions: true })?.field).toBe('Tags');
  });

  it('leaves a field type it does not know to Feishu', () => {
    expect(recordValueProblem(fakeFields, { Future: { anything: true } }, {})).toBeNull();
  });

  it('reports the first problem in the order the caller wrote the fields', () => {
    expect(recordValueProblem(fakeFields, { Amount: 1, Done: 'no', Due: 'x' }, {})?.field).toBe('Done');
  });

  it('cuts a long given value short', () => {
    const message = recordValueProblem(fakeFields, { Amount: 'x'.repeat(500) }, {})!.message;
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/\.\.\.$/);
  });
});

describe('assertRecordValues', () => {
  const thrown = (values: unknown, opts: { createMissingOptions?: boolean } = {}) => {
    try {
      assertRecordValues(fakeFields, values, { argumentPath: 'input.records.3.fields', ...opts });
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('passes valid values', () => {
    expect(thrown({ Amount: 1, Stage: 'Live' })).toBeUndefined();
    expect(thrown({ Stage: 'New' }, { createMissingOptions: true })).toBeUndefined();
  });

  it('throws BAD_USER_INPUT with the caller\'s argumentPath and the field', () => {
    const e = thrown({ Due: 'tomorrow' });
    expect(e).toBeInstanceOf(GraphQLError);
    expect((e as GraphQLError).message).toBe('field "Due" (DATE_TIME) takes a millisecond timestamp number, got "tomorrow"');
    expect((e as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: 'input.records.3.fields', field: 'Due' });
  });

  it('names no field when the map itself is wrong', () => {
    expect((thrown('x') as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentPath: 'input.records.3.fields' });
  });
});

describe('against the emulator', () => {
  let t: TestEmulator;
  let table: TestTable;
  let ids: Ids;
  let fields: BitableField[];

  beforeAll(async () => {
    t = await startTestEmulator({ config: { writeLockMs: 0 } });
    const [alice, bob] = [await newUser(t, 'Alice'), await newUser(t, 'Bob')];
    const chat = (await t.admin('POST', '/chats', { name: 'Room 1' })).body.chat_id;
    const chat2 = (await t.admin('POST', '/chats', { name: 'Room 2' })).body.chat_id;
    const file = 'boxcnValidatorCrossCheck01';
    t.emu.rt.state.media[file] = { file_token: file, name: 'a.txt', size: 1, mime_type: 'text/plain', parent_type: 'bitable_file', parent_node: '', created_at: Date.now() };
    table = await newTable(t, 'Validator base');
    const linked = await table.table('Linked');
    const rec1 = (await linked.create({ 多行文本: 'one' })).data.record.record_id;
    const rec2 = (await linked.create({ 多行文本: 'two' })).data.record.record_id;
    ids = { user: alice.open_id, user2: bob.open_id, chat, chat2, file, rec1, rec2 };
    for (const [field_name, type, property] of FIELDS) {
      const p = property && typeof property === 'object' && 'table_id' in property ? { ...property, table_id: linked.tableId } : property;
      await table.field({ field_name, type, property: p });
    }
    // The field metadata as the gateway reads it before a write.
    const res = await t.call('GET', `${table.path}/fields`, { query: { page_size: '100' } });
    fields = res.body.data.items;
  });
  afterAll(() => t.close());

  it('has every field of the unit tests', () => {
    expect(fields.map((f) => f.field_name).sort()).toEqual(fakeFields.filter((f) => f.type !== 99).map((f) => f.field_name).sort());
  });

  it('accepts every value the validator accepts', async () => {
    const refused: unknown[] = [];
    for (const [name, value] of valid(ids)) {
      expect(recordValueProblem(fields, { [name]: value }, {}), `${name} = ${JSON.stringify(value)}`).toBeNull();
      const res = await table.create({ [name]: value });
      if (res.code !== 0) refused.push({ name, value, code: res.code, msg: res.msg });
    }
    expect(refused).toEqual([]);
  });

  it('accepts a whole record of valid values, and new options with createMissingOptions', async () => {
    const record = Object.fromEntries(valid(ids).filter(([, v]) => v !== null));
    expect(recordValueProblem(fields, record, {})).toBeNull();
    expect((await table.create(record)).code).toBe(0);
    const withNew = { Stage: 'Archived', Tags: ['red', 'green'] };
    expect(recordValueProblem(fields, withNew, { createMissingOptions: true })).toBeNull();
    expect((await table.create(withNew)).code).toBe(0);
  });

  it('refuses every cell value the validator refuses, but for unknown option names', async () => {
    const accepted: unknown[] = [];
    for (const [name, value] of INVALID) {
      expect(recordValueProblem(fields, { [name]: value }, {}), `${name} = ${JSON.stringify(value)}`).not.toBeNull();
      // The emulator (as Feishu) adds an option a write names; the gateway asks for createMissingOptions first.
      const unknownOption = recordValueProblem(fields, { [name]: value }, { createMissingOptions: true }) === null;
      // JSON has no NaN or Infinity: they would reach Feishu as null, which clears.
      if (unknownOption || (typeof value === 'number' && !Number.isFinite(value))) continue;
      const res = await table.create({ [name]: value });
      if (res.code === 0) accepted.push({ name, value });
    }
    expect(accepted).toEqual([]);
  });

  it('refuses unknown field names as the emulator does', async () => {
    expect(recordValueProblem(fields, { Amuont: 1 }, {})).not.toBeNull();
    expect((await table.create({ Amuont: 1 })).code).toBe(1254045);
  });
});
