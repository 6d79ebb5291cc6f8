import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A multipart/form-data body built here rather than with a FormData: the file may come from any
 * source (the gateway's uploads are on disk), a plan must list the same fields the call sends,
 * and Feishu's upload_all wants the body's length up front, which a streamed FormData hides.
 */
export interface FilePart {
  fileName: string;
  type: string;
  /** Bytes `stream()` yields: known before the body is sent (Feishu's `size` field, Content-Length). */
  size: number;
  /** The file's bytes, from the start, each time it is called (a retried call sends them again). */
  stream(): AsyncIterable<Uint8Array>;
}

/** Fields in order; a name may repeat (several files under `file`). */
export type MultipartForm = readonly (readonly [name: string, value: string | FilePart])[];

const quote = (s: string) => s.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));

export interface EncodedMultipart {
  /** Streamed: files are read as the body is sent, never held whole. */
  body: Readable;
  /** The exact byte length of `body`. */
  length: number;
  contentType: string;
}

export function encodeMultipart(form: MultipartForm): EncodedMultipart {
  const boundary = `----feishu-gateway-${randomBytes(12).toString('hex')}`;
  const pieces: Array<Buffer | FilePart> = [];
  for (const [name, value] of form) {
    const head =
      typeof value === 'string'
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.fileName)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
    pieces.push(Buffer.from(head), typeof value === 'string' ? Buffer.from(value) : value, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  const length = pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.byteLength : p.size), 0);
  async function* body(): AsyncIterable<Uint8Array> {
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) {
        yield piece;
        continue;
      }
      let sent = 0;
      for await (const chunk of piece.stream()) {
        sent += chunk.byteLength;
        yield chunk;
      }
      // A file that changed under us would make the declared length a lie: fail the call instead.
      if (sent !== piece.size) throw new Error(`${piece.fileName} gave ${sent} bytes, ${piece.size} expected`);
    }
  }
  return { body: Readable.from(body(), { objectMode: false }), length, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The form as a plan shows it: text fields as they are, files as `{name, size, type}`. */
export function describeMultipart(form: MultipartForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form) {
    const value = typeof v === 'string' ? v : { name: v.fileName, size: v.size, type: v.type };
    out[k] = k in out ? [out[k], value].flat() : value;
  }
  return out;
}
