import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparableCall, isToken, startDemoStack, type DemoStack, type LoggedCall } from './bitable.js';

/**
 * Task attachments in the graph (issue 6), end to end on the demo emulator as Alice: list and get
 * with pagination, real files uploaded through a GraphQL multipart request and downloaded back,
 * delete, the limits (five files, 50 MB each) refused before any call, dry runs that list exactly
 * what the real runs send, and the app refused up front.
 */

const ALICE = 'ou_f8e268529dbed0b638051597db41bf02';
const TASK = 'e736d619-aadb-454e-885d-7e68123988bb';
const DEMO = [
  { guid: '3f3fad94-ccf3-4c36-9c2a-c3a1e3b6280a', name: 'aurora-2.0-hero.png' },
  { guid: '42324a68-ea21-448a-8d4c-166b41a393ad', name: 'aurora-2.0-brief.pdf' },
  { guid: '70e01174-3a0e-4709-bedc-4ef64c443118', name: 'launch-checklist.md' },
];
const MB = 1024 * 1024;

let s: DemoStack;

async function asAlice(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer u-demo-alice' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const UPLOAD = `mutation($input: UploadTaskAttachmentsInput!) { uploadTaskAttachments(input: $input) {
  attachments { guid fileToken name size uploadedAt resourceType resourceId isCover uploader { openId } }
  plannedCalls { endpoint method path query body } } }`;

/** A GraphQL multipart request (the spec yoga implements): the files map onto `input.files.<i>`. */
async function upload(files: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }[], extra: Record<string, unknown> = {}, headers: Record<string, string> = { authorization: 'Bearer u-demo-alice' }) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { input: { taskGuid: TASK, files: files.map(() => null), ...extra } } }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.input.files.${i}`]]))));
  files.forEach((f, i) => form.append(String(i), new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.name));
  const res = await fetch(s.url, { method: 'POST', headers: { 'x-graphql-yoga-csrf': '1', ...headers }, body: form });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const calls = async (): Promise<LoggedCall[]> => (await s.log()).filter((c) => !isToken(c));
/** The log shows multipart files as {filename, size}; a plan as {name, size, type}. */
const loggedForm = (c: LoggedCall) => ({ ...comparableCall(c), body: c.body });
const plannedForm = (p: any) => {
  const files = [p.body.file].flat().map((f: any) => ({ filename: f.name, size: f.size }));
  return { ...comparableCall(p), body: { ...p.body, file: files.length === 1 ? files[0] : files } };
};
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed + 11) % 256);

const LIST = `query($after: String, $first: Int) { taskAttachments(taskGuid: "${TASK}", first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id guid name size url urlExpiresAt uploadedAt isCover resourceType resourceId uploader { openId name } } } } }`;

async function listAll(): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (let more = true; more; ) {
    const res = await asAlice(LIST, { first: 2, after });
    expect(res.errors).toBeUndefined();
    out.push(...res.data.taskAttachments.edges.map((e: any) => e.node));
    ({ hasNextPage: more, endCursor: after } = res.data.taskAttachments.pageInfo);
  }
  return out;
}

beforeAll(async () => {
  s = await startDemoStack();
});
afterAll(() => s.close());

describe('task attachment queries', () => {
  it('lists the demo task\'s attachments across pages, with fresh urls and their uploader', async () => {
    await s.clearLog();
    const before = Date.now();
    const all = await listAll();
    expect(all.map((a) => [a.guid, a.name])).toEqual(DEMO.map((d) => [d.guid, d.name]));
    for (const a of all) {
      expect(a).toMatchObject({ isCover: false, resourceType: 'task', resourceId: TASK, uploader: { openId: ALICE, name: 'Alice Chen' } });
      expect(a.size).toBeGreaterThan(0);
      expect(a.url).toMatch(/^http/);
      const expires = Date.parse(a.urlExpiresAt);
      expect(expires).toBeGreaterThanOrEqual(before + 3 * 60_000 - 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 3 * 60_000);
    }
    const lists = (await calls()).filter((c) => c.path === '/open-apis/task/v2/attachments');
    expect(lists).toHaveLength(2); // two pages of two
    expect(lists[0].query).toMatchObject({ resource_type: 'task', resource_id: TASK, page_size: '2' });
    // The checklist's url opens without a token and gives its bytes.
    const checklist = all.find((a) => a.name === 'launch-checklist.md');
    const text = await (await fetch(checklist.url)).text();
    expect(text).toContain('# Aurora 2.0 launch kit');
  });

  it('gets one attachment by guid; several fields share one get', async () => {
    await s.clearLog();
    const res = await asAlice(`{ taskAttachment(guid: "${DEMO[1].guid}") { guid name size url urlExpiresAt fileToken uploader { openId } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.taskAttachment).toMatchObject({ guid: DEMO[1].guid, name: 'aurora-2.0-brief.pdf', uploader: { openId: ALICE } });
    const pdf = Buffer.from(await (await fetch(res.data.taskAttachment.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBe(res.data.taskAttachment.size);
    expect((await calls()).map((c) => `${c.method} ${c.path}`)).toEqual([`GET /open-apis/task/v2/attachments/${DEMO[1].guid}`]);
    const missing = await asAlice(`{ taskAttachment(guid: "00000000-0000-4000-8000-000000000000") { guid name } }`);
    expect(missing.errors?.[0]).toMatchObject({ path: ['taskAttachment', 'name'], extensions: { code: 'NOT_FOUND' } });
  });

  it('refuses more than 100 a page before any call', async () => {
    await s.clearLog();
    const res = await asAlice(LIST, { first: 101 });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'first' });
    expect(res.errors?.[0]?.message).toContain('100');
    expect(await calls()).toEqual([]);
  });
});

describe('task attachment mutations', () => {
  const files = [
    { name: 'notes.txt', bytes: new TextEncoder().encode('launch notes\nline two\n'), type: 'text/plain' },
    { name: 'data.bin', bytes: bytes(300_000, 7) },
    { name: 'logo.png', bytes: bytes(4_096, 13), type: 'image/png' },
  ];

  it('uploads three real files (the dry run plans the same call), lists them, downloads one, deletes one', async () => {
    await s.clearLog();
    const dry = await upload(files, { dryRun: true });
    expect(dry.errors).toBeUndefined();
    expect(dry.data.uploadTaskAttachments.attachments).toBeNull();
    expect(await calls()).toEqual([]);
    const planned = dry.data.uploadTaskAttachments.plannedCalls;
    expect(planned).toEqual([
      {
        endpoint: 'task.uploadAttachments',
        method: 'POST',
        path: '/open-apis/task/v2/attachments/upload',
        query: { user_id_type: 'open_id' },
        body: { resource_type: 'task', resource_id: TASK, file: files.map((f) => ({ name: f.name, size: f.bytes.length, type: f.type ?? 'application/octet-stream' })) },
      },
    ]);

    const real = await upload(files);
    expect(real.errors).toBeUndefined();
    const uploaded = real.data.uploadTaskAttachments.attachments;
    expect(uploaded.map((a: any) => [a.name, a.size])).toEqual(files.map((f) => [f.name, f.bytes.length]));
    expect(uploaded[0]).toMatchObject({ resourceType: 'task', resourceId: TASK, isCover: false, uploader: { openId: ALICE } });
    expect(real.data.uploadTaskAttachments.plannedCalls).toBeNull();
    const log = await calls();
    const writes = log.filter((c) => c.method !== 'GET');
    expect(writes.map(loggedForm)).toEqual(planned.map(plannedForm));

    const listed = await listAll();
    expect(listed.map((a) => a.name)).toEqual([...DEMO.map((d) => d.name), ...files.map((f) => f.name)]);
    const bin = listed.find((a) => a.name === 'data.bin');
    const downloaded = new Uint8Array(await (await fetch(bin.url)).arrayBuffer());
    expect(Buffer.from(downloaded).equals(Buffer.from(files[1].bytes))).toBe(true);

    // An uploaded attachment's url (the upload answers none) comes from one get.
    const fresh = await asAlice(`{ taskAttachment(guid: "${uploaded[0].guid}") { url } }`);
    expect(await (await fetch(fresh.data.taskAttachment.url)).text()).toBe('launch notes\nline two\n');

    const DELETE = `mutation($input: DeleteTaskAttachmentInput!) { deleteTaskAttachment(input: $input) { deletedGuid plannedCalls { method path query body } } }`;
    await s.clearLog();
    const dryDelete = await asAlice(DELETE, { input: { guid: bin.guid, dryRun: true } });
    expect(dryDelete.data.deleteTaskAttachment).toMatchObject({ deletedGuid: null, plannedCalls: [{ method: 'DELETE', path: `/open-apis/task/v2/attachments/${bin.guid}` }] });
    expect(await calls()).toEqual([]);
    const del = await asAlice(DELETE, { input: { guid: bin.guid } });
    expect(del.data.deleteTaskAttachment).toEqual({ deletedGuid: bin.guid, plannedCalls: null });
    expect((await calls()).map(comparableCall)).toEqual(dryDelete.data.deleteTaskAttachment.plannedCalls.map(comparableCall));
    expect((await listAll()).map((a) => a.name)).toEqual([...DEMO.map((d) => d.name), 'notes.txt', 'logo.png']);
    const gone = await asAlice(`{ taskAttachment(guid: "${bin.guid}") { name } }`);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a sixth file, or a file over 50 MB, is refused before any call and nothing is written', async () => {
    const countBefore = (await listAll()).length;
    await s.clearLog();
    const six = await upload(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, bytes: new TextEncoder().encode(`file ${i}`) })));
    expect(six.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.files' });
    expect(six.errors?.[0]?.message).toContain('5');
    const big = await upload([
      { name: 'ok.txt', bytes: new TextEncoder().encode('fine') },
      { name: 'huge.bin', bytes: new Uint8Array(50 * MB + 1) },
    ]);
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.files.1' });
    expect(big.errors?.[0]?.message).toContain('huge.bin');
    const none = await upload([]);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.files' });
    expect(await calls()).toEqual([]);
    expect((await listAll()).length).toBe(countBefore);
  }, 15_000);

  it('a 30 MB file goes through (over yoga\'s default 25 MB body cap) and comes back whole', async () => {
    const big = bytes(30 * MB, 31);
    const res = await upload([{ name: 'big.bin', bytes: big }]);
    expect(res.errors).toBeUndefined();
    const [att] = res.data.uploadTaskAttachments.attachments;
    expect(att.size).toBe(big.length);
    const got = await asAlice(`{ taskAttachment(guid: "${att.guid}") { url } }`);
    const back = Buffer.from(await (await fetch(got.data.taskAttachment.url)).arrayBuffer());
    expect(back.equals(Buffer.from(big))).toBe(true);
    await asAlice(`mutation { deleteTaskAttachment(input: {guid: "${att.guid}"}) { deletedGuid } }`);
  }, 15_000);

  it('a task the user may not edit is Feishu\'s FORBIDDEN; an unknown task NOT_FOUND', async () => {
    const bob = await fetch(`${s.emu.url}/__emulator/tasks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ summary: 'Bob\'s task', owner_open_id: 'ou_a757c4d3c96c43850bfba8f8de68fa60' }) });
    const { guid } = (await bob.json()) as { guid: string };
    const res = await upload([files[0]], { taskGuid: guid });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', feishu: { code: 1470403 } });
    const unknown = await asAlice(`{ taskAttachments(taskGuid: "00000000-0000-4000-8000-000000000000") { edges { cursor } } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', feishu: { code: 1470404 } });
  });
});

describe('identity: task attachments are user-only', () => {
  it('as the app every task-attachment query and mutation is FORBIDDEN, saying a user token is needed, with no upstream call', async () => {
    await s.clearLog();
    for (const op of [
      `{ taskAttachments(taskGuid: "${TASK}") { edges { node { name } } } }`,
      `{ taskAttachment(guid: "${DEMO[0].guid}") { name url } }`,
      `mutation { deleteTaskAttachment(input: {guid: "${DEMO[0].guid}"}) { deletedGuid } }`,
      `{ node(id: "${Buffer.from(`TaskAttachment:${DEMO[0].guid}`).toString('base64')}") { ... on TaskAttachment { name } } }`,
    ]) {
      const res = await s.gql(op);
      expect(res.errors?.[0]?.extensions?.code, op).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message, op).toMatch(/needs a user token/);
    }
    const asApp = await upload([{ name: 'a.txt', bytes: new TextEncoder().encode('a') }], {}, { 'x-api-key': 'test-key-0123456789' });
    expect(asApp.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await s.log()).toEqual([]);
  });
});
