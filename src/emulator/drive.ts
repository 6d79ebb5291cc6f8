import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';
import { addMedia, mediaType, readMedia } from './mediaStore.js';
import { field, MultipartError, parseMultipart, type Part } from './multipart.js';
import { Raw, get, post, type Route, type RouteContext } from './router.js';
import type { Runtime } from './runtime.js';

/**
 * Drive medias (feishu-wire.md §5): upload_all, temporary download links and download with Range.
 * Codes and HTTP statuses are those of the drive pages' error tables (D:上传素材).
 */

const DRIVE = '/open-apis/drive/v1';
const MAX_SIZE = 20_971_520;
const MAX_TMP_TOKENS = 5;
const TMP_URL_TTL_MS = 24 * 3600 * 1000;
/** Shaped like Feishu's own stream host path; outside `/open-apis`, so no token is asked for. */
const TMP_PATH = '/space/api/box/stream/download/authcode/';

const PARENT_TYPES = new Set([
  'doc_image', 'docx_image', 'sheet_image', 'doc_file', 'docx_file', 'sheet_file', 'vc_virtual_background', 'bitable_image', 'bitable_file',
  'moments', 'ccm_import_open', 'calendar', 'base_global', 'lark_ai_media_analysis', 'whiteboard', 'mindnote_image', 'comment_image',
  'slide_img', 'slide_file', 'email', 'bitable_tmp_point', 'office_sheet_file', 'office_slide_file',
]);

const paramsError = () => new ApiError(400, 1061002, 'params error.');
const notFound = () => new ApiError(404, 1061003, 'not found.');

function formParts(ctx: RouteContext): Part[] {
  try {
    return parseMultipart(ctx.req.headers['content-type'], ctx.rawBody);
  } catch (e) {
    if (e instanceof MultipartError) throw paramsError();
    throw e;
  }
}

/** Adler-32, which `checksum` carries as a decimal string. */
function adler32(bytes: Buffer): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function upload(ctx: RouteContext) {
  const parts = formParts(ctx);
  const fileName = field(parts, 'file_name') ?? '';
  if (fileName === '' || fileName.length > 250) throw new ApiError(400, 1061008, 'invalid file name.');
  const parentType = field(parts, 'parent_type') ?? '';
  const parentNode = field(parts, 'parent_node') ?? '';
  const sizeText = field(parts, 'size') ?? '';
  const file = parts.find((p) => p.name === 'file');
  if (!PARENT_TYPES.has(parentType) || parentNode === '' || !/^[0-9]+$/.test(sizeText) || !file) throw paramsError();
  // Bitable attachments must name their base; other upload points (docs, sheets…) are not modelled.
  if (parentType.startsWith('bitable_') && !ctx.rt.state.apps[parentNode]) throw new ApiError(400, 1061044, 'parent node not exist.');
  const size = Number(sizeText);
  if (size > MAX_SIZE || file.data.length > MAX_SIZE) throw new ApiError(400, 1061043, 'file size beyond limit.');
  if (size !== file.data.length) throw new ApiError(400, 1062009, 'the actual size is inconsistent with the parameter declaration size.');
  const checksum = field(parts, 'checksum')?.trim();
  if (checksum && checksum !== String(adler32(file.data))) throw new ApiError(400, 1062008, 'checksum param Invalid.');

  const meta = { name: fileName, mime_type: mediaType(fileName, file.contentType), parent_type: parentType, parent_node: parentNode, created_at: ctx.rt.now() };
  return { file_token: addMedia(ctx.rt, meta, file.data) };
}

/**
 * Temporary links are signed, not stored: `<file_token>.<expires ms>.<hmac>`. The key derives
 * from the app secret, so links stay valid across a `--data` restart and cannot be forged.
 */
const signingKeys = new WeakMap<Runtime, Buffer>();

function signature(rt: Runtime, payload: string): string {
  let key = signingKeys.get(rt);
  // A runtime's app id and secret never change, so its key is derived once.
  if (!key) signingKeys.set(rt, (key = createHash('sha256').update(`tmp-download:${rt.appId}:${rt.appSecret}`).digest()));
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function tmpDownloadUrl(rt: Runtime, fileToken: string): string {
  const payload = `${fileToken}.${rt.now() + TMP_URL_TTL_MS}`;
  return `${rt.publicUrl.replace(/\/+$/, '')}${TMP_PATH}?code=${payload}.${signature(rt, payload)}`;
}

/** The file token a link's code grants, or a 403 when the code is forged or expired. */
function grantedToken(rt: Runtime, code: string | null): string {
  const m = /^([A-Za-z0-9]+)\.([0-9]+)\.([A-Za-z0-9_-]+)$/.exec(code ?? '');
  const forbidden = () => new ApiError(403, 1061004, 'forbidden.');
  if (!m) throw forbidden();
  const expected = Buffer.from(signature(rt, `${m[1]}.${m[2]}`));
  const given = Buffer.from(m[3]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || Number(m[2]) <= rt.now()) throw forbidden();
  return m[1];
}

function batchTmpUrls(ctx: RouteContext) {
  const tokens = [...new Set(ctx.query.getAll('file_tokens'))];
  if (tokens.length === 0 || tokens.length > MAX_TMP_TOKENS) throw paramsError();
  // Unknown tokens are left out, as batch reads elsewhere do, rather than failing the batch.
  const known = tokens.filter((t) => ctx.rt.state.media[t]);
  return { tmp_download_urls: known.map((file_token) => ({ file_token, tmp_download_url: tmpDownloadUrl(ctx.rt, file_token) })) };
}

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

function serve(ctx: RouteContext, fileToken: string): Raw {
  const meta = ctx.rt.state.media[fileToken];
  const bytes = meta && readMedia(ctx.rt, fileToken);
  if (!meta || !bytes) throw notFound();
  const headers = { 'content-type': meta.mime_type, 'content-disposition': disposition(meta.name), 'accept-ranges': 'bytes' };
  const range = byteRange(ctx.req.headers.range, bytes.length);
  if (range === 'unsatisfiable') return new Raw(416, Buffer.alloc(0), { ...headers, 'content-range': `bytes */${bytes.length}` });
  if (!range) return new Raw(200, bytes, headers);
  return new Raw(206, bytes.subarray(range.start, range.end + 1), { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` });
}

export const driveRoutes: Route[] = [
  post(`${DRIVE}/medias/upload_all`, 'tenant-or-user', upload),
  get(`${DRIVE}/medias/batch_get_tmp_download_url`, 'tenant-or-user', batchTmpUrls),
  get(`${DRIVE}/medias/:file_token/download`, 'tenant-or-user', (ctx) => serve(ctx, ctx.params.file_token)),
  get(TMP_PATH, 'none', (ctx) => serve(ctx, grantedToken(ctx.rt, ctx.query.get('code')))),
];
