import type { Readable } from 'node:stream';
import type { TestEmulator } from './emulator.js';

/** Everything a stream gives, such as the SDK's `download(...).getReadableStream()`. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** `GET /open-apis/drive/v1/medias/<token>/download` (the tenant token unless one is given), with the bytes read. */
export async function download(t: TestEmulator, fileToken: string, opts: { token?: string; range?: string } = {}): Promise<{ status: number; type: string | null; headers: Headers; bytes: Buffer }> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? (await t.tenantToken())}` };
  if (opts.range) headers.range = opts.range;
  const res = await fetch(`${t.url}/open-apis/drive/v1/medias/${fileToken}/download`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}
