import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBase } from '../helpers/bitableTable.js';
import { download, readAll } from '../helpers/drive.js';
import { newUser, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const BYTES = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0d, 0x0a, 0x2d, 0x2d, 0x89, 0x50, 0x4e, 0x47, 0xfe]); // not UTF-8, has CRLF--

/** A raw multipart upload with fetch's FormData (file parts carry a filename here). */
async function rawUpload(t: TestEmulator, fields: Record<string, string>, file?: { bytes: Buffer; name: string; type?: string }, token?: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? '' }), file.name);
  const res = await fetch(`${t.url}/open-apis/drive/v1/medias/upload_all`, { method: 'POST', headers: { authorization: `Bearer ${token ?? (await t.tenantToken())}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

async function tmpUrl(t: TestEmulator, fileToken: string): Promise<string> {
  const res = await t.sdk.drive.media.batchGetTmpDownloadUrl({ params: { file_tokens: [fileToken] } });
  return res.data!.tmp_download_urls![0].tmp_download_url!;
}

describe('drive medias', () => {
  let t: TestEmulator;
  let appToken: string;
  let dir: string;
  beforeAll(async () => {
    t = await startTestEmulator();
    ({ appToken } = await newBase(t, 'Files'));
    dir = mkdtempSync(join(tmpdir(), 'drive-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads binary bytes through the official SDK and downloads them back', async () => {
    const up = await t.sdk.drive.media.uploadAll({ data: { file_name: 'scan.png', parent_type: 'bitable_image', parent_node: appToken, size: BYTES.length, file: BYTES } });
    const token = up!.file_token!;
    expect(token).toMatch(/^box[A-Za-z0-9]{24}$/);

    const dl = await t.sdk.drive.media.download({ path: { file_token: token } });
    expect(await readAll(dl.getReadableStream())).toEqual(BYTES);
    expect(dl.headers['content-type']).toBe('image/png'); // the SDK sends octet-stream; the name decides
    expect(dl.headers['content-disposition']).toContain('scan.png');

    const file = join(dir, 'out.png');
    const again = await t.sdk.drive.media.download({ path: { file_token: token } });
    await again.writeFile(file);
    expect(readFileSync(file)).toEqual(BYTES);
  });

  it('accepts a file stream from the SDK and keeps a declared content type', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello, 飞书');
    const size = Buffer.byteLength('hello, 飞书');
    const up = await t.sdk.drive.media.uploadAll({ data: { file_name: 'notes.txt', parent_type: 'bitable_file', parent_node: appToken, size, file: createReadStream(path) } });
    const res = await fetch(await tmpUrl(t, up!.file_token!));
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('hello, 飞书');

    const typed = await rawUpload(t, { file_name: 'data.bin', parent_type: 'bitable_file', parent_node: appToken, size: '3' }, { bytes: Buffer.from('abc'), name: 'data.bin', type: 'application/x-custom' });
    expect((await download(t, typed.body.data.file_token)).type).toBe('application/x-custom');
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const up = await rawUpload(t, { file_name: 'r.bin', parent_type: 'bitable_file', parent_node: appToken, size: String(BYTES.length) }, { bytes: BYTES, name: 'r.bin' });
    const get = (range: string) => download(t, up.body.data.file_token, { range });

    const mid = await get('bytes=2-5');
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 2-5/${BYTES.length}`);
    expect(mid.bytes).toEqual(BYTES.subarray(2, 6));

    const tail = await get('bytes=-3');
    expect(tail.status).toBe(206);
    expect(tail.bytes).toEqual(BYTES.subarray(-3));

    const open = await get('bytes=10-');
    expect(open.headers.get('content-range')).toBe(`bytes 10-12/${BYTES.length}`);

    const past = await get(`bytes=${BYTES.length}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${BYTES.length}`);

    const sdk = await t.sdk.drive.media.download({ path: { file_token: up.body.data.file_token } }, { headers: { Range: 'bytes=0-1' } });
    expect(await readAll(sdk.getReadableStream())).toEqual(BYTES.subarray(0, 2));
  });

  it('answers upload mistakes with the drive error codes', async () => {
    const ok = { file_name: 'a.bin', parent_type: 'bitable_file', parent_node: appToken, size: '3' };
    const file = { bytes: Buffer.from('abc'), name: 'a.bin' };
    const cases: [Record<string, string>, typeof file | undefined, number][] = [
      [{ ...ok, size: '4' }, file, 1062009],
      [{ ...ok, size: '20971521' }, file, 1061043],
      [{ ...ok, parent_node: 'bascnNoSuchBase0000000000' }, file, 1061044],
      [{ ...ok, parent_type: 'explorer' }, file, 1061002],
      [{ ...ok, file_name: 'x'.repeat(251) }, file, 1061008],
      [{ ...ok, checksum: '12345' }, file, 1062008],
      [{ ...ok, size: 'three' }, file, 1061002],
      [ok, undefined, 1061002],
    ];
    for (const [fields, f, code] of cases) {
      const res = await rawUpload(t, fields, f);
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    // Adler-32 of "abc" is 38600999; other upload points than Bitable take any parent_node.
    const good = await rawUpload(t, { ...ok, checksum: '38600999', file_name: 'x'.repeat(250) }, file);
    expect(good.body.code).toBe(0);
    const doc = await rawUpload(t, { ...ok, parent_type: 'docx_image', parent_node: 'doxcnAnything' }, file);
    expect(doc.body.code).toBe(0);

    const json = await t.call('POST', '/open-apis/drive/v1/medias/upload_all', { body: ok });
    expect([json.status, json.body.code]).toEqual([400, 1061002]);
  });

  it('uploads with a user_access_token and refuses callers without one', async () => {
    const user = await newUser(t, 'Uploader');
    const res = await rawUpload(t, { file_name: 'u.txt', parent_type: 'bitable_file', parent_node: appToken, size: '1' }, { bytes: Buffer.from('u'), name: 'u.txt' }, user.user_access_token);
    expect(res.body.code).toBe(0);
    const anon = await t.call('GET', `/open-apis/drive/v1/medias/${res.body.data.file_token}/download`, { token: null });
    expect(anon.body.code).toBe(99991661);
  });

  it('answers unknown tokens and oversized batches', async () => {
    const missing = await t.call('GET', '/open-apis/drive/v1/medias/boxNoSuchToken/download');
    expect([missing.status, missing.body.code]).toEqual([404, 1061003]);

    const up = await rawUpload(t, { file_name: 'k.txt', parent_type: 'bitable_file', parent_node: appToken, size: '1' }, { bytes: Buffer.from('k'), name: 'k.txt' });
    const known = up.body.data.file_token;
    const mixed = await t.call('GET', '/open-apis/drive/v1/medias/batch_get_tmp_download_url', { query: { file_tokens: [known, 'boxUnknown'] } });
    expect(mixed.body.data.tmp_download_urls.map((u: any) => u.file_token)).toEqual([known]);

    const six = await t.call('GET', '/open-apis/drive/v1/medias/batch_get_tmp_download_url', { query: { file_tokens: ['a', 'b', 'c', 'd', 'e', 'f'] } });
    expect([six.status, six.body.code]).toEqual([400, 1061002]);
    const none = await t.call('GET', '/open-apis/drive/v1/medias/batch_get_tmp_download_url');
    expect([none.status, none.body.code]).toEqual([400, 1061002]);
  });

  it('gives temporary links that download without auth until they expire, and cannot be forged', async () => {
    const up = await rawUpload(t, { file_name: 'tmp.bin', parent_type: 'bitable_file', parent_node: appToken, size: String(BYTES.length) }, { bytes: BYTES, name: 'tmp.bin' });
    const url = await tmpUrl(t, up.body.data.file_token);
    expect(url.startsWith(`${t.url}/`)).toBe(true);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(BYTES);
    const ranged = await fetch(url, { headers: { range: 'bytes=1-2' } });
    expect(ranged.status).toBe(206);

    const forged = new URL(url);
    const [token, expires, sig] = forged.searchParams.get('code')!.split('.');
    forged.searchParams.set('code', `${token}.${Number(expires) + 1}.${sig}`);
    expect((await fetch(forged)).status).toBe(403);

    const realNow = t.emu.rt.now;
    t.emu.rt.now = () => Date.now() + 24 * 3600 * 1000 + 1000;
    try {
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as any).code).toBe(1061004);
    } finally {
      t.emu.rt.now = realNow;
    }
  });
});

describe('drive medias across instances', () => {
  it('builds temporary links on EMULATOR_PUBLIC_URL', async () => {
    const t = await startTestEmulator({ publicUrl: 'https://files.example.test/' });
    try {
      const { appToken } = await newBase(t, 'Files');
      const up = await rawUpload(t, { file_name: 'p.txt', parent_type: 'bitable_file', parent_node: appToken, size: '1' }, { bytes: Buffer.from('p'), name: 'p.txt' });
      const url = await tmpUrl(t, up.body.data.file_token);
      expect(url).toMatch(/^https:\/\/files\.example\.test\/space\/api\/box\/stream\/download\/authcode\/\?code=/);
      const local = new URL(url);
      expect(await (await fetch(`${t.url}${local.pathname}${local.search}`)).text()).toBe('p');
    } finally {
      await t.close();
    }
  });

  it('keeps uploaded bytes and their links across a restart with --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drive-data-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await startTestEmulator({ dataFile });
      const { appToken } = await newBase(first, 'Files');
      const up = await first.sdk.drive.media.uploadAll({ data: { file_name: 'keep.bin', parent_type: 'bitable_file', parent_node: appToken, size: BYTES.length, file: BYTES } });
      const token = up!.file_token!;
      const link = await tmpUrl(first, token);
      await first.close();

      const second = await startTestEmulator({ dataFile });
      try {
        const dl = await second.sdk.drive.media.download({ path: { file_token: token } });
        expect(await readAll(dl.getReadableStream())).toEqual(BYTES);
        const relinked = new URL(link);
        const res = await fetch(`${second.url}${relinked.pathname}${relinked.search}`);
        expect(Buffer.from(await res.arrayBuffer())).toEqual(BYTES);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
