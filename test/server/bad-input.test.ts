import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics, type RecordChanged } from '../../src/events/types.js';
import { collect, postWebhook, recordEnvelope, sealed, until } from '../helpers/webhookEvents.js';
import { BASE, TASKS, startDemoStack, type DemoStack, type LoggedCall } from './bitable.js';
import { API_KEY, startStack, type Stack } from './harness.js';
import type { EmulatorCall } from './resilience-stack.js';

/**
 * Issue 10, bad input: each refused cleanly (a status and a GraphQL error naming the problem,
 * never INTERNAL_SERVER_ERROR), with no Feishu call where none is needed, and the process still
 * serving afterwards. What other suites already pin (record values of every field type,
 * filters, caps on `first`, the webhook's signature cases, the identity headers) is not
 * repeated here; depth, alias and upload limits have their own suites.
 */

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
  await s.emulatorConfig({ writeLockMs: 0 });
  expect((await s.gql('{ viewer { kind } }')).data).toEqual({ viewer: { kind: 'APP' } }); // the token, outside the cases
});
afterAll(() => s?.close());

const feishuCalls = async () => (await s.log()).filter((c) => !c.path.includes('/auth/v3/'));

/** Waits until the emulator log stops growing: a field whose sibling failed may still be loading after the answer. */
async function settle(): Promise<LoggedCall[]> {
  let last = -1;
  for (;;) {
    const log = await s.log();
    if (log.length === last) return log;
    last = log.length;
    await new Promise((r) => setTimeout(r, 40));
  }
}

async function raw(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; body: any }> {
  const res = await fetch(s.url, { method, headers: { 'content-type': 'application/json', 'x-api-key': API_KEY, ...headers }, body: method === 'GET' ? undefined : new Uint8Array(Buffer.from(body)) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: res.status, body: parsed };
}

/** The gateway still answers a query that needs Feishu. */
async function stillServing() {
  const r = await s.gql(`{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1) { edges { node { recordId } } } } } }`);
  expect(r.errors).toBeUndefined();
  expect(r.data.app.table.records.edges).toHaveLength(1);
}

// Yoga answers parse and validation errors with 200 to `application/json` clients (GraphQL over HTTP), 4xx otherwise.
describe('malformed GraphQL requests: a GraphQL error and no data, no Feishu call', () => {
  it.each([
    ['a syntax error', JSON.stringify({ query: '{ viewer { kind }' }), /Syntax Error/],
    ['an empty query', JSON.stringify({ query: '' }), /Syntax Error/],
    ['no query at all', JSON.stringify({ variables: {} }), /query/i],
    ['a query that is a number', JSON.stringify({ query: 42 }), /query/i],
    ['a body that is not JSON', '{"query": "{ viewer { kind } }"', /JSON|body/i],
    ['a JSON string body', JSON.stringify('{ viewer { kind } }'), /./],
    ['a JSON array body', JSON.stringify([{ query: '{ viewer { kind } }' }]), /./],
    ['variables that are not an object', JSON.stringify({ query: '{ viewer { kind } }', variables: 'x' }), /variables/i],
    ['extensions that are not an object', JSON.stringify({ query: '{ viewer { kind } }', extensions: 7 }), /extensions/i],
    ['an unknown field', JSON.stringify({ query: '{ nope }' }), /nope/],
    ['two operations and no operationName', JSON.stringify({ query: 'query A { viewer { kind } } query B { viewer { kind } }' }), /operation/i],
    ['an unknown operationName', JSON.stringify({ query: 'query A { viewer { kind } }', operationName: 'B' }), /operation/i],
    ['a subscription over plain POST with no such field', JSON.stringify({ query: 'subscription { nope }' }), /nope/],
    ['a fragment cycle', JSON.stringify({ query: '{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }' }), /within itself/],
    ['a NUL byte in the query', JSON.stringify({ query: '{ viewer\u0000 { kind } }' }), /Syntax Error|Invalid character/i],
  ])('%s', async (_name, body, message) => {
    await s.clearLog();
    const r = await raw(body);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors?.length, JSON.stringify(r.body)).toBeGreaterThanOrEqual(1);
    expect(r.body.errors[0].message).toMatch(message);
    expect(r.body.errors.map((e: any) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(await feishuCalls()).toEqual([]);
  });

  it('a mutation over GET is refused (405), even with the CSRF header', async () => {
    const url = `${s.url}?query=${encodeURIComponent(`mutation { deleteRecords(input: { appToken: "${BASE}", tableId: "${TASKS}", recordIds: ["recX"] }) { complete } }`)}`;
    await s.clearLog();
    const res = await fetch(url, { headers: { 'x-api-key': API_KEY, 'x-graphql-yoga-csrf': '1' } });
    expect(res.status).toBe(405);
    expect(await feishuCalls()).toEqual([]);
  });

  it('the process is still up and serving', stillServing);
});

describe('variables of the wrong type: BAD_USER_INPUT naming the variable, no Feishu call', () => {
  const RECORDS = `query($first: Int) { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: $first) { totalCount } } } }`;
  const CREATE_RECORDS = 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { complete } }';
  const CREATE_FIELD = 'mutation($input: CreateFieldInput!) { createField(input: $input) { field { fieldId } } }';
  it.each([
    ['Int given a string', RECORDS, { first: 'ten' }, 'first'],
    ['Int given a fraction', RECORDS, { first: 1.5 }, 'first'],
    ['Int given 2^40', RECORDS, { first: 2 ** 40 }, 'first'],
    ['Int given an object', RECORDS, { first: { n: 1 } }, 'first'],
    ['an input missing a required field', CREATE_RECORDS, { input: { appToken: BASE, records: [] } }, 'input'],
    ['an input with an unknown field', CREATE_RECORDS, { input: { appToken: BASE, tableId: TASKS, records: [], extra: 1 } }, 'input'],
    ['a list of inputs given a number', CREATE_RECORDS, { input: { appToken: BASE, tableId: TASKS, records: 5 } }, 'input.records'],
    ['a String given a number', CREATE_RECORDS, { input: { appToken: 12, tableId: TASKS, records: [] } }, 'input.appToken'],
    ['a Boolean given a string', CREATE_RECORDS, { input: { appToken: BASE, tableId: TASKS, records: [], dryRun: 'yes' } }, 'input.dryRun'],
    ['an unknown enum value', CREATE_FIELD, { input: { appToken: BASE, tableId: TASKS, name: 'x', type: 'HOLOGRAM' } }, 'input.type'],
    ['an enum given in lower case', CREATE_FIELD, { input: { appToken: BASE, tableId: TASKS, name: 'x', type: 'number' } }, 'input.type'],
    ['a required variable given null', CREATE_RECORDS, { input: null }, 'input'],
    ['a required variable missing', CREATE_RECORDS, {}, 'input'],
  ])('%s', async (_name, query, variables, argumentPath) => {
    await s.clearLog();
    const r = await s.gql(query, variables);
    expect(r.errors?.length, JSON.stringify(r)).toBeGreaterThanOrEqual(1);
    expect(r.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath });
    expect(r.data ?? undefined).toBeUndefined();
    expect(await feishuCalls()).toEqual([]);
  });
});

describe('deeply nested variables: refused before coercion (they overflowed the stack into INTERNAL_SERVER_ERROR)', () => {
  const WHERE = `query($w: RecordFilterInput) { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 1, where: $w) { totalCount } } } }`;
  const CELL = `mutation($f: JSON!) { createRecord(input: {appToken: "${BASE}", tableId: "${TASKS}", fields: $f, dryRun: true}) { plannedCalls { method } } }`;
  const nestedWhere = (depth: number) => `${'{"conjunction":"AND","conditions":[],"children":['.repeat(depth)}{"conjunction":"AND","conditions":[]}${']}'.repeat(depth)}`;
  const post = (query: string, variables: string) => raw(`{"query":${JSON.stringify(query)},"variables":${variables}}`);

  it.each([
    ['a where 5,000 levels deep', WHERE, `{"w":${nestedWhere(5_000)}}`, 'w'],
    ['a JSON cell of 50,000 nested lists', CELL, `{"f":{"Task":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`, 'f'],
  ])('%s: BAD_USER_INPUT naming the variable, no Feishu call', async (_name, query, variables, argumentPath) => {
    await s.clearLog();
    const r = await post(query, variables);
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/nests deeper than 64 levels/), extensions: { code: 'BAD_USER_INPUT', argumentPath } })]);
    expect(await feishuCalls()).toEqual([]);
  });

  it('ordinary nesting passes the depth check and meets the usual validation', async () => {
    const r = await post(WHERE, `{"w":${nestedWhere(1)}}`);
    expect(r.body.errors).toBeUndefined();
    const cell = await post(CELL, `{"f":{"Task":${'['.repeat(20)}${']'.repeat(20)}}}`);
    expect(cell.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.fields', field: 'Task' });
  });
});

describe('invalid values in inputs: BAD_USER_INPUT with the argument path, before any write call', () => {
  const M = {
    createRecords: 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { complete } }',
    createRecord: 'mutation($input: CreateRecordInput!) { createRecord(input: $input) { record { recordId } } }',
    updateRecords: 'mutation($input: UpdateRecordsInput!) { updateRecords(input: $input) { complete } }',
    deleteRecords: 'mutation($input: DeleteRecordsInput!) { deleteRecords(input: $input) { complete } }',
    sendMessage: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { messageId } } }',
    createField: 'mutation($input: CreateFieldInput!) { createField(input: $input) { field { fieldId } } }',
  };
  const writes = async () => (await s.log()).filter((c) => c.method !== 'GET' && !/\/auth\/v3\/|\/(search|batch_get|batch_query)$/.test(c.path));
  it.each([
    ['record fields that are a string', M.createRecord, { appToken: BASE, tableId: TASKS, fields: 'Task=x' }, 'input.fields'],
    ['record fields that are a list', M.createRecord, { appToken: BASE, tableId: TASKS, fields: [1, 2] }, 'input.fields'],
    ['record fields that are null', M.createRecords, { appToken: BASE, tableId: TASKS, records: [{ fields: { Task: 'ok' } }, { fields: null }] }, 'input.records.1.fields'], // graphql-js's own check, dotted like ours
    ['an unknown field among many rows', M.createRecords, { appToken: BASE, tableId: TASKS, records: [...Array.from({ length: 700 }, () => ({ fields: { Task: 'ok' } })), { fields: { 'Tsak\u200b': 'x' } }] }, 'input.records.700.fields'],
    ['a text cell given an object', M.createRecord, { appToken: BASE, tableId: TASKS, fields: { Task: { evil: true } } }, 'input.fields'],
    ['an empty record id in an update', M.updateRecords, { appToken: BASE, tableId: TASKS, records: [{ recordId: '', fields: { Task: 'x' } }] }, 'input.records.0.recordId'],
    ['an empty record id in a delete', M.deleteRecords, { appToken: BASE, tableId: TASKS, recordIds: ['recA', ''] }, 'input.recordIds.1'],
    ['a message with two contents', M.sendMessage, { receiveIdType: 'CHAT_ID', receiveId: 'oc_x', text: 'a', post: { zh_cn: {} } }, 'input.post'],
    ['a message with no content', M.sendMessage, { receiveIdType: 'CHAT_ID', receiveId: 'oc_x' }, 'input'],
    ['a uuid over 50 characters', M.sendMessage, { receiveIdType: 'CHAT_ID', receiveId: 'oc_x', text: 'a', uuid: 'u'.repeat(51) }, 'input.uuid'],
    ['a field property that is not an object', M.createField, { appToken: BASE, tableId: TASKS, name: 'P', type: 'SINGLE_SELECT', property: 'options' }, 'input.property'],
  ])('%s', async (_name, query, input, argumentPath) => {
    await s.clearLog();
    const r = await s.gql(query, { input });
    expect(r.errors?.length, JSON.stringify(r)).toBeGreaterThanOrEqual(1);
    expect(r.errors[0].extensions?.code, JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
    expect(String(r.errors[0].extensions.argumentPath)).toBe(argumentPath);
    await settle();
    expect(await writes()).toEqual([]);
  });

  it('the process is still up and serving', stillServing);
});

describe('odd characters in ids: encoded as one path segment or refused, never another Feishu path', () => {
  const ODD = ['', '..', '.', '../', '../../tables', '..%2F..', '%2F', 'a/b', '?x=1&y=2', '#frag', 'a b', '表格 🙂', ' ', '\u0000', 'a\nb', 'x'.repeat(5_000)];
  const QUERIES: Array<[string, string, (c: LoggedCall, id: string) => boolean]> = [
    ['appToken', 'query($id: String!) { app(appToken: $id) { name tables(first: 1) { totalCount } } }', (c, id) => c.path.startsWith(`/open-apis/bitable/v1/apps/${encodeURIComponent(id)}`) && segmentAfter(c.path, 'apps') === encodeURIComponent(id)],
    ['tableId', `query($id: String!) { app(appToken: "${BASE}") { table(tableId: $id) { name records(first: 1) { totalCount } } } }`, (c, id) => !c.path.includes('/tables/') || segmentAfter(c.path, 'tables') === encodeURIComponent(id)],
    ['recordId (read)', `query($id: String!) { app(appToken: "${BASE}") { table(tableId: "${TASKS}") { record(recordId: $id) { fields } } } }`, (c, id) => !c.path.endsWith('/batch_get') || JSON.stringify((c.body as any)?.record_ids) === JSON.stringify([id])],
    ['recordId (delete)', `mutation($id: String!) { deleteRecord(input: {appToken: "${BASE}", tableId: "${TASKS}", recordId: $id}) { deletedRecordIds } }`, (c, id) => c.method !== 'DELETE' || c.path === `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/records/${encodeURIComponent(id)}`],
    ['chatId', 'query($id: String!) { chat(chatId: $id) { name messages(first: 1) { edges { node { messageId } } } } }', (c, id) =>
        c.path.endsWith('/chats/batch_query') ? JSON.stringify((c.body as any)?.chat_ids) === JSON.stringify([id]) : !c.path.startsWith('/open-apis/im/v1/chats/') || c.path === `/open-apis/im/v1/chats/${encodeURIComponent(id)}`],
  ];
  let fingerprint: string;
  const stateFingerprint = () => {
    const st = s.emu.rt.state;
    return JSON.stringify({
      apps: Object.keys(st.apps).sort(),
      tables: Object.fromEntries(Object.entries(st.apps).map(([a, app]) => [a, Object.entries(app.tables).map(([t, tbl]) => `${t}:${Object.keys(tbl.records).length}:${Object.keys(tbl.fields).length}`).sort()])),
      chats: Object.keys(st.chats).length,
      messages: Object.keys(st.messages).length,
    });
  };
  beforeAll(() => {
    fingerprint = stateFingerprint();
  });

  it.each(QUERIES.flatMap(([where, query, fits]) => ODD.map((id) => [where, JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}…(${id.length})` : id), id, query, fits] as const)))('%s %s', async (_where, _label, id, query, fits) => {
    await settle();
    await s.clearLog();
    const r = await s.gql(query, { id });
    const log = (await settle()).filter((c) => !c.path.includes('/auth/v3/'));
    expect(r.errors?.length, JSON.stringify(r.data)).toBeGreaterThanOrEqual(1);
    for (const e of r.errors) expect(['NOT_FOUND', 'BAD_USER_INPUT'], e.message).toContain(e.extensions?.code);
    const strays = log.filter((c) => !fits(c, id));
    expect(strays.map((c) => `${c.method} ${c.path}`)).toEqual([]);
  });

  it('nothing in the emulator changed: every base, table, record, field, chat and message is where it was', async () => {
    await settle();
    expect(stateFingerprint()).toBe(fingerprint);
  });

  it('the process is still up and serving', stillServing);
});

const segmentAfter = (path: string, name: string) => {
  const parts = path.split('/');
  return parts[parts.indexOf(name) + 1];
};

describe('oversized JSON bodies: 413 by Content-Length, before the body is read', () => {
  it('a 1.5 MiB body over MAX_BODY_BYTES (1 MiB default)', async () => {
    await s.clearLog();
    const r = await raw(JSON.stringify({ query: '{ viewer { kind } }', variables: { pad: 'x'.repeat(1.5 * 1024 * 1024) } }));
    expect(r.status).toBe(413);
    expect(r.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/MAX_BODY_BYTES/) });
    expect(await feishuCalls()).toEqual([]);
  });

  it('a Content-Length of 50 MiB with no body sent is answered 413 at once (the body is never awaited)', async () => {
    const { port, hostname } = new URL(s.url);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: hostname, port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024), 'x-api-key': API_KEY } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.setTimeout(5_000, () => req.destroy(new Error('no answer within 5 s: the gateway waited for the body')));
      req.on('error', reject);
      req.flushHeaders(); // headers only; the body never comes
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('the process is still up and serving', stillServing);
});

describe('bad API keys and tokens: 401 before anything is sent; a forged user token costs one refused call', () => {
  it.each([
    ['an 8 KiB API key', { 'x-api-key': 'k'.repeat(8192) }],
    ['the API key with a suffix', { 'x-api-key': `${API_KEY}x` }],
    ['the API key truncated', { 'x-api-key': API_KEY.slice(0, -1) }],
    ['the API key in upper case', { 'x-api-key': API_KEY.toUpperCase() }],
    ['the API key as a bearer token', { authorization: `Bearer ${API_KEY}` }],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a bearer scheme alone', { authorization: 'Bearer' }],
    ['an app_secret-looking bearer', { authorization: `Bearer ${'s'.repeat(32)}` }],
  ])('%s', async (_name, headers) => {
    await s.clearLog();
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ viewer { kind } }' }) });
    expect(res.status).toBe(401);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain(API_KEY);
    expect(await feishuCalls()).toEqual([]);
  });

  it('a user token Feishu does not know: UNAUTHENTICATED, its one call refused, the token not echoed', async () => {
    await s.clearLog();
    const token = 'u-forged-0123456789abcdef';
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: `{ viewer { kind } app(appToken: "${BASE}") { name } }` }) });
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(text).not.toContain(token);
    const calls = (await settle()) as EmulatorCall[];
    // The token is passed through as it came: the one call it made was refused (99991668), nothing answered.
    expect(calls.map((c) => `${c.path} ${c.code}`)).toEqual([`/open-apis/bitable/v1/apps/${BASE} 99991668`]);
  });

  it('over graphql-ws, a bad key in connectionParams is refused and the server keeps serving others', async () => {
    const bad = s.ws({ 'x-api-key': 'not-the-key' });
    const refused = await new Promise<unknown>((resolve) => {
      bad.subscribe({ query: '{ viewer { kind } }' }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
    // The operation is refused with the same error as over HTTP; the socket may stay for a good key.
    expect(refused).toEqual([expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })]);
    await stillServing();
  });
});

describe('webhooks: exact replays, concurrent copies, odd envelopes', () => {
  let stack: Stack;
  const APP = 'bascnBadInput0000000000001';
  const TBL = 'tblBadInput00001';
  beforeAll(async () => {
    stack = await startStack({}, {}, { events: true });
  });
  afterAll(() => stack?.close());

  it('the same signed request sent again byte for byte, and 20 copies of a new one at once: each published once', async () => {
    const { webhookUrl: url, encryptKey: key, verificationToken: token } = stack.events!;
    const seen = collect(stack.events!.runtime.services.bus.subscribe(topics.record(APP, TBL)));
    try {
      const once = sealed(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recReplay'] }), key);
      expect((await postWebhook(url, once)).status).toBe(200);
      expect((await postWebhook(url, once)).status).toBe(200); // the very same bytes, signature and nonce
      const burst = sealed(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recBurst'] }), key);
      const answers = await Promise.all(Array.from({ length: 20 }, () => postWebhook(url, burst)));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      const sentinel = sealed(recordEnvelope({ appToken: APP, tableId: TBL, token, recordIds: ['recSentinel'] }), key);
      expect((await postWebhook(url, sentinel)).status).toBe(200);
      await until(() => seen.items.some((e) => (e as RecordChanged).recordId === 'recSentinel'), 5_000, 'the sentinel');
      expect(seen.items.map((e) => (e as RecordChanged).recordId)).toEqual(['recReplay', 'recBurst', 'recSentinel']);
    } finally {
      await seen.stop();
    }
  });

  it.each([
    ['encrypt is a number', { encrypt: 123 }],
    ['encrypt is an object', { encrypt: { a: 1 } }],
    ['encrypt is null', { encrypt: null }],
    ['encrypt is empty', { encrypt: '' }],
    ['a deeply nested body', JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`)],
  ])('%s: 400 or 401, and the receiver keeps working', async (_name, body) => {
    const res = await postWebhook(stack.events!.webhookUrl, { body: JSON.stringify(body) });
    expect([400, 401]).toContain(res.status);
    const health = await fetch(new URL('/health', stack.url));
    expect(health.status).toBe(200);
  });
});
