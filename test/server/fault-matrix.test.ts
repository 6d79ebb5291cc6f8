import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, MATRIX_TIMEOUT_MS, expectSameSet, openApi, visibleOutcome, type FaultKind, type OpTraits, type Outcome } from '../helpers/faultMatrix.js';
import { BASE, LAUNCHES } from './bitable.js';
import { API_KEY } from './harness.js';
import { FAST_RETRY, startResilienceStack, type GqlAnswer, type ResilienceStack } from './resilience-stack.js';

/**
 * Issue 10: every fault kind the emulator's fault API injects (rows of FAULT_KINDS) against every
 * kind of operation (OPS): a nested read, createRecords over two chunks with an idempotencyKey,
 * updateRecords, deleteRecords, createField, sendMessage and an upload. Each cell checks what the
 * client saw (data, or the error code, with retryAfter for a rate limit) and, from the emulator's
 * state, that nothing was lost or written twice; a failed write sent again, the fault gone,
 * completes without duplicates. The gateway's backoff is milliseconds (FAST_RETRY), its headers
 * timeout MATRIX_TIMEOUT_MS, and a rate-limit reset over 1.5 s is answered at once, so the whole
 * matrix takes seconds.
 */

let s: ResilienceStack;
let api: ReturnType<typeof openApi>;
let dispatcher: Agent;
let appToken: string;
let chatBase: string;

beforeAll(async () => {
  dispatcher = new Agent({ headersTimeout: MATRIX_TIMEOUT_MS, bodyTimeout: MATRIX_TIMEOUT_MS, connect: { timeout: MATRIX_TIMEOUT_MS } });
  s = await startResilienceStack({ retry: FAST_RETRY, maxThrottleWaitMs: 1_500, throttle: 'off', dispatcher });
  await s.emulatorConfig({ writeLockMs: 0 });
  api = openApi(s.emu);
  appToken = (await api('POST', '/open-apis/bitable/v1/apps', { name: 'Fault matrix' })).app.app_token;
  chatBase = `matrix-${randomUUID().slice(0, 8)}`;
  readBaseline = await nestedRead();
  expect(readBaseline.body.errors).toBeUndefined();
});
afterAll(async () => {
  await s?.close();
  await dispatcher?.close();
});
beforeEach(async () => {
  await s.clearFaults();
  await s.clearLog();
});

const state = () => s.emu.rt.state;
const tableState = (tableId: string) => state().apps[appToken].tables[tableId];
const recordIds = (tableId: string) => Object.keys(tableState(tableId).records);
/** Cells are stored by field id. */
const fieldId = (tableId: string, name: string) => Object.values(tableState(tableId).fields).find((f) => f.field_name === name)!.field_id;
const numberOf = (tableId: string, recordId: string) => tableState(tableId).records[recordId].fields[fieldId(tableId, 'N')] as number;
const numbersOf = (tableId: string) => recordIds(tableId).map((id) => numberOf(tableId, id));

async function newTable(): Promise<string> {
  const { table_id } = await api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables`, { table: { name: `t-${randomUUID().slice(0, 8)}`, fields: [{ field_name: 'Name', type: 1 }, { field_name: 'N', type: 2 }] } });
  return table_id;
}

async function seedRecords(tableId: string, n: number): Promise<string[]> {
  const data = await api('POST', `/open-apis/bitable/v1/apps/${appToken}/tables/${tableId}/records/batch_create`, { records: Array.from({ length: n }, (_, i) => ({ fields: { Name: `seed ${i}`, N: i } })) });
  return data.records.map((r: { record_id: string }) => r.record_id);
}

/** Feishu write calls the gateway made in this cell (reads, tokens and field lists aside). */
const writeCalls = async () => (await s.log()).filter((c) => c.method !== 'GET' && !/\/auth\/v3\/|\/records\/(search|batch_get)$/.test(c.path));

const NESTED = `{ app(appToken: "${BASE}") { table(tableId: "${LAUNCHES}") { records(first: 10) { edges { node { recordId cells { __typename
  ... on LinkCell { records { recordId fields } }
  ... on UserCell { users { openId name } } } } } } } } }`;
const nestedRead = () => s.gql(NESTED);
let readBaseline: GqlAnswer;

async function uploadFile(name: string): Promise<GqlAnswer> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($input: UploadBitableAttachmentInput!) { uploadBitableAttachment(input: $input) { fileToken } }', variables: { input: { appToken, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([new Uint8Array(Buffer.from(`bytes of ${name}`))], { type: 'text/plain' }), name);
  const res = await fetch(s.url, { method: 'POST', headers: { 'x-api-key': API_KEY, 'x-graphql-yoga-csrf': '1' }, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

interface Cell {
  tableId?: string;
  seeded?: string[];
  key: string;
  mediaBefore?: number;
  chatId?: string;
}

interface Op extends OpTraits {
  name: string;
  method: string;
  path(c: Cell): string;
  /** Matching calls let through before the fault applies (the second chunk of a create). */
  skip?: number;
  setup(): Promise<Cell>;
  /** Runs the operation; answers what the client saw. */
  run(c: Cell): Promise<{ answer: GqlAnswer; outcome: string }>;
  /** State after the operation: `done` whether it took effect (succeeded, or applied before its answer failed). */
  verify(c: Cell, answer: GqlAnswer, done: boolean, kind: FaultKind): Promise<void>;
  /** A failed operation sent again, as a client would, the fault gone: it completes and writes nothing twice. */
  resend?(c: Cell): Promise<void>;
}

const CREATE_ROWS = 600; // two chunks of batch_create (500 + 100)
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ fields: { Name: `row ${i}`, N: i } }));
const CREATE_RECORDS = 'mutation($input: CreateRecordsInput!) { createRecords(input: $input) { records { recordId } chunks { status error { code } } complete } }';
const mutate = (name: string, selection: string) => `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${selection} } }`;
const plain = async (answer: GqlAnswer) => ({ answer, outcome: visibleOutcome(answer.body) });
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

const OPS: Op[] = [
  {
    name: 'nested read (linked records and users)',
    idempotent: true,
    serialized: false,
    method: 'POST',
    path: () => 'records/batch_get$',
    setup: async () => ({ key: '' }),
    run: async () => plain(await nestedRead()),
    verify: async (_c, answer, done) => {
      if (done) expect(answer.body.data).toEqual(readBaseline.body.data);
      else {
        // The first level is intact; the error sits at a linked cell's records.
        expect(answer.body.data.app.table.records.edges).toHaveLength(10);
        expect(answer.body.errors![0].path.slice(0, 4)).toEqual(['app', 'table', 'records', 'edges']);
        expect(answer.body.errors![0].path.at(-1)).toBe('records');
      }
      expect(await writeCalls()).toEqual([]);
    },
  },
  {
    name: `createRecords, ${CREATE_ROWS} rows in two chunks, idempotencyKey (fault on the second chunk)`,
    idempotent: true,
    serialized: true,
    method: 'POST',
    path: () => 'records/batch_create$',
    skip: 1,
    setup: async () => ({ tableId: await newTable(), key: randomUUID() }),
    run: async (c) => {
      const answer = await s.gql(CREATE_RECORDS, { input: { appToken, tableId: c.tableId, records: rows(CREATE_ROWS), idempotencyKey: c.key } });
      const out = answer.body.data?.createRecords;
      return { answer, outcome: visibleOutcome(answer.body, out?.chunks.find((ch: any) => ch.status !== 'APPLIED')) };
    },
    verify: async (c, answer, done) => {
      const out = answer.body.data.createRecords;
      const ids = out.records.map((r: any) => r.recordId);
      if (done) {
        expect(out.complete).toBe(true);
        expect(out.chunks.map((ch: any) => ch.status)).toEqual(['APPLIED', 'APPLIED']);
        expect(ids).toHaveLength(CREATE_ROWS);
        expectSameSet(recordIds(c.tableId!), ids);
        expect(numbersOf(c.tableId!).sort((a, b) => a - b)).toEqual(range(CREATE_ROWS));
      } else {
        // The first chunk is applied and reported; the second is not, and wrote nothing.
        expect(out.complete).toBe(false);
        expect(out.chunks.map((ch: any) => ch.status)).toEqual(['APPLIED', 'FAILED']);
        expect(ids).toHaveLength(500);
        expectSameSet(recordIds(c.tableId!), ids);
      }
    },
    resend: async (c) => {
      const before = [...recordIds(c.tableId!)];
      const again = await s.gql(CREATE_RECORDS, { input: { appToken, tableId: c.tableId, records: rows(CREATE_ROWS), idempotencyKey: c.key } });
      expect(again.body.errors).toBeUndefined();
      const out = again.body.data.createRecords;
      expect(out.complete).toBe(true);
      const ids = out.records.map((r: any) => r.recordId);
      // The chunk applied the first time comes back with the same ids, not a second copy.
      expect(ids.slice(0, 500).sort()).toEqual([...before].sort());
      expectSameSet(recordIds(c.tableId!), ids);
      expect(numbersOf(c.tableId!).sort((a, b) => a - b)).toEqual(range(CREATE_ROWS));
    },
  },
  {
    name: 'updateRecords (3 records)',
    idempotent: true,
    serialized: true,
    method: 'POST',
    path: () => 'records/batch_update$',
    setup: async () => {
      const tableId = await newTable();
      return { tableId, seeded: await seedRecords(tableId, 3), key: '' };
    },
    run: async (c) => plain(await s.gql(mutate('updateRecords', 'records { recordId } complete'), { input: { appToken, tableId: c.tableId, records: c.seeded!.map((recordId, i) => ({ recordId, fields: { N: 100 + i } })) } })),
    verify: async (c, answer, done) => {
      expect(recordIds(c.tableId!).sort()).toEqual([...c.seeded!].sort());
      expect(c.seeded!.map((id) => numberOf(c.tableId!, id))).toEqual(done ? [100, 101, 102] : [0, 1, 2]);
      if (done) expect(answer.body.data.updateRecords.records.map((r: any) => r.recordId)).toEqual(c.seeded);
    },
    resend: async (c) => {
      const again = await s.gql(mutate('updateRecords', 'complete'), { input: { appToken, tableId: c.tableId, records: c.seeded!.map((recordId, i) => ({ recordId, fields: { N: 100 + i } })) } });
      expect(again.body.errors).toBeUndefined();
      expect(c.seeded!.map((id) => numberOf(c.tableId!, id))).toEqual([100, 101, 102]);
    },
  },
  {
    name: 'deleteRecords (3 of 5)',
    idempotent: true,
    serialized: true,
    method: 'POST',
    path: () => 'records/batch_delete$',
    setup: async () => {
      const tableId = await newTable();
      return { tableId, seeded: await seedRecords(tableId, 5), key: '' };
    },
    run: async (c) => plain(await s.gql(mutate('deleteRecords', 'deletedRecordIds complete'), { input: { appToken, tableId: c.tableId, recordIds: c.seeded!.slice(0, 3) } })),
    verify: async (c, answer, done) => {
      expectSameSet(recordIds(c.tableId!), done ? c.seeded!.slice(3) : c.seeded!);
      if (done) expectSameSet(answer.body.data.deleteRecords.deletedRecordIds, c.seeded!.slice(0, 3));
    },
    resend: async (c) => {
      const again = await s.gql(mutate('deleteRecords', 'deletedRecordIds complete'), { input: { appToken, tableId: c.tableId, recordIds: c.seeded!.slice(0, 3) } });
      expect(again.body.errors).toBeUndefined();
      expectSameSet(again.body.data.deleteRecords.deletedRecordIds, c.seeded!.slice(0, 3));
      expectSameSet(recordIds(c.tableId!), c.seeded!.slice(3));
    },
  },
  {
    name: 'createField with an idempotencyKey',
    idempotent: true,
    serialized: true,
    method: 'POST',
    path: (c) => `tables/${c.tableId}/fields$`,
    setup: async () => ({ tableId: await newTable(), key: randomUUID() }),
    run: async (c) => plain(await s.gql(mutate('createField', 'field { fieldId name }'), { input: { appToken, tableId: c.tableId, name: 'Score', type: 'NUMBER', idempotencyKey: c.key } })),
    verify: async (c, answer, done) => {
      const named = Object.values(tableState(c.tableId!).fields).filter((f) => f.field_name === 'Score');
      expect(named).toHaveLength(done ? 1 : 0);
      if (done) expect(answer.body.data.createField.field.fieldId).toBe(named[0].field_id);
    },
    resend: async (c) => {
      const again = await s.gql(mutate('createField', 'field { fieldId }'), { input: { appToken, tableId: c.tableId, name: 'Score', type: 'NUMBER', idempotencyKey: c.key } });
      expect(again.body.errors).toBeUndefined();
      const named = Object.values(tableState(c.tableId!).fields).filter((f) => f.field_name === 'Score');
      expect(named.map((f) => f.field_id)).toEqual([again.body.data.createField.field.fieldId]);
    },
  },
  {
    name: 'sendMessage with a uuid',
    idempotent: true,
    serialized: false,
    method: 'POST',
    path: () => '/im/v1/messages$',
    setup: async () => {
      const res = await fetch(`${s.emu.url}/__emulator/chats`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `${chatBase}-${randomUUID().slice(0, 6)}` }) });
      return { chatId: ((await res.json()) as { chat_id: string }).chat_id, key: randomUUID() };
    },
    run: async (c) => plain(await s.gql(mutate('sendMessage', 'message { messageId }'), { input: { receiveIdType: 'CHAT_ID', receiveId: c.chatId, text: 'hello', uuid: c.key } })),
    verify: async (c, answer, done) => {
      const sent = Object.values(state().messages).filter((m) => m.chat_id === c.chatId);
      expect(sent).toHaveLength(done ? 1 : 0);
      if (done) expect(answer.body.data.sendMessage.message.messageId).toBe(sent[0].message_id);
    },
    resend: async (c) => {
      const again = await s.gql(mutate('sendMessage', 'message { messageId }'), { input: { receiveIdType: 'CHAT_ID', receiveId: c.chatId, text: 'hello', uuid: c.key } });
      expect(again.body.errors).toBeUndefined();
      const sent = Object.values(state().messages).filter((m) => m.chat_id === c.chatId);
      expect(sent.map((m) => m.message_id)).toEqual([again.body.data.sendMessage.message.messageId]);
    },
  },
  {
    name: 'uploadBitableAttachment (not idempotent: no client token in Feishu)',
    idempotent: false,
    serialized: false,
    method: 'POST',
    path: () => 'medias/upload_all$',
    setup: async () => ({ key: randomUUID(), mediaBefore: Object.keys(state().media).length }),
    run: async (c) => plain(await uploadFile(`${c.key}.txt`)),
    verify: async (c, answer, done, kind) => {
      // Applied means stored once, never twice: the gateway does not repeat an upload it cannot prove failed.
      const mine = Object.values(state().media).filter((m) => m.name === `${c.key}.txt`);
      // A late answer: whether the emulator still reads a body whose connection closed is Node's business; never twice.
      if (kind.settleMs) expect(mine.length).toBeLessThanOrEqual(1);
      else expect(mine).toHaveLength(done ? 1 : 0);
      if (answer.body.data?.uploadBitableAttachment) expect(answer.body.data.uploadBitableAttachment.fileToken).toBe(mine[0].file_token);
    },
  },
];

async function inject(op: Op, kind: FaultKind, c: Cell) {
  if (kind.expireTokens) {
    state().tokens.tenant = {}; // the gateway's cached token is now unknown to Feishu
    return;
  }
  await s.fault({ method: op.method, path: op.path(c), ...(op.skip ? { skip: op.skip } : {}), ...kind.spec });
}

/** The rows a test table shows: fault kind x operation, with the outcome the cell expects. */
const CELLS = FAULT_KINDS.flatMap((kind) => OPS.map((op) => ({ kind, op, expected: kind.outcome(op) as Outcome })));

describe('fault matrix: fault kinds x operations', () => {
  it.each(CELLS.map((cell) => [`${cell.kind.name} | ${cell.op.name} -> ${cell.expected}`, cell] as const))('%s', async (_title, { kind, op, expected }) => {
    const c = await op.setup();
    await s.clearLog();
    await inject(op, kind, c);
    const started = Date.now();
    const { answer, outcome } = await op.run(c);
    expect(outcome, JSON.stringify(answer.body.errors ?? answer.body.data)).toBe(expected);
    if (expected === 'RATE_LIMITED' && answer.body.errors?.length) {
      const ext = answer.body.errors[0].extensions;
      expect(Number.isInteger(ext.retryAfter) && ext.retryAfter >= 1).toBe(true);
      if (kind.retryAfter) expect(ext.retryAfter).toBe(kind.retryAfter);
      expect(answer.headers.get('retry-after')).toBe(String(ext.retryAfter));
    }
    if (expected !== 'ok' && answer.body.errors?.length) expect(answer.text).not.toContain(s.emu.rt.appSecret);
    await s.clearFaults();
    if (kind.settleMs) await new Promise((r) => setTimeout(r, Math.max(0, kind.settleMs! - (Date.now() - started))));
    // The fault was met (a wrong pattern would let a cell pass without one).
    const log = await s.log();
    const pattern = new RegExp(op.path(c));
    const met = kind.expireTokens ? log.some((call) => call.code === 99991663) : log.some((call) => call.method === op.method && pattern.test(call.path) && !(call.status === 200 && call.code === 0));
    expect(met, JSON.stringify(log.map((call) => [call.method, call.path, call.status, call.code]))).toBe(true);
    await op.verify(c, answer, expected === 'ok' || kind.applied, kind);
    if (expected !== 'ok' && op.resend) await op.resend(c);
    // The gateway is still up and serving.
    expect((await fetch(new URL('/health', s.url))).status).toBe(200);
  });
});
