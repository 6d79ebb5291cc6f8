import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LAUNCHES, TASKS, TEAM, startDemoStack, writesIn, type DemoStack, dryThenRealDocument, ok as okOf } from './bitable.js';

/** createField, updateField, deleteField over real HTTP, the demo seed as upstream. */

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
  // Back-to-back writes: no hold after each (a retried conflict would add a call to the log a dry run is compared with).
  await s.emulatorConfig({ writeLockMs: 0 });
});
afterAll(() => s.close());

const ok = (query: string, variables?: Record<string, unknown>) => okOf(s, query, variables);

const dryThenReal = (mutation: string, input: Record<string, unknown>) => dryThenRealDocument(s, mutation, input);

/** Expects BAD_USER_INPUT at `argumentPath` and no write call. */
async function refused(mutation: string, input: Record<string, unknown>, argumentPath: string | RegExp) {
  await s.clearLog();
  const r = await s.gql(mutation, { input });
  expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
  if (typeof argumentPath === 'string') expect(r.errors[0].extensions.argumentPath).toBe(argumentPath);
  else expect(r.errors[0].extensions.argumentPath).toMatch(argumentPath);
  expect(writesIn(await s.log())).toEqual([]);
  return r.errors[0];
}

const PLANNED = 'plannedCalls { endpoint method path query body }';
const CREATE = `mutation($input: CreateFieldInput!) { createField(input: $input) { ${PLANNED} field { fieldId name type description options { name color } } table { tableId } } }`;
const UPDATE = `mutation($input: UpdateFieldInput!) { updateField(input: $input) { ${PLANNED} field { fieldId name type uiType property options { name } } table { tableId } } }`;
const DELETE = `mutation($input: DeleteFieldInput!) { deleteField(input: $input) { ${PLANNED} deletedFieldId table { tableId } } }`;
const readField = (tableId: string, fieldId: string) =>
  s.gql(`query($t: String!, $f: String!) { app(appToken: "${BASE}") { table(tableId: $t) { field(fieldId: $f) { fieldId name type uiType description property options { name } } } } }`, { t: tableId, f: fieldId });

describe('createField', () => {
  it('plans, then creates a select field that reads back', async () => {
    const input = { appToken: BASE, tableId: TASKS, name: 'Stage', type: 'SINGLE_SELECT', property: { options: [{ name: 'Draft' }, { name: 'Final', color: 5 }] }, description: 'Where the task is' };
    const { dry, real, writes } = await dryThenReal(CREATE, input);
    expect(dry.field).toBeNull();
    expect(dry.plannedCalls).toEqual([
      { endpoint: 'bitable.createField', method: 'POST', path: `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/fields`, query: { client_token: expect.any(String) }, body: { field_name: 'Stage', type: 3, property: input.property, description: { text: 'Where the task is' } } },
    ]);
    expect(writes).toHaveLength(1);
    expect(real.table).toEqual({ tableId: TASKS });
    expect(real.field).toMatchObject({ name: 'Stage', type: 'SINGLE_SELECT', description: 'Where the task is', options: [{ name: 'Draft' }, { name: 'Final', color: 5 }] });

    const back = await readField(TASKS, real.field.fieldId);
    expect(back.data.app.table.field).toMatchObject({ name: 'Stage', type: 'SINGLE_SELECT', description: 'Where the task is', options: [{ name: 'Draft' }, { name: 'Final' }] });
    expect(back.data.app.table.field.property.options).toHaveLength(2);
  });

  it('an idempotencyKey makes a repeated create return the first field', async () => {
    const input = { appToken: BASE, tableId: TEAM, name: 'Nickname', type: 'TEXT', idempotencyKey: 'nick-1' };
    const a = await ok(CREATE, { input });
    const b = await ok(CREATE, { input });
    expect(b.createField.field.fieldId).toBe(a.createField.field.fieldId);
    const fields = await ok(`{ app(appToken: "${BASE}") { table(tableId: "${TEAM}") { fields(first: 100) { edges { node { name } } } } } }`);
    expect(fields.app.table.fields.edges.filter((e: any) => e.node.name === 'Nickname')).toHaveLength(1);
  });

  it('refuses an empty or overlong name before any call', async () => {
    await refused(CREATE, { appToken: BASE, tableId: TASKS, name: '  ', type: 'TEXT' }, 'input.name');
    await refused(CREATE, { appToken: BASE, tableId: TASKS, name: 'x'.repeat(101), type: 'TEXT' }, 'input.name');
  });

  // One bad property per type that has one (seed A05); the validator names the offending key.
  const BAD_PROPERTIES: [string, unknown, string | RegExp][] = [
    ['NUMBER', { formatter: '0.00000' }, 'input.property.formatter'],
    ['SINGLE_SELECT', { options: [{ name: 'A', color: 99 }] }, 'input.property.options.0.color'],
    ['MULTI_SELECT', { options: [{ name: '' }] }, 'input.property.options.0.name'],
    ['DATE_TIME', { date_formatter: 'dd.MM.yyyy' }, 'input.property.date_formatter'],
    ['USER', { multiple: 'yes' }, 'input.property.multiple'],
    ['LINK', { multiple: true }, 'input.property.table_id'],
    ['DUPLEX_LINK', { table_id: 42 }, 'input.property.table_id'],
    ['FORMULA', { formatter: 'weird' }, 'input.property.formatter'],
    ['CREATED_TIME', { date_formatter: 'yy' }, 'input.property.date_formatter'],
    ['MODIFIED_TIME', { date_formatter: 'yy' }, 'input.property.date_formatter'],
    ['AUTO_NUMBER', { auto_serial: { type: 'roman' } }, 'input.property.auto_serial.type'],
    ['TEXT', 'not an object', /^input\.property/],
  ];
  it.each(BAD_PROPERTIES)('refuses a bad %s property before any call', async (type, property, path) => {
    const err = await refused(CREATE, { appToken: BASE, tableId: TASKS, name: `Bad ${type}`, type, property }, path);
    expect(err.message).toMatch(/property/);
  });

  it('an unknown table is Feishu\'s NOT_FOUND, mapped', async () => {
    const r = await s.gql(CREATE, { input: { appToken: BASE, tableId: 'tblNoSuchTable00', name: 'X', type: 'TEXT' } });
    expect(r.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1254041 } });
  });
});

describe('updateField', () => {
  let fieldId: string;
  beforeAll(async () => {
    const d = await ok(CREATE, { input: { appToken: BASE, tableId: LAUNCHES, name: 'Region', type: 'SINGLE_SELECT', property: { options: [{ name: 'EMEA' }, { name: 'APAC' }] }, description: 'Sales region' } });
    fieldId = d.createField.field.fieldId;
  });

  it('a rename alone keeps the options and description (the current field is read and sent whole)', async () => {
    const { dry, real, writes } = await dryThenReal(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, name: 'Sales region' });
    expect(writes).toHaveLength(1);
    const body = dry.plannedCalls[0].body;
    expect(dry.plannedCalls[0]).toMatchObject({ endpoint: 'bitable.updateField', method: 'PUT', path: `/open-apis/bitable/v1/apps/${BASE}/tables/${LAUNCHES}/fields/${fieldId}` });
    expect(body).toMatchObject({ field_name: 'Sales region', type: 3, description: { text: 'Sales region' } });
    expect(body.property.options.map((o: any) => o.name)).toEqual(['EMEA', 'APAC']);
    expect(body.property.options.every((o: any) => typeof o.id === 'string')).toBe(true);
    expect(real.field).toMatchObject({ fieldId, name: 'Sales region', type: 'SINGLE_SELECT', options: [{ name: 'EMEA' }, { name: 'APAC' }] });

    const back = (await readField(LAUNCHES, fieldId)).data.app.table.field;
    expect(back).toMatchObject({ name: 'Sales region', type: 'SINGLE_SELECT', options: [{ name: 'EMEA' }, { name: 'APAC' }] });
    expect(back.description).toBe('Sales region');
  });

  it('a new property replaces the options; a new type drops the old property', async () => {
    await ok(UPDATE, { input: { appToken: BASE, tableId: LAUNCHES, fieldId, property: { options: [{ name: 'EMEA' }, { name: 'AMER' }] } } });
    expect((await readField(LAUNCHES, fieldId)).data.app.table.field.options).toEqual([{ name: 'EMEA' }, { name: 'AMER' }]);

    const { dry, real } = await dryThenReal(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, type: 'NUMBER', property: { formatter: '0.00' } });
    expect(dry.plannedCalls[0].body).toEqual({ field_name: 'Sales region', type: 2, property: { formatter: '0.00' }, description: { text: 'Sales region' } });
    expect(real.field).toMatchObject({ type: 'NUMBER', property: { formatter: '0.00' }, options: [] });
    expect((await readField(LAUNCHES, fieldId)).data.app.table.field).toMatchObject({ name: 'Sales region', type: 'NUMBER', property: { formatter: '0.00' } });
  });

  it('null clears the description', async () => {
    const { dry } = await dryThenReal(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, description: null });
    expect(dry.plannedCalls[0].body.description).toBeUndefined();
    expect((await readField(LAUNCHES, fieldId)).data.app.table.field.description).toBeNull();
  });

  it('keeps a uiType it was not told to change', async () => {
    const budget = (await ok(`{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { field(name: "Spent") { fieldId uiType } } } }`)).app.table.field;
    expect(budget.uiType).toBe('Currency');
    const { dry } = await dryThenReal(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId: budget.fieldId, name: 'Spent so far' });
    expect(dry.plannedCalls[0].body).toMatchObject({ type: 2, ui_type: 'Currency', property: { currency_code: 'CNY' } });
    expect((await readField(LAUNCHES, budget.fieldId)).data.app.table.field).toMatchObject({ name: 'Spent so far', uiType: 'Currency' });
  });

  it('refuses a bad property for the field\'s type, and a type change whose property is missing', async () => {
    await refused(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, property: { formatter: 'nope' } }, 'input.property.formatter');
    await refused(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, type: 'LINK' }, /^input\.property/);
    await refused(UPDATE, { appToken: BASE, tableId: LAUNCHES, fieldId, name: '' }, 'input.name');
  });

  it('an unknown field id is NOT_FOUND, with no write', async () => {
    await s.clearLog();
    const r = await s.gql(UPDATE, { input: { appToken: BASE, tableId: LAUNCHES, fieldId: 'fldNoSuchField', name: 'X' } });
    expect(r.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(writesIn(await s.log())).toEqual([]);
  });
});

describe('deleteField', () => {
  it('plans, then deletes; the field is gone', async () => {
    const created = await ok(CREATE, { input: { appToken: BASE, tableId: TASKS, name: 'Scratch', type: 'CHECKBOX' } });
    const fieldId = created.createField.field.fieldId;
    const { dry, real } = await dryThenReal(DELETE, { appToken: BASE, tableId: TASKS, fieldId });
    expect(dry).toMatchObject({ deletedFieldId: null, table: null, plannedCalls: [{ endpoint: 'bitable.deleteField', method: 'DELETE', path: `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/fields/${fieldId}`, body: null }] });
    expect(real).toMatchObject({ deletedFieldId: fieldId, table: { tableId: TASKS } });
    const back = await readField(TASKS, fieldId);
    expect(back.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('an unknown field id is Feishu\'s NOT_FOUND, mapped', async () => {
    const r = await s.gql(DELETE, { input: { appToken: BASE, tableId: TASKS, fieldId: 'fldNoSuchField' } });
    expect(r.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1254044 } });
    expect(r.errors[0].message).toContain('fldNoSuchField');
  });

  it('refuses an empty field id before any call', async () => {
    await refused(DELETE, { appToken: BASE, tableId: TASKS, fieldId: ' ' }, 'input.fieldId');
  });
});
