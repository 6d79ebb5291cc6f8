import { ApiError } from './errors.js';
import { readMedia } from './mediaStore.js';
import { Raw, type RouteContext } from './router.js';

/**
 * Serving stored bytes as a download: drive's media download and every signed link (drive's
 * temporary links, task attachment urls) answer the same way, with Range support.
 */

type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (RFC 9110); anything else, including several ranges, is ignored (full body). */
function byteRange(header: string | undefined, size: number): ByteRange {
  const m = /^bytes=([0-9]*)-([0-9]*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  return start >= size ? 'unsatisfiable' : { start, end };
}

/** Header values must be Latin-1; the UTF-8 name goes in `filename*`. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Drive's answer for a token without bytes (D:下载素材). */
const notFound = () => new ApiError(404, 1061003, 'not found.');

/** The file's bytes (or the requested range of them), typed and named from its metadata. */
export function serveMedia(ctx: RouteContext, fileToken: string): Raw {
  const meta = ctx.rt.state.media[fileToken];
  const bytes = meta && readMedia(ctx.rt, fileToken);
  if (!meta || !bytes) throw notFound();
  const headers = { 'content-type': meta.mime_type, 'content-disposition': disposition(meta.name), 'accept-ranges': 'bytes' };
  const range = byteRange(ctx.req.headers.range, bytes.length);
  if (range === 'unsatisfiable') return new Raw(416, Buffer.alloc(0), { ...headers, 'content-range': `bytes */${bytes.length}` });
  if (!range) return new Raw(200, bytes, headers);
  return new Raw(206, bytes.subarray(range.start, range.end + 1), { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` });
}
