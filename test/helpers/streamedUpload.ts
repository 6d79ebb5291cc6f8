import { createHash } from 'node:crypto';
import { request } from 'node:http';

/**
 * A GraphQL multipart request sent from a generator, never held in memory by the test: each
 * file's bytes are a pattern computed chunk by chunk (the same 64 KiB buffer is reused), so a
 * test can send hundreds of MiB and measure what the gateway holds, and compare hashes.
 */
export interface StreamedFile {
  /** The form field (the `map` key). */
  field: string;
  name: string;
  size: number;
  type?: string;
  seed?: number;
}

export interface StreamedUploadOptions {
  url: string;
  operations: unknown;
  map: Record<string, string[]>;
  files: StreamedFile[];
  headers?: Record<string, string>;
  /** Called as bytes go out; return true to abort the request there (the client goes away). */
  onSent?: (sent: number) => boolean | void;
}

export interface StreamedUploadResult {
  status: number;
  body: any;
  /** Bytes written before the answer came (or the client aborted). */
  sentAtAnswer: number;
  aborted: boolean;
}

const CHUNK = 64 * 1024;
const pattern = (buf: Buffer, offset: number, seed: number) => {
  for (let i = 0; i < buf.length; i++) buf[i] = ((offset + i) * seed + 7) % 251;
};

/** The sha256 of a file's pattern, as the generator sends it. */
export function patternHash(size: number, seed = 31): string {
  const h = createHash('sha256');
  const buf = Buffer.alloc(CHUNK);
  for (let at = 0; at < size; at += CHUNK) {
    const n = Math.min(CHUNK, size - at);
    pattern(buf, at, seed);
    h.update(buf.subarray(0, n));
  }
  return h.digest('hex');
}

export function streamedUpload(o: StreamedUploadOptions): Promise<StreamedUploadResult> {
  const boundary = `----test-${Math.random().toString(16).slice(2)}`;
  const url = new URL(o.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    let aborted = false;
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-graphql-yoga-csrf': '1', ...o.headers } });
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sent;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, sentAtAnswer, aborted });
        req.destroy(); // a refused body is never finished
      });
    });
    req.on('error', (err) => (aborted ? resolve({ status: 0, body: undefined, sentAtAnswer: sent, aborted }) : reject(err)));
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const pieces: Array<string | StreamedFile> = [field('operations', JSON.stringify(o.operations)), field('map', JSON.stringify(o.map))];
    for (const f of o.files) pieces.push(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`, f, '\r\n');
    pieces.push(`--${boundary}--\r\n`);
    const buf = Buffer.alloc(CHUNK);
    let piece = 0;
    let offset = 0;
    const write = (data: string | Buffer) => {
      sent += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      const ok = req.write(data);
      if (o.onSent?.(sent) && !aborted) {
        aborted = true;
        req.destroy();
        return false;
      }
      return ok;
    };
    const pump = () => {
      while (!aborted && !answered && piece < pieces.length) {
        const p = pieces[piece];
        if (typeof p === 'string') {
          piece++;
          if (!write(p)) return aborted || void req.once('drain', pump);
          continue;
        }
        if (offset >= p.size) {
          piece++;
          offset = 0;
          continue;
        }
        const n = Math.min(CHUNK, p.size - offset);
        pattern(buf, offset, p.seed ?? 31);
        offset += n;
        // A copy per chunk: the socket may still hold the previous one.
        if (!write(Buffer.from(buf.subarray(0, n)))) return aborted || void req.once('drain', pump);
      }
      if (!aborted && !answered) req.end();
    };
    pump();
  });
}
