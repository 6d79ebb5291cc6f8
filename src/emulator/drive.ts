import { ApiError } from './errors.js';
import { serveMedia } from './mediaDownload.js';
import { addMedia, mediaType } from './mediaStore.js';
import { field, MultipartError, parseMultipart, type Part } from './multipart.js';
import { get, post, type Route, type RouteContext } from './router.js';
import type { Runtime } from './runtime.js';
import { openCode, publicLink, signCode } from './signedLinks.js';

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

/** Temporary links are signed codes (signedLinks.ts) naming the file token and the expiry. */
const TMP_LINK = 'tmp-download';

function tmpDownloadUrl(rt: Runtime, fileToken: string): string {
  return publicLink(rt, TMP_PATH, signCode(rt, TMP_LINK, fileToken, rt.now() + TMP_URL_TTL_MS));
}

/** The file token a link's code grants, or a 403 when the code is forged or expired. */
function grantedToken(rt: Runtime, code: string | null): string {
  const opened = openCode(rt, TMP_LINK, code);
  if (typeof opened === 'string') throw new ApiError(403, 1061004, 'forbidden.');
  return opened.subject;
}

function batchTmpUrls(ctx: RouteContext) {
  const tokens = [...new Set(ctx.query.getAll('file_tokens'))];
  if (tokens.length === 0 || tokens.length > MAX_TMP_TOKENS) throw paramsError();
  // Unknown tokens are left out, as batch reads elsewhere do, rather than failing the batch.
  const known = tokens.filter((t) => ctx.rt.state.media[t]);
  return { tmp_download_urls: known.map((file_token) => ({ file_token, tmp_download_url: tmpDownloadUrl(ctx.rt, file_token) })) };
}

export const driveRoutes: Route[] = [
  post(`${DRIVE}/medias/upload_all`, 'tenant-or-user', upload),
  get(`${DRIVE}/medias/batch_get_tmp_download_url`, 'tenant-or-user', batchTmpUrls),
  get(`${DRIVE}/medias/:file_token/download`, 'tenant-or-user', (ctx) => serveMedia(ctx, ctx.params.file_token)),
  get(TMP_PATH, 'none', (ctx) => serveMedia(ctx, grantedToken(ctx.rt, ctx.query.get('code')))),
];
