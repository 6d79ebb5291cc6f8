import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patternHash, streamedUpload, type StreamedFile } from '../helpers/streamedUpload.js';
import { ASSETS, BASE, isToken, startDemoStack, type DemoStack } from './bitable.js';
import { API_KEY } from './harness.js';

/**
 * Uploads are streamed (issue 10): the gateway writes each file to UPLOAD_DIR as it arrives,
 * refuses one at its first byte over its mutation's cap (Bitable 20 MiB, task 50 MiB and 5 files)
 * with no upstream call and without holding it in memory, sends accepted files to Feishu from
 * disk, and deletes them when the request ends: answered, refused or abandoned by the client.
 */

const MiB = 1024 * 1024;
// The memory test collects garbage itself, to measure what is held rather than what awaits collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const TASK = 'e736d619-aadb-454e-885d-7e68123988bb';
const ALICE = { authorization: 'Bearer u-demo-alice' };
const APP = { 'x-api-key': API_KEY };

const BITABLE_UPLOAD = 'mutation($input: UploadBitableAttachmentInput!) { uploadBitableAttachment(input: $input) { fileToken name size mimeType plannedCalls { body } } }';
const TASK_UPLOAD = 'mutation($input: UploadTaskAttachmentsInput!) { uploadTaskAttachments(input: $input) { attachments { guid name size } plannedCalls { body } } }';

let s: DemoStack;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uploads-test-'));
  s = await startDemoStack({ UPLOAD_DIR: dir });
});
afterAll(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

const feishuCalls = async () => (await s.log()).filter((c) => !isToken(c));
/** Every file under UPLOAD_DIR (one directory per request in flight). */
async function onDisk(): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  for (const d of await readdir(dir)) {
    for (const f of await readdir(join(dir, d)).catch(() => [])) {
      const st = await stat(join(dir, d, f)).catch(() => undefined);
      if (st) out.push({ path: join(d, f), size: st.size });
    }
  }
  return out;
}
const uploadDirEmpties = () => vi.waitFor(async () => expect(await readdir(dir)).toEqual([]), { timeout: 5_000, interval: 20 });

const bitable = (file: StreamedFile, extra: Record<string, unknown> = {}, onSent?: (n: number) => boolean | void) =>
  streamedUpload({ url: s.url, headers: APP, operations: { query: BITABLE_UPLOAD, variables: { input: { appToken: BASE, file: null, ...extra } } }, map: { [file.field]: ['variables.input.file'] }, files: [file], onSent });
const task = (files: StreamedFile[], extra: Record<string, unknown> = {}, onSent?: (n: number) => boolean | void) =>
  streamedUpload({
    url: s.url,
    headers: ALICE,
    operations: { query: TASK_UPLOAD, variables: { input: { taskGuid: TASK, files: files.map(() => null), ...extra } } },
    map: Object.fromEntries(files.map((f, i) => [f.field, [`variables.input.files.${i}`]])),
    files,
    onSent,
  });

async function download(url: string): Promise<string> {
  const res = await fetch(url);
  const h = createHash('sha256');
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) h.update(chunk);
  return h.digest('hex');
}

describe('streamed uploads', () => {
  it('a 30 MiB Bitable file is refused at its 20 MiB cap, before the whole body is sent, with no upstream call and no memory growth of its size', async () => {
    await s.clearLog();
    // What this process holds alive (heap and Buffers, after a collection), sampled as the
    // client passes 12 and 19 MiB: a gateway buffering the file would hold most of that (18 MiB
    // measured with yoga's own multipart parser; about 0 streamed).
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    let before = 0;
    let peak = 0;
    const marks = [4 * MiB, 12 * MiB, 19 * MiB];
    const size = 30 * MiB;
    const res = await bitable({ field: '0', name: 'huge.bin', size }, {}, (sent) => {
      if (!marks.length || sent < marks[0]) return;
      // The first mark is the baseline, once the upload's code paths have run.
      if (marks.shift() === 4 * MiB) before = live();
      else peak = Math.max(peak, live());
    });
    expect(marks).toEqual([]);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.file' });
    expect(res.body.errors[0].message).toContain('20971520-byte (20 MiB) limit of uploadBitableAttachment');
    // The answer came while the client was still sending: the gateway stopped at the cap.
    expect(res.sentAtAnswer).toBeLessThan(size);
    expect(await feishuCalls()).toEqual([]);
    // Coarse: the file never sat in this process's memory (the test client does not hold it
    // either); buffering it up to the cap would hold 20 MiB.
    expect(peak - before).toBeLessThan(10 * MiB);
    await uploadDirEmpties();
  });

  it('a file arriving is on disk in UPLOAD_DIR while its request runs; the directory is gone once answered', async () => {
    const size = 8 * MiB;
    let seenOnDisk: { path: string; size: number }[] = [];
    let probing: Promise<void> | undefined;
    let paused = false;
    // Halfway through the file, look at UPLOAD_DIR (the client keeps sending meanwhile).
    const res = await bitable({ field: '0', name: 'report.bin', size, seed: 13 }, {}, (sent) => {
      if (!paused && sent > size / 2) {
        paused = true;
        probing = vi.waitFor(async () => {
          seenOnDisk = await onDisk();
          expect(seenOnDisk.some((f) => f.size > 0)).toBe(true);
        }, { timeout: 5_000, interval: 5 });
      }
    });
    await probing;
    expect(seenOnDisk.length).toBe(1);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.uploadBitableAttachment).toMatchObject({ name: 'report.bin', size, mimeType: 'application/octet-stream' });
    await uploadDirEmpties();
  });

  it('a Bitable file round-trips byte-identical (through a record\'s temporaryUrl)', async () => {
    const size = 5 * MiB + 17;
    await s.clearLog();
    const up = await bitable({ field: '0', name: 'five.bin', size, type: 'application/pdf', seed: 7 });
    expect(up.body.errors).toBeUndefined();
    const { fileToken } = up.body.data.uploadBitableAttachment;
    const logged = (await s.log()).find((c) => c.path.endsWith('/medias/upload_all'));
    expect(logged?.body).toMatchObject({ size: String(size), file: { filename: 'five.bin', size } });
    const created = await s.gql(`mutation($t: String!, $f: JSON!) { createRecord(input: {appToken: "${BASE}", tableId: $t, fields: $f}) { record { cell(field: "File") { ... on AttachmentCell { attachments { temporaryUrl } } } } } }`, { t: ASSETS, f: { File: [{ file_token: fileToken }] } });
    expect(created.errors).toBeUndefined();
    expect(await download(created.data.createRecord.record.cell.attachments[0].temporaryUrl)).toBe(patternHash(size, 7));
    await uploadDirEmpties();
  });

  it('a 30 MiB task file and a small one go up in one request and come back byte-identical', async () => {
    const files = [
      { field: 'a', name: 'big.bin', size: 30 * MiB, seed: 31 },
      { field: 'b', name: 'small.txt', size: 1000, type: 'text/plain', seed: 3 },
    ];
    const res = await task(files);
    expect(res.body.errors).toBeUndefined();
    const atts = res.body.data.uploadTaskAttachments.attachments;
    expect(atts.map((a: any) => [a.name, a.size])).toEqual(files.map((f) => [f.name, f.size]));
    for (const [i, att] of atts.entries()) {
      const r = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...ALICE }, body: JSON.stringify({ query: `{ taskAttachment(guid: "${att.guid}") { url } }` }) });
      const { data } = (await r.json()) as any;
      expect(await download(data.taskAttachment.url)).toBe(patternHash(files[i].size, files[i].seed));
      await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', ...ALICE }, body: JSON.stringify({ query: `mutation { deleteTaskAttachment(input: {guid: "${att.guid}"}) { deletedGuid } }` }) });
    }
    await uploadDirEmpties();
  }, 30_000);

  it('six task files are refused from the map, before any file byte is written; a task file over 50 MiB at its cap', async () => {
    await s.clearLog();
    const six = await task(Array.from({ length: 6 }, (_, i) => ({ field: String(i), name: `f${i}.bin`, size: 2 * MiB })));
    expect(six.status).toBe(400);
    expect(six.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.files' });
    expect(six.body.errors[0].message).toBe('input.files: 6 files, uploadTaskAttachments takes at most 5 an upload');
    expect(six.sentAtAnswer).toBeLessThan(12 * MiB);
    const big = await task([{ field: '0', name: 'ok.txt', size: 10 }, { field: '1', name: 'huge.bin', size: 60 * MiB }]);
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentPath: 'input.files.1' });
    expect(big.body.errors[0].message).toContain('huge.bin is over the 52428800-byte (50 MiB) limit of uploadTaskAttachments');
    expect(big.sentAtAnswer).toBeLessThan(60 * MiB);
    expect(await feishuCalls()).toEqual([]);
    await uploadDirEmpties();
  }, 30_000);

  it('the cap follows the field whatever the variables are called: a file variable inside the input, six files given one by one', async () => {
    await s.clearLog();
    const inline = await streamedUpload({
      url: s.url,
      headers: APP,
      operations: { query: `mutation($f: File!) { uploadBitableAttachment(input: {appToken: "${BASE}", file: $f}) { fileToken } }`, variables: { f: null } },
      map: { x: ['variables.f'] },
      files: [{ field: 'x', name: 'big.bin', size: 21 * MiB }],
    });
    expect(inline.status).toBe(413);
    expect(inline.body.errors[0]).toMatchObject({ message: expect.stringContaining('input.file: big.bin is over the 20971520-byte'), extensions: { argumentPath: 'input.file' } });
    const vars = Array.from({ length: 6 }, (_, i) => `$f${i}`);
    const one = await streamedUpload({
      url: s.url,
      headers: ALICE,
      operations: { query: `mutation(${vars.map((v) => `${v}: File!`).join(', ')}) { uploadTaskAttachments(input: {taskGuid: "${TASK}", files: [${vars.join(', ')}]}) { attachments { guid } } }`, variables: Object.fromEntries(vars.map((v) => [v.slice(1), null])) },
      map: Object.fromEntries(vars.map((v, i) => [String(i), [`variables.${v.slice(1)}`]])),
      files: vars.map((_, i) => ({ field: String(i), name: `f${i}.txt`, size: 10 })),
    });
    expect(one.body.errors[0]).toMatchObject({ message: 'input.files: 6 files, uploadTaskAttachments takes at most 5 an upload', extensions: { argumentPath: 'input.files' } });
    expect(await feishuCalls()).toEqual([]);
    await uploadDirEmpties();
  });

  it('a dry run lists the file as {name, size, type} and leaves nothing on disk', async () => {
    await s.clearLog();
    const res = await bitable({ field: '0', name: 'plan.txt', size: 123, type: 'text/plain' }, { dryRun: true });
    expect(res.body.data.uploadBitableAttachment.plannedCalls).toEqual([{ body: { file_name: 'plan.txt', parent_type: 'bitable_file', parent_node: BASE, size: '123', file: { name: 'plan.txt', size: 123, type: 'text/plain' } } }]);
    expect(await feishuCalls()).toEqual([]);
    await uploadDirEmpties();
  });

  it('a client that goes away mid-upload leaves nothing on disk and causes no upstream call; the gateway keeps serving', async () => {
    await s.clearLog();
    let probe: Promise<unknown> | undefined;
    // At 4 MiB, wait until the file is seen on disk; at 10 MiB, go away.
    const res = await task([{ field: '0', name: 'gone.bin', size: 40 * MiB }], {}, (sent) => {
      if (sent > 4 * MiB && !probe) probe = vi.waitFor(async () => expect((await onDisk()).length).toBe(1), { timeout: 5_000, interval: 5 });
      return sent > 10 * MiB;
    });
    await probe;
    expect(res.aborted).toBe(true);
    await uploadDirEmpties();
    expect(await feishuCalls()).toEqual([]);
    const after = await s.gql('{ viewer { kind } }');
    expect(after.data.viewer.kind).toBe('APP');
  }, 30_000);
});
