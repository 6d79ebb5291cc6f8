import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download } from '../helpers/drive.js';
import { newUser, startTestEmulator, withUserAccessToken, type TestEmulator, type TestUser } from '../helpers/emulator.js';

/** Task v2 attachments (feishu-wire.md §5): upload, list, get, delete; user tokens only. */

const ATTACHMENTS = '/open-apis/task/v2/attachments';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xc3, 0x28, 0x2d, 0x2d]); // not UTF-8, has CRLF--
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MB = 1024 * 1024;

type File = { name: string; bytes: Buffer; type?: string };

/** A raw multipart upload with fetch's FormData: each file a `file` part with its filename. */
async function upload(t: TestEmulator, token: string | null, fields: Record<string, string>, files: File[], query = '') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? '' }), f.name);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${t.url}${ATTACHMENTS}/upload${query}`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function fetchBytes(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('task attachments', () => {
  let t: TestEmulator;
  let owner: TestUser;
  let other: TestUser;
  let task: string;
  let dir: string;

  const newTask = async (summary: string, user = owner) => (await t.admin('POST', '/tasks', { summary, owner_open_id: user.open_id })).body.guid as string;
  const call = (method: string, path: string, opts: { query?: Record<string, string>; token?: string | null } = {}) =>
    t.call(method, `${ATTACHMENTS}${path}`, { token: owner.user_access_token, ...opts });
  const list = (resourceId: string, query: Record<string, string> = {}) => call('GET', '', { query: { resource_type: 'task', resource_id: resourceId, ...query } });
  const files = (n: number, prefix = 'f') => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i + 1}.txt`, bytes: Buffer.from(`file ${i + 1}`) }));

  beforeAll(async () => {
    t = await startTestEmulator();
    owner = await newUser(t, 'Olivia Owner');
    other = await newUser(t, 'Oscar Other');
    task = await newTask('Ship the launch kit');
    dir = mkdtempSync(join(tmpdir(), 'task-attachments-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads three real files in one request, in order, and lists them with download urls', async () => {
    const sent: File[] = [
      { name: 'banner.png', bytes: PNG },
      { name: '说明.txt', bytes: Buffer.from('hello, 飞书\n') },
      { name: 'brief.pdf', bytes: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), type: 'application/pdf' },
    ];
    const res = await upload(t, owner.user_access_token, { resource_type: 'task', resource_id: task }, sent);
    expect([res.status, res.body.code]).toEqual([200, 0]);
    const items = res.body.data.items;
    expect(items.map((i: any) => [i.name, i.size])).toEqual(sent.map((f) => [f.name, f.bytes.length]));
    for (const item of items) {
      expect(item).toEqual({
        guid: expect.stringMatching(GUID),
        file_token: expect.stringMatching(/^box[A-Za-z0-9]{24}$/),
        name: expect.any(String),
        size: expect.any(Number),
        resource: { type: 'task', id: task },
        uploader: { id: owner.open_id, type: 'user', role: 'creator' },
        is_cover: false,
        uploaded_at: expect.stringMatching(/^[0-9]{13}$/),
      });
    }

    const listed = await list(task);
    expect(listed.body.code).toBe(0);
    expect(listed.body.data.has_more).toBe(false);
    expect('page_token' in listed.body.data).toBe(false); // only with has_more (D:列取附件)
    expect(listed.body.data.items.map((i: any) => i.guid)).toEqual(items.map((i: any) => i.guid));
    for (const [i, item] of listed.body.data.items.entries()) {
      expect(item.url.startsWith(`${t.url}/`)).toBe(true);
      const got = await fetchBytes(item.url);
      expect(got.bytes).toEqual(sent[i].bytes);
    }
    expect((await fetchBytes(listed.body.data.items[0].url)).type).toBe('image/png');
    expect((await fetchBytes(listed.body.data.items[2].url)).type).toBe('application/pdf');
  });

  it('works through the official SDK: upload a file stream, list, get and delete', async () => {
    const opts = withUserAccessToken(owner.user_access_token);
    const own = await newTask('SDK task');
    const path = join(dir, 'notes.md');
    writeFileSync(path, '# Notes\n');
    const up = await t.sdk.task.v2.attachment.upload({ data: { resource_type: 'task', resource_id: own, file: createReadStream(path) } }, opts);
    expect(up!.items).toHaveLength(1);
    expect(up!.items![0]).toMatchObject({ name: 'notes.md', size: 8, resource: { type: 'task', id: own } });
    const buffer = await t.sdk.task.v2.attachment.upload({ data: { resource_id: own, file: Buffer.from('raw bytes') } }, opts);
    expect(buffer!.items![0]).toMatchObject({ name: 'attachment', size: 9 }); // a Buffer part carries no filename

    const pages = [];
    for await (const page of await t.sdk.task.v2.attachment.listWithIterator({ params: { resource_type: 'task', resource_id: own, page_size: 1 } }, opts)) pages.push(page);
    expect(pages.map((p) => p!.items!.map((i) => i.name))).toEqual([['notes.md'], ['attachment']]);

    const guid = up!.items![0].guid!;
    const got = await t.sdk.task.v2.attachment.get({ path: { attachment_guid: guid }, params: { user_id_type: 'union_id' } }, opts);
    expect(got.data!.attachment).toMatchObject({ guid, name: 'notes.md', uploader: { id: owner.union_id, type: 'user', role: 'creator' } });
    expect((await fetchBytes(got.data!.attachment!.url!)).bytes.toString()).toBe('# Notes\n');

    expect((await t.sdk.task.v2.attachment.delete({ path: { attachment_guid: guid } }, opts)).code).toBe(0);
    const after = await t.sdk.task.v2.attachment.list({ params: { resource_id: own } }, opts);
    expect(after.data!.items!.map((i) => i.name)).toEqual(['attachment']);
  });

  it('gives urls that download without Authorization at most 3 times', async () => {
    const own = await newTask('Download limit');
    const up = await upload(t, owner.user_access_token, { resource_id: own }, [{ name: 'once.bin', bytes: PNG }]);
    const guid = up.body.data.items[0].guid;
    const { url } = (await call('GET', `/${guid}`)).body.data.attachment;
    for (let i = 0; i < 3; i++) expect(await fetchBytes(url)).toMatchObject({ status: 200, bytes: PNG });
    const fourth = await fetch(url);
    expect(fourth.status).toBe(403);
    expect(((await fourth.json()) as any).code).toBe(1061004);

    // Each get makes a fresh url with its own three downloads; a Range request counts as one.
    const fresh = (await call('GET', `/${guid}`)).body.data.attachment.url;
    expect(fresh).not.toBe(url);
    const ranged = await fetch(fresh, { headers: { range: 'bytes=0-3' } });
    expect([ranged.status, Buffer.from(await ranged.arrayBuffer())]).toEqual([206, PNG.subarray(0, 4)]);

    const forged = new URL(fresh);
    const [subject, expires, sig] = forged.searchParams.get('code')!.split('.');
    forged.searchParams.set('code', `${subject}.${Number(expires) + 60_000}.${sig}`);
    expect((await fetch(forged)).status).toBe(403);
  });

  it('gives urls that expire after 3 minutes', async () => {
    const own = await newTask('Expiry');
    const up = await upload(t, owner.user_access_token, { resource_id: own }, [{ name: 'soon.txt', bytes: Buffer.from('soon') }]);
    const [item] = (await list(own)).body.data.items;
    expect(item.guid).toBe(up.body.data.items[0].guid);
    const realNow = t.emu.rt.now;
    const issued = Date.now();
    try {
      t.emu.rt.now = () => issued + 3 * 60_000 - 2_000;
      expect((await fetchBytes(item.url)).status).toBe(200);
      t.emu.rt.now = () => issued + 3 * 60_000 + 1_000;
      const late = await fetch(item.url);
      expect(late.status).toBe(403);
      expect(((await late.json()) as any).msg).toContain('expired');
    } finally {
      t.emu.rt.now = realNow;
    }
  });

  it('takes up to 5 files of 50 MB each; a sixth file or a bigger one fails the whole upload with 1470400', async () => {
    const own = await newTask('Limits');
    const five = await upload(t, owner.user_access_token, { resource_id: own }, files(5));
    expect(five.body.data.items.map((i: any) => i.name)).toEqual(['f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt']);

    const six = await upload(t, owner.user_access_token, { resource_id: own }, files(6, 'g'));
    expect([six.status, six.body.code]).toEqual([400, 1470400]);
    const big = await upload(t, owner.user_access_token, { resource_id: own }, [{ name: 'small.txt', bytes: Buffer.from('s') }, { name: 'big.bin', bytes: Buffer.alloc(50 * MB + 1) }]);
    expect([big.status, big.body.code]).toEqual([400, 1470400]);
    expect(big.body.msg).toContain('50 MB');
    // Nothing of the refused uploads was kept.
    expect((await list(own)).body.data.items).toHaveLength(5);
  });

  it('pages the list with page_size up to 100 (default 50)', async () => {
    const own = await newTask('Paging');
    await upload(t, owner.user_access_token, { resource_id: own }, files(5, 'a'));
    await upload(t, owner.user_access_token, { resource_id: own }, files(2, 'b'));
    const names: string[][] = [];
    let token = '';
    for (;;) {
      const res = await list(own, { page_size: '3', ...(token ? { page_token: token } : {}) });
      expect(res.body.code).toBe(0);
      names.push(res.body.data.items.map((i: any) => i.name));
      if (!res.body.data.has_more) break;
      token = res.body.data.page_token;
    }
    expect(names).toEqual([['a1.txt', 'a2.txt', 'a3.txt'], ['a4.txt', 'a5.txt', 'b1.txt'], ['b2.txt']]);
    expect((await list(own, { page_size: '100' })).body.data.items).toHaveLength(7);
    for (const size of ['101', '0', 'x']) {
      const res = await list(own, { page_size: size });
      expect([size, res.status, res.body.code]).toEqual([size, 400, 1470400]);
    }
    expect((await list(own, { page_token: '!!' })).body.code).toBe(1470400);
  });

  it('deletes: the attachment, its bytes and its urls are gone', async () => {
    const own = await newTask('Delete');
    const up = await upload(t, owner.user_access_token, { resource_id: own }, [{ name: 'gone.txt', bytes: Buffer.from('gone') }, { name: 'kept.txt', bytes: Buffer.from('kept') }]);
    const [gone, kept] = up.body.data.items;
    const url = (await call('GET', `/${gone.guid}`)).body.data.attachment.url;
    expect((await call('DELETE', `/${gone.guid}`)).body).toMatchObject({ code: 0, data: {} });

    expect((await list(own)).body.data.items.map((i: any) => i.guid)).toEqual([kept.guid]);
    for (const method of ['GET', 'DELETE']) {
      const res = await call(method, `/${gone.guid}`);
      expect([method, res.status, res.body.code]).toEqual([method, 404, 1470404]);
    }
    expect((await fetch(url)).status).toBe(404);
    expect((await download(t, gone.file_token)).status).toBe(404);
  });

  it('answers the documented codes: 1470400 bad parameters, 1470404 no task, 1470403 someone else', async () => {
    const one = [{ name: 'x.txt', bytes: Buffer.from('x') }];
    const cases: [Record<string, string>, File[], number, number][] = [
      [{}, one, 400, 1470400],
      [{ resource_id: task, resource_type: 'project' }, one, 400, 1470400],
      [{ resource_id: 'x'.repeat(101) }, one, 400, 1470400],
      [{ resource_id: task }, [], 400, 1470400],
      [{ resource_id: '00000000-0000-4000-8000-000000000000' }, one, 404, 1470404],
    ];
    for (const [fields, f, status, code] of cases) {
      const res = await upload(t, owner.user_access_token, fields, f);
      expect([JSON.stringify(fields), res.status, res.body.code]).toEqual([JSON.stringify(fields), status, code]);
    }
    const json = await t.call('POST', `${ATTACHMENTS}/upload`, { token: owner.user_access_token, body: { resource_id: task } });
    expect([json.status, json.body.code]).toEqual([400, 1470400]);

    expect((await list('00000000-0000-4000-8000-000000000000')).body.code).toBe(1470404);
    expect((await call('GET', '', { query: { resource_type: 'task' } })).body.code).toBe(1470400);
    expect((await call('GET', '/00000000-0000-4000-8000-000000000000')).status).toBe(404);

    // Someone outside the task may not upload, list, get or delete.
    const mine = (await upload(t, owner.user_access_token, { resource_id: task }, one)).body.data.items[0].guid;
    expect((await upload(t, other.user_access_token, { resource_id: task }, one)).body.code).toBe(1470403);
    for (const [method, path, query] of [['GET', '', { resource_id: task }], ['GET', `/${mine}`, {}], ['DELETE', `/${mine}`, {}]] as const) {
      const res = await call(method, path, { query, token: other.user_access_token });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 1470403]);
    }
  });

  it('is user-only: a tenant token gets 99991663, no token 99991661', async () => {
    const tenant = await t.tenantToken();
    expect((await upload(t, tenant, { resource_id: task }, [{ name: 'x.txt', bytes: Buffer.from('x') }])).body.code).toBe(99991663);
    expect((await upload(t, null, { resource_id: task }, [{ name: 'x.txt', bytes: Buffer.from('x') }])).body.code).toBe(99991661);
    const [item] = (await list(task)).body.data.items;
    for (const [method, path, query] of [['GET', '', { resource_id: task }], ['GET', `/${item.guid}`, {}], ['DELETE', `/${item.guid}`, {}]] as const) {
      const res = await call(method, path, { query, token: tenant });
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 400, 99991663]);
    }
    expect((await call('GET', `/${item.guid}`)).body.code).toBe(0); // not deleted
  });
});

describe('task attachments across instances', () => {
  it('builds urls on EMULATOR_PUBLIC_URL', async () => {
    const t = await startTestEmulator({ publicUrl: 'https://files.example.test/' });
    try {
      const user = await newUser(t, 'Pat');
      const task = (await t.admin('POST', '/tasks', { summary: 'Public', owner_open_id: user.open_id })).body.guid;
      const up = await upload(t, user.user_access_token, { resource_id: task }, [{ name: 'p.txt', bytes: Buffer.from('p') }]);
      const got = await t.call('GET', `${ATTACHMENTS}/${up.body.data.items[0].guid}`, { token: user.user_access_token });
      const url = new URL(got.body.data.attachment.url);
      expect(url.origin).toBe('https://files.example.test');
      expect((await fetchBytes(`${t.url}${url.pathname}${url.search}`)).bytes.toString()).toBe('p');
    } finally {
      await t.close();
    }
  });

  it('keeps attachments and their bytes across a restart with --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'task-data-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startTestEmulator({ dataFile });
      const user = await newUser(first, 'Keeper');
      const task = (await first.admin('POST', '/tasks', { summary: 'Keep', owner_open_id: user.open_id })).body.guid;
      const up = await upload(first, user.user_access_token, { resource_id: task }, [{ name: 'keep.png', bytes: PNG }]);
      await first.close();

      const second = await startTestEmulator({ dataFile });
      try {
        const token = (await second.admin('POST', `/users/${user.open_id}/token`)).body.user_access_token;
        const listed = await second.call('GET', ATTACHMENTS, { token, query: { resource_id: task } });
        expect(listed.body.data.items.map((i: any) => i.guid)).toEqual([up.body.data.items[0].guid]);
        expect((await fetchBytes(listed.body.data.items[0].url)).bytes).toEqual(PNG);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
