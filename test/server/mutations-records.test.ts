import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requestTenantToken } from '../helpers/tenantToken.js';
import { API_KEY } from './harness.js';
import { BASE, comparableCall, startDemoStack, writesIn, type DemoStack, type LoggedCall } from './bitable.js';

/**
 * Record mutations end to end (issue 5): every mutation read back through queries, chunked
 * batches landing exactly once, faults on a chunk, idempotency keys, one writer per table, and
 * dry runs that list exactly what a real run sends.
 */

let s: DemoStack;
let token: string;

/** A raw Open API call on the emulator, as the app. */
async function rest(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${s.emu.url}/open-apis/bitable/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (json.code !== 0) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json.data;
}

/** A fresh table in the demo base: a text primary `Name` and a number `N`. */
async function newTable(name: string): Promise<string> {
  const data = await rest('POST', `/apps/${BASE}/tables`, { table: { name, fields: [{ field_name: 'Name', type: 1 }, { field_name: 'N', type: 2 }] } });
  return data.table_id;
}

async function recordCount(tableId: string): Promise<number> {
  return s.emu.rt.state.apps[BASE].tables[tableId] ? Object.keys(s.emu.rt.state.apps[BASE].tables[tableId].records).length : -1;
}

const fault = (spec: Record<string, unknown>) =>
  fetch(`${s.emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
const clearFaults = () => fetch(`${s.emu.url}/__emulator/faults`, { method: 'DELETE' });
const writes = (log: LoggedCall[], path: RegExp) => log.filter((c) => c.method !== 'GET' && path.test(c.path));
const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ fields: { Name: `row ${from + i}`, N: from + i } }));

const CREATE_RECORDS = `mutation($input: CreateRecordsInput!) {
  createRecords(input: $input) {
    records { recordId }
    chunks { index start count status recordIds error { code message feishu } }
    complete
    plannedCalls { endpoint method path query body }
  }
}`;

beforeAll(async () => {
  s = await startDemoStack();
  token = (await requestTenantToken(s.emu.url, s.emu.rt.appId, s.emu.rt.appSecret)).tenant_access_token!;
});
afterAll(() => s.close());
beforeEach(async () => {
  await clearFaults();
  await s.emulatorConfig({ writeLockMs: 0, latencyMs: 0 });
});

describe('single-record mutations', () => {
  it('create, update and delete one record, read back through queries', async () => {
    const tableId = await newTable('Single');
    const created = await s.gql(`mutation($t: String!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: {Name: "first", N: 1}}) { record { recordId fields } } }`, { t: tableId });
    expect(created.errors).toBeUndefined();
    const id = created.data.createRecord.record.recordId;
    expect(created.data.createRecord.record.fields).toMatchObject({ N: 1 });

    const updated = await s.gql(`mutation($t: String!, $r: String!) { updateRecord(input: {appToken: "${BASE}", tableId: $t, recordId: $r, fields: {N: 2}}) { record { recordId cell(field: "N") { value } } } }`, { t: tableId, r: id });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateRecord.record.cell.value).toBe(2);
    const read = await s.gql(`query($t: String!, $r: String!) { app(appToken: "${BASE}") { table(tableId: $t) { record(recordId: $r) { fields } } } }`, { t: tableId, r: id });
    expect(read.data.app.table.record.fields).toMatchObject({ N: 2 });

    const deleted = await s.gql(`mutation($t: String!, $r: String!) { deleteRecord(input: {appToken: "${BASE}", tableId: $t, recordId: $r}) { deletedRecordIds table { tableId } } }`, { t: tableId, r: id });
    expect(deleted.data.deleteRecord).toEqual({ deletedRecordIds: [id], table: { tableId } });
    const gone = await s.gql(`query($t: String!, $r: String!) { app(appToken: "${BASE}") { table(tableId: $t) { record(recordId: $r) { fields } } } }`, { t: tableId, r: id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a delete whose answer was lost is retried and reported deleted, not NOT_FOUND', async () => {
    const tableId = await newTable('Lost delete');
    const [id] = (await rest('POST', `/apps/${BASE}/tables/${tableId}/records/batch_create`, { records: rows(1) })).records.map((r: any) => r.record_id);
    await fault({ method: 'DELETE', path: `/records/${id}$`, phase: 'after', status: 502, times: 1 });
    const res = await s.gql(`mutation($t: String!, $r: String!) { deleteRecord(input: {appToken: "${BASE}", tableId: $t, recordId: $r}) { deletedRecordIds } }`, { t: tableId, r: id });
    expect(res.errors).toBeUndefined();
    expect(res.data.deleteRecord.deletedRecordIds).toEqual([id]);
    expect(await recordCount(tableId)).toBe(0);
  });
});

describe('createRecords in chunks', () => {
  it('lands 2,345 records exactly once in the fewest calls (5 batch_create)', async () => {
    const tableId = await newTable('Bulk');
    await s.clearLog();
    const res = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(2345) } });
    expect(res.errors).toBeUndefined();
    const out = res.data.createRecords;
    expect(out.complete).toBe(true);
    expect(out.records).toHaveLength(2345);
    expect(new Set(out.records.map((r: any) => r.recordId)).size).toBe(2345);
    expect(out.chunks.map((c: any) => [c.start, c.count, c.status])).toEqual([
      [0, 500, 'APPLIED'], [500, 500, 'APPLIED'], [1000, 500, 'APPLIED'], [1500, 500, 'APPLIED'], [2000, 345, 'APPLIED'],
    ]);
    expect(writes(await s.log(), /batch_create$/)).toHaveLength(5);
    expect(await recordCount(tableId)).toBe(2345);
    // In input order: the record created for row 1234 holds N = 1234.
    const row = await s.gql(`query($t: String!, $r: String!) { app(appToken: "${BASE}") { table(tableId: $t) { record(recordId: $r) { fields } } } }`, { t: tableId, r: out.records[1234].recordId });
    expect(row.data.app.table.record.fields).toMatchObject({ N: 1234 });
  });

  it('a chunk applied whose answer was lost is retried with its client_token: no duplicate', async () => {
    const tableId = await newTable('Lost answer');
    await s.clearLog();
    // The third batch_create is applied, then its answer fails.
    await fault({ method: 'POST', path: 'batch_create$', phase: 'after', status: 500, skip: 2, times: 1 });
    const res = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(2345) } });
    expect(res.errors).toBeUndefined();
    expect(res.data.createRecords.complete).toBe(true);
    const calls = writes(await s.log(), /batch_create$/);
    expect(calls).toHaveLength(6); // 5 chunks + the retry of the third
    expect(calls[2].query.client_token).toBe(calls[3].query.client_token);
    expect(await recordCount(tableId)).toBe(2345);
    expect(new Set(res.data.createRecords.records.map((r: any) => r.recordId)).size).toBe(2345);
  });

  it('a permanent failure on a chunk: the payload names applied, failed and unsent ranges', async () => {
    const tableId = await newTable('Permanent');
    await fault({ method: 'POST', path: 'batch_create$', status: 400, code: 1254001, msg: 'WrongRequestBody', skip: 2 });
    const res = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(2345), idempotencyKey: 'permanent-1' } });
    expect(res.errors).toBeUndefined();
    const out = res.data.createRecords;
    expect(out.complete).toBe(false);
    expect(out.chunks.map((c: any) => [c.start, c.count, c.status])).toEqual([
      [0, 500, 'APPLIED'], [500, 500, 'APPLIED'], [1000, 500, 'FAILED'], [1500, 500, 'NOT_SENT'], [2000, 345, 'NOT_SENT'],
    ]);
    expect(out.chunks[2].error).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 1254001 } });
    expect(out.records).toHaveLength(1000);
    expect(await recordCount(tableId)).toBe(1000);

    // The fault gone, the same key again finishes the job: the first chunks are not created twice.
    await clearFaults();
    const again = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(2345), idempotencyKey: 'permanent-1' } });
    expect(again.data.createRecords.complete).toBe(true);
    expect(again.data.createRecords.records.slice(0, 1000)).toEqual(out.records);
    expect(await recordCount(tableId)).toBe(2345);
  });

  it('nothing applied: the failure is the error of the field', async () => {
    const tableId = await newTable('All failed');
    await fault({ method: 'POST', path: 'batch_create$', status: 400, code: 1254001, msg: 'WrongRequestBody', times: 1 });
    const res = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(3) } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', feishu: { code: 1254001 } });
    expect(await recordCount(tableId)).toBe(0);
  });

  it('the same idempotencyKey sent twice creates once', async () => {
    const tableId = await newTable('Idempotent');
    const input = { appToken: BASE, tableId, records: rows(3), idempotencyKey: 'order-42' };
    const first = await s.gql(CREATE_RECORDS, { input });
    const second = await s.gql(CREATE_RECORDS, { input });
    expect(second.data.createRecords.records).toEqual(first.data.createRecords.records);
    expect(await recordCount(tableId)).toBe(3);
    const single = `mutation($t: String!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: {Name: "one"}, idempotencyKey: "single-1"}) { record { recordId } } }`;
    const a = await s.gql(single, { t: tableId });
    const b = await s.gql(single, { t: tableId });
    expect(b.data.createRecord.record.recordId).toBe(a.data.createRecord.record.recordId);
    expect(await recordCount(tableId)).toBe(4);
  });
});

describe('updateRecords and deleteRecords in chunks', () => {
  it('update 1,200 records (3 batch_update), then delete them (3 batch_delete), read back', async () => {
    const tableId = await newTable('Update delete');
    const created = await s.gql(CREATE_RECORDS, { input: { appToken: BASE, tableId, records: rows(1200) } });
    const ids: string[] = created.data.createRecords.records.map((r: any) => r.recordId);
    await s.clearLog();
    const upd = await s.gql(`mutation($input: UpdateRecordsInput!) { updateRecords(input: $input) { records { recordId } complete chunks { count status } } }`, {
      input: { appToken: BASE, tableId, records: ids.map((recordId, i) => ({ recordId, fields: { N: i * 10 } })) },
    });
    expect(upd.errors).toBeUndefined();
    expect(upd.data.updateRecords.complete).toBe(true);
    expect(upd.data.updateRecords.chunks.map((c: any) => c.count)).toEqual([500, 500, 200]);
    expect(writes(await s.log(), /batch_update$/)).toHaveLength(3);
    const read = await s.gql(`query($t: String!, $r: String!) { app(appToken: "${BASE}") { table(tableId: $t) { record(recordId: $r) { fields } } } }`, { t: tableId, r: ids[700] });
    expect(read.data.app.table.record.fields).toMatchObject({ N: 7000 });

    // The second batch_delete is applied and its answer lost: its retry finds the ids gone.
    await fault({ method: 'POST', path: 'batch_delete$', phase: 'after', status: 500, skip: 1, times: 1 });
    const del = await s.gql(`mutation($input: DeleteRecordsInput!) { deleteRecords(input: $input) { deletedRecordIds complete chunks { status error { code message } } } }`, { input: { appToken: BASE, tableId, recordIds: ids } });
    expect(del.errors).toBeUndefined();
    expect(del.data.deleteRecords.chunks).toEqual([{ status: 'APPLIED', error: null }, { status: 'APPLIED', error: null }, { status: 'APPLIED', error: null }]);
    expect(del.data.deleteRecords.complete).toBe(true);
    expect(del.data.deleteRecords.deletedRecordIds).toEqual(ids);
    expect(await recordCount(tableId)).toBe(0);
  });

  it('refuses the same record twice in one list', async () => {
    await s.clearLog();
    const res = await s.gql(`mutation { deleteRecords(input: {appToken: "${BASE}", tableId: "tblX", recordIds: ["recA", "recB", "recA"]}) { complete } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.recordIds.2' });
    expect(writesIn(await s.log())).toEqual([]);
  });
});

describe('one writer per table', () => {
  it('20 concurrent createRecord on one table: raw writes conflict, the gateway\'s do not', async () => {
    const tableId = await newTable('Concurrent');
    await s.emulatorConfig({ writeLockMs: 60 });
    // Control: the same 20 writes sent straight to the emulator meet 1254291.
    const raw = await Promise.all(
      rows(20).map((r) =>
        fetch(`${s.emu.url}/open-apis/bitable/v1/apps/${BASE}/tables/${tableId}/records`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(r) }).then((x) => x.json() as Promise<any>),
      ),
    );
    expect(raw.filter((b) => b.code === 1254291).length).toBeGreaterThan(0);
    const before = await recordCount(tableId);

    const results = await Promise.all(rows(20, 100).map((r) => s.gql(`mutation($t: String!, $f: JSON!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: $f}) { record { recordId } } }`, { t: tableId, f: r.fields })));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map((r) => r.data.createRecord.record.recordId)).size).toBe(20);
    expect(await recordCount(tableId)).toBe(before + 20);
  });

  it('writes to two tables overlap in time', async () => {
    const [a, b] = [await newTable('Parallel A'), await newTable('Parallel B')];
    await s.emulatorConfig({ latencyMs: 150 });
    await s.clearLog();
    const one = (t: string, i: number) => s.gql(`mutation($t: String!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: {N: ${i}}}) { record { recordId } } }`, { t });
    const results = await Promise.all([0, 1, 2].flatMap((i) => [one(a, i), one(b, i)]));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const log = writes(await s.log(), /\/records$/);
    const on = (t: string) => log.filter((c) => c.path.includes(t));
    const overlaps = (x: LoggedCall, y: LoggedCall) => x.at < y.at + y.durationMs && y.at < x.at + x.durationMs;
    // One table's writes never overlap each other; the two tables' do.
    for (const t of [a, b]) for (const [i, x] of on(t).entries()) for (const y of on(t).slice(i + 1)) expect(overlaps(x, y)).toBe(false);
    expect(on(a).some((x) => on(b).some((y) => overlaps(x, y)))).toBe(true);
  });
});

describe('dryRun', () => {
  it('plannedCalls equal the calls of the same mutation run for real, and a dry run writes nothing', async () => {
    const tableId = await newTable('Dry run');
    const input = { appToken: BASE, tableId, records: rows(1100), idempotencyKey: 'dry-1' };
    await s.clearLog();
    const dry = await s.gql(CREATE_RECORDS, { input: { ...input, dryRun: true } });
    expect(dry.errors).toBeUndefined();
    expect(writesIn(await s.log())).toEqual([]);
    expect(await recordCount(tableId)).toBe(0);
    const planned = dry.data.createRecords.plannedCalls;
    expect(planned.map((c: any) => c.endpoint)).toEqual(['bitable.batchCreateRecords', 'bitable.batchCreateRecords', 'bitable.batchCreateRecords']);

    await s.clearLog();
    const real = await s.gql(CREATE_RECORDS, { input });
    expect(real.data.createRecords.plannedCalls).toBeNull();
    expect(writesIn(await s.log())).toEqual(planned.map(comparableCall));
    // With an idempotencyKey even the client tokens match.
    expect(writes(await s.log(), /batch_create$/).map((c) => c.query.client_token)).toEqual(planned.map((c: any) => c.query.client_token));

    for (const [name, mutation, vars] of [
      ['updateRecords', `mutation($i: UpdateRecordsInput!) { updateRecords(input: $i) { plannedCalls { method path query body } } }`, { appToken: BASE, tableId, records: [{ recordId: real.data.createRecords.records[0].recordId, fields: { N: -1 } }] }],
      ['deleteRecords', `mutation($i: DeleteRecordsInput!) { deleteRecords(input: $i) { plannedCalls { method path query body } } }`, { appToken: BASE, tableId, recordIds: real.data.createRecords.records.slice(0, 2).map((r: any) => r.recordId) }],
      ['createRecord', `mutation($i: CreateRecordInput!) { createRecord(input: $i) { plannedCalls { method path query body } } }`, { appToken: BASE, tableId, fields: { Name: 'x' } }],
    ] as const) {
      await s.clearLog();
      const d = await s.gql(mutation, { i: { ...vars, dryRun: true } });
      expect(writesIn(await s.log()), name).toEqual([]);
      await s.clearLog();
      await s.gql(mutation, { i: vars });
      expect(writesIn(await s.log()), name).toEqual(d.data[name].plannedCalls.map(comparableCall));
    }
  });
});

describe('uploadBitableAttachment', () => {
  const upload = async (bytes: Buffer, name: string, extra: Record<string, unknown> = {}) => {
    const form = new FormData();
    form.append('operations', JSON.stringify({
      query: 'mutation($input: UploadBitableAttachmentInput!) { uploadBitableAttachment(input: $input) { fileToken name size plannedCalls { method path body } } }',
      variables: { input: { appToken: BASE, file: null, ...extra } },
    }));
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', new Blob([new Uint8Array(bytes)], { type: 'text/plain' }), name);
    const res = await fetch(s.url, { method: 'POST', headers: { 'x-api-key': API_KEY, 'x-graphql-yoga-csrf': '1' }, body: form });
    return (await res.json()) as any;
  };

  it('uploads a real file, attaches it to a record, and its temporaryUrl downloads the same bytes', async () => {
    const tableId = (await rest('POST', `/apps/${BASE}/tables`, { table: { name: 'Files', fields: [{ field_name: 'Name', type: 1 }, { field_name: 'Files', type: 17 }] } })).table_id;
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    await s.clearLog();
    const up = await upload(bytes, 'report.bin');
    expect(up.errors).toBeUndefined();
    const { fileToken } = up.data.uploadBitableAttachment;
    expect(up.data.uploadBitableAttachment).toMatchObject({ name: 'report.bin', size: 70_000 });
    const [logged] = writesIn(await s.log());
    expect(logged.body).toMatchObject({ file_name: 'report.bin', parent_type: 'bitable_file', parent_node: BASE, size: '70000', file: { filename: 'report.bin', size: 70_000 } });

    const created = await s.gql(`mutation($t: String!, $f: JSON!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: $f}) { record { cell(field: "Files") { ... on AttachmentCell { attachments { fileToken name temporaryUrl } } } } } }`, {
      t: tableId,
      f: { Name: 'with file', Files: [{ file_token: fileToken }] },
    });
    expect(created.errors).toBeUndefined();
    const [att] = created.data.createRecord.record.cell.attachments;
    expect(att).toMatchObject({ fileToken, name: 'report.bin' });
    const downloaded = Buffer.from(await (await fetch(att.temporaryUrl)).arrayBuffer());
    expect(downloaded.equals(bytes)).toBe(true);
  });

  it('a dry run plans the upload and sends nothing; over 20 MB is refused before any call', async () => {
    await s.clearLog();
    const dry = await upload(Buffer.from('hello'), 'hello.txt', { dryRun: true, kind: 'IMAGE' });
    expect(dry.data.uploadBitableAttachment.plannedCalls).toEqual([
      { method: 'POST', path: '/open-apis/drive/v1/medias/upload_all', body: { file_name: 'hello.txt', parent_type: 'bitable_image', parent_node: BASE, size: '5', file: { name: 'hello.txt', size: 5, type: 'text/plain' } } },
    ]);
    const big = await upload(Buffer.alloc(20 * 1024 * 1024 + 1), 'big.bin');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.file' });
    expect(writesIn(await s.log())).toEqual([]);
  });
});
