/** A malformed body; each API answers it with its own parameter-error code. */
export class MultipartError extends Error {}

const bad = (msg: string) => new MultipartError(msg);

export interface Part {
  name: string;
  /** Present when the part's Content-Disposition names a file. */
  filename?: string;
  contentType?: string;
  /** A view into the body, not a copy (an upload kept in memory holds its whole body: the file and a few form fields). */
  data: Buffer;
}

/**
 * A multipart/form-data body as parts with their raw bytes. Not `Request.formData()`: it decodes
 * parts without a filename as UTF-8 text, and the official SDK sends a Buffer `file` exactly like
 * that (no filename, `application/octet-stream`), so binary uploads would be corrupted.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !boundary) throw bad('the body must be multipart/form-data with a boundary');
  const token = boundary[1] ?? boundary[2];
  // Between parts the delimiter is CRLF + `--boundary`: that CRLF belongs to the delimiter, not the data.
  const separator = Buffer.from(`\r\n--${token}`);
  const first = body.indexOf(`--${token}`);
  if (first < 0) throw bad('the multipart body has no parts');
  const parts: Part[] = [];
  let cursor = first + token.length + 2;
  for (;;) {
    if (body.subarray(cursor, cursor + 2).toString() === '--') break; // the closing delimiter
    const start = body.subarray(cursor, cursor + 2).toString() === '\r\n' ? cursor + 2 : cursor;
    const next = body.indexOf(separator, start);
    if (next < 0) throw bad('the multipart body is truncated');
    const headEnd = body.indexOf('\r\n\r\n', start);
    if (headEnd < 0 || headEnd > next) throw bad('a multipart part has no header block');
    parts.push(partOf(body.subarray(start, headEnd).toString('utf8'), body.subarray(headEnd + 4, next)));
    cursor = next + separator.length;
  }
  return parts;
}

function partOf(head: string, data: Buffer): Part {
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = param(disposition, 'name');
  if (name === undefined) throw bad('a multipart part has no name');
  const extended = /filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  const filename = extended ? decodeURIComponent(extended[1]) : param(disposition, 'filename');
  return { name, filename, contentType: headers.get('content-type'), data };
}

/** `key="value"` or `key=value` inside a header; `name` must not match inside `filename`. */
function param(header: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].trim();
}

/** The text value of the first part with this name. */
export const field = (parts: Part[], name: string): string | undefined => parts.find((p) => p.name === name)?.data.toString('utf8');
