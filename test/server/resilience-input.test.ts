import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuError } from '../../src/schema/errors.js';
import { BASE, TASKS } from './bitable.js';
import { API_KEY } from './harness.js';
import { TASKS_PAGE, startResilienceStack, type GqlAnswer, type ResilienceStack } from './resilience-stack.js';

/**
 * Issue 4, end to end: bad input is the caller's to fix, so it is answered as such — NOT_FOUND at
 * the field that loads the missing object, with a message naming it; BAD_USER_INPUT for a
 * malformed filter or a `first` over its cap — and no answer carries a secret or a token.
 */

let s: ResilienceStack;
let tenantToken: string;
const answers: GqlAnswer[] = [];
beforeAll(async () => {
  s = await startResilienceStack();
  const res = await fetch(`${s.emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: s.emu.rt.appId, app_secret: s.emu.rt.appSecret }),
  });
  tenantToken = ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
});
afterAll(() => s?.close());

/** One operation that must fail with exactly one error; every answer is kept for the secrets check. */
async function oneError(query: string) {
  const r = await s.gql(query);
  answers.push(r);
  expect(r.status).toBe(200);
  expect(r.body.errors).toHaveLength(1);
  return r.body.errors![0];
}

const NO_BASE = 'bascnNoSuchBase000000000000';
const NO_TABLE = 'tblNoSuchTable00';
const records = (args: string) => `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(${args}) { edges { node { recordId } } } } } }`;

describe('resilience: unknown objects are NOT_FOUND at the field that loads them', () => {
  it('unknown base: the issue query fails at app.table.records, naming the appToken', async () => {
    const e = await oneError(`{ app(appToken: "${NO_BASE}") { table(tableId: "${TASKS}") { records(first: 20) { edges { node { recordId } } } } } }`);
    expect(e).toMatchObject({ path: ['app', 'table', 'records'], extensions: { code: 'NOT_FOUND', feishu: { code: 1254040 } } });
    expect(e.message).toBe(`Feishu has no such base (appToken "${NO_BASE}"): BaseTokenNotFound (Feishu code 1254040)`);
  });

  it('unknown base: app metadata fails at app.name, the root lookup itself does not', async () => {
    const r = await s.gql(`{ app(appToken: "${NO_BASE}") { appToken name } }`);
    answers.push(r);
    expect(r.body.data.app).toEqual({ appToken: NO_BASE, name: null });
    expect(r.body.errors?.[0]).toMatchObject({ path: ['app', 'name'], extensions: { code: 'NOT_FOUND' } });
    expect(r.body.errors?.[0].message).toContain(NO_BASE);
  });

  it('unknown table: records fail at app.table.records, naming the tableId', async () => {
    const e = await oneError(`{ app(appToken: "${BASE}") { table(tableId: "${NO_TABLE}") { records(first: 20) { edges { node { recordId } } } } } }`);
    expect(e).toMatchObject({ path: ['app', 'table', 'records'], extensions: { code: 'NOT_FOUND', feishu: { code: 1254041 } } });
    expect(e.message).toContain(`tableId "${NO_TABLE}"`);
  });

  it('unknown record: fails at record.fields, naming the record and its table', async () => {
    const e = await oneError(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { record(recordId: "recNoSuchRecord") { recordId fields } } } }`);
    expect(e).toMatchObject({ path: ['app', 'table', 'record', 'fields'], extensions: { code: 'NOT_FOUND' } });
    expect(e.message).toContain('recNoSuchRecord');
    expect(e.message).toContain(TASKS);
  });

  it.each([
    ['where', `first: 5, where: { conjunction: AND, conditions: [{ field: "No such field", operator: IS, value: ["x"] }] }`],
    ['sort', `first: 5, sort: [{ field: "No such field" }]`],
    ['fieldNames', `first: 5, fieldNames: ["No such field"]`],
  ])('unknown field in %s: NOT_FOUND at records, naming the field', async (_arg, args) => {
    const e = await oneError(records(args));
    expect(e).toMatchObject({ path: ['app', 'table', 'records'], extensions: { code: 'NOT_FOUND', feishu: { code: 1254045 } } });
    expect(e.message).toMatch(/no such field/i);
    expect(e.message).toContain('No such field');
  });

  it('unknown field by name: NOT_FOUND at table.field and at a record cell', async () => {
    const field = await oneError(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { field(name: "No such field") { fieldId } } } }`);
    expect(field).toMatchObject({ path: ['app', 'table', 'field'], extensions: { code: 'NOT_FOUND' } });
    expect(field.message).toContain('"No such field"');
    const cell = await oneError(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1) { edges { node { cell(field: "No such field") { value } } } } } } }`);
    expect(cell).toMatchObject({ path: ['app', 'table', 'records', 'edges', 0, 'node', 'cell'], extensions: { code: 'NOT_FOUND' } });
    expect(cell.message).toContain('"No such field"');
  });
});

describe('resilience: malformed input is BAD_USER_INPUT', () => {
  it('a malformed formula filter: BAD_USER_INPUT with where it broke', async () => {
    const e = await oneError(records(`first: 5, filter: "CurrentValue.[Status]=("`));
    expect(e).toMatchObject({ path: ['app', 'table', 'records'], extensions: { code: 'BAD_USER_INPUT', argumentPath: 'filter', feishu: { code: 1254018 } } });
    expect(e.message).toMatch(/position \d+/);
  });

  it('a where condition whose operator does not fit the field: BAD_USER_INPUT naming the field', async () => {
    const e = await oneError(records(`first: 5, where: { conjunction: AND, conditions: [{ field: "Status", operator: IS_GREATER, value: ["x"] }] }`));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'where' });
    expect(e.message).toContain('Status');
  });

  it.each([
    [`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 501) { totalCount } } } }`, 500],
    [`{ app(appToken: "${BASE}") { tables(first: 101) { totalCount } } }`, 100],
    [`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { fields(first: 101) { totalCount } } } }`, 100],
  ])('first over its cap: BAD_USER_INPUT naming the cap, before any Feishu call (%#)', async (query, cap) => {
    await s.clearLog();
    const e = await oneError(query);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(e.message).toContain(`at most ${cap}`);
    expect((await s.log()).filter((c) => !c.path.includes('/auth/'))).toEqual([]);
  });
});

describe('resilience: no secret or token in any error', () => {
  it('none of the answers above carries the app secret, the API key or a token', async () => {
    expect(answers.length).toBeGreaterThanOrEqual(12);
    expect(tenantToken).toMatch(/^t-/);
    for (const r of answers) {
      expect(r.text).not.toContain(s.emu.rt.appSecret);
      expect(r.text).not.toContain(API_KEY);
      expect(r.text).not.toContain(tenantToken);
      expect(r.text).not.toMatch(/\b[tu]-[A-Za-z0-9._~+/=-]{6,}/);
    }
  });

  it('a user token the caller sent and Feishu refused is not echoed back', async () => {
    const token = 'u-not-a-real-user-token-0123456789';
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: TASKS_PAGE }) });
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(text).not.toContain(token);
    expect(text).not.toContain(s.emu.rt.appSecret);
  });

  it('the not-found message names ids from the request path only (unit)', () => {
    const base = { kind: 'not-found', msg: 'RecordIdNotFound', logId: null };
    expect(feishuError({ ...base, code: 1254043, path: `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/records/rec%20x` }).message).toBe(
      'Feishu has no such record (recordId "rec x"): RecordIdNotFound (Feishu code 1254043)',
    );
    // An action segment is not an id: the generic message stays.
    expect(feishuError({ ...base, code: 1254043, path: `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/records/batch_get` }).message).toBe(
      'Feishu has no such object: RecordIdNotFound (Feishu code 1254043)',
    );
  });
});
