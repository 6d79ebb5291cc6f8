import { EVERY_TYPE_FIELDS } from '../helpers/everyFieldType.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestTenantToken } from '../helpers/tenantToken.js';
import { BASE, startDemoStack, writesIn, type DemoStack } from './bitable.js';

/**
 * Record values are checked against the table's field types before any write (issue 5): an
 * invalid value of every field type is refused as BAD_USER_INPUT naming the field, and the
 * emulator log shows no write call.
 */

let s: DemoStack;
let tableId: string;

const FIELDS = [...EVERY_TYPE_FIELDS, { field_name: 'Double', type: 20, property: { formatter: '0', formula_expression: 'bitable::$table[TABLE].$field[AMOUNT]*2' } }];

/** [field, an invalid value] for every field type. */
const INVALID: [string, unknown][] = [
  ['Name', 42],
  ['Amount', 'twelve'],
  ['Stage', 'Archived'],
  ['Tags', 'red'],
  ['Due', 'tomorrow'],
  ['Done', 'yes'],
  ['Owner', 'ou_123'],
  ['Phone', 'call me maybe'],
  ['Site', 'https://example.com'],
  ['Files', ['boxcnToken']],
  ['Related', 'recNotAList'],
  ['Place', 116.3],
  ['Group', 'oc_123'],
  ['Double', 3],
  ['Created', 1767225600000],
  ['Number', '7'],
];

beforeAll(async () => {
  s = await startDemoStack();
  const token = (await requestTenantToken(s.emu.url, s.emu.rt.appId, s.emu.rt.appSecret)).tenant_access_token!;
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${s.emu.url}/open-apis/bitable/v1/apps/${BASE}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as any;
    if (json.code !== 0) throw new Error(JSON.stringify(json));
    return json.data;
  };
  await s.emulatorConfig({ writeLockMs: 0 });
  tableId = (await call('POST', '/tables', { table: { name: 'Every type', fields: FIELDS.filter((f) => f.type !== 20) } })).table_id;
  const amount = s.emu.rt.state.apps[BASE].tables[tableId];
  const amountId = Object.values(amount.fields).find((f) => f.field_name === 'Amount')!.field_id;
  const formula = FIELDS.find((f) => f.type === 20)!;
  const expression = (formula.property as { formula_expression: string }).formula_expression.replace('TABLE', tableId).replace('AMOUNT', amountId);
  await call('POST', `/tables/${tableId}/fields`, { ...formula, property: { ...formula.property, formula_expression: expression } });
  await call('POST', `/tables/${tableId}/fields`, { field_name: 'Related', type: 18, property: { table_id: tableId } });
});
afterAll(() => s.close());

const CREATE = `mutation($t: String!, $f: JSON!, $create: Boolean) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: $f, createMissingOptions: $create}) { record { recordId fields } } }`;

it.each(INVALID)('refuses an invalid %s value, naming the field, with no write call', async (field, value) => {
  await s.clearLog();
  const res = await s.gql(CREATE, { t: tableId, f: { Name: 'ok', [field]: value } });
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.fields', field });
  expect(res.errors[0].message).toContain(field);
  expect(writesIn(await s.log())).toEqual([]);
});

it('refuses an unknown field name, in createRecords naming the record', async () => {
  await s.clearLog();
  const res = await s.gql(`mutation($t: String!) { createRecords(input: {appToken: "${BASE}", tableId: $t, records: [{fields: {Name: "a"}}, {fields: {Nmae: "b"}}]}) { complete } }`, { t: tableId });
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.records.1.fields', field: 'Nmae' });
  expect(writesIn(await s.log())).toEqual([]);
});

it('accepts a valid value of every writable type, and a new option with createMissingOptions', async () => {
  const valid = {
    Name: 'All good',
    Amount: 12.5,
    Stage: 'Live',
    Tags: ['red', 'blue'],
    Due: 1767225600000,
    Done: true,
    Site: { text: 'Example', link: 'https://example.com' },
    Place: '116.310003,39.991957',
  };
  const res = await s.gql(CREATE, { t: tableId, f: valid });
  expect(res.errors).toBeUndefined();
  expect(res.data.createRecord.record.fields).toMatchObject({ Amount: 12.5, Stage: 'Live', Done: true });

  const withNew = await s.gql(CREATE, { t: tableId, f: { Stage: 'Archived' }, create: true });
  expect(withNew.errors).toBeUndefined();
  expect(withNew.data.createRecord.record.fields.Stage).toBe('Archived');
});
