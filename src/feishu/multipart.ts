import { randomBytes } from 'node:crypto';

/**
 * A multipart/form-data body built here rather than with a FormData: the file may come from any
 * fetch implementation (the GraphQL upload's), and a plan must list the same fields the call sends.
 */
export interface FilePart {
  fileName: string;
  type: string;
  bytes: Uint8Array;
}

/** Fields in order; a name may repeat (several files under `file`). */
export type MultipartForm = readonly (readonly [name: string, value: string | FilePart])[];

const quote = (s: string) => s.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));

export function encodeMultipart(form: MultipartForm): { body: Buffer; contentType: string } {
  const boundary = `----feishu-gateway-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of form) {
    const head =
      typeof value === 'string'
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.fileName)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
    chunks.push(Buffer.from(head), typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.bytes.buffer, value.bytes.byteOffset, value.bytes.byteLength), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The form as a plan shows it: text fields as they are, files as `{name, size, type}`. */
export function describeMultipart(form: MultipartForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form) {
    const value = typeof v === 'string' ? v : { name: v.fileName, size: v.bytes.byteLength, type: v.type };
    out[k] = k in out ? [out[k], value].flat() : value;
  }
  return out;
}
