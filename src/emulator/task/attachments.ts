import { userIdType } from '../bitable/common.js';
import { ApiError } from '../errors.js';
import { deleteMedia } from '../mediaStore.js';
import { field, MultipartError, parseMultipart, type Part } from '../multipart.js';
import { pageOf, pageSize } from '../pageToken.js';
import { del, get, post, type Route, type RouteContext } from '../router.js';
import type { Task, TaskAttachment } from '../state.js';
import { attachmentLinkRoutes, attachmentUrl } from './attachmentLinks.js';
import { addAttachment, attachmentsOf, attachmentView } from './attachmentModel.js';

/**
 * Task v2 attachments (feishu-wire.md §5; D:上传附件, D:列取附件, D:获取附件, D:删除附件):
 * upload (multipart, up to 5 files of 50 MB), list, get, delete. User tokens only (EMULATOR.md);
 * a tenant token gets 99991663. Errors are the pages' table: 1470400 bad parameter (400),
 * 1470403 no permission (403), 1470404 no such task or attachment (404).
 *
 * Permission: the emulator's tasks have one member, their owner (admin `POST /tasks`), who may
 * read, upload and delete; the uploader of an attachment may also read and delete it. Anyone
 * else gets 1470403, as a user outside a task does on Feishu.
 */

const ATTACHMENTS = '/open-apis/task/v2/attachments';
const MAX_FILES = 5;
const MAX_FILE_SIZE = 50 * 1024 * 1024;
const PAGE = { def: 50, max: 100 };
const MAX_RESOURCE_ID = 100;

const badRequest = (msg: string) => new ApiError(400, 1470400, msg);
const forbidden = (msg: string) => new ApiError(403, 1470403, msg);
const notFound = (msg: string) => new ApiError(404, 1470404, msg);

const callerOf = (ctx: RouteContext) => (ctx.identity.kind === 'user' ? ctx.identity.user.open_id : '');

/** `resource_type` defaults to task, the only type there is; `resource_id` is a task guid. */
function taskOf(ctx: RouteContext, resourceType: string | undefined, resourceId: string | undefined): Task {
  if ((resourceType || 'task') !== 'task') throw badRequest(`resource_type must be task, got ${resourceType}`);
  if (!resourceId) throw badRequest('resource_id is required');
  if (resourceId.length > MAX_RESOURCE_ID) throw badRequest(`resource_id must be at most ${MAX_RESOURCE_ID} characters`);
  const task = ctx.rt.state.tasks[resourceId];
  if (!task) throw notFound(`task ${resourceId} does not exist or has been deleted`);
  return task;
}

const ownsTask = (ctx: RouteContext, task: Task | undefined) => task?.owner_open_id === callerOf(ctx);

function formParts(ctx: RouteContext): Part[] {
  try {
    return parseMultipart(ctx.req.headers['content-type'], ctx.rawBody);
  } catch (e) {
    if (e instanceof MultipartError) throw badRequest(`the body must be multipart/form-data: ${e.message}`);
    throw e;
  }
}

function upload(ctx: RouteContext) {
  const idType = userIdType(ctx);
  const parts = formParts(ctx);
  const task = taskOf(ctx, field(parts, 'resource_type'), field(parts, 'resource_id'));
  const files = parts.filter((p) => p.name === 'file');
  if (files.length === 0) throw badRequest('file is required');
  if (files.length > MAX_FILES) throw badRequest(`at most ${MAX_FILES} files per request, got ${files.length}`);
  const tooBig = files.find((f) => f.data.length > MAX_FILE_SIZE);
  if (tooBig) throw badRequest(`each file must be at most 50 MB; ${tooBig.filename ?? 'a file'} has ${tooBig.data.length} bytes`);
  if (!ownsTask(ctx, task)) throw forbidden(`no permission to edit task ${task.guid}`);
  // All checks pass before any file is stored: an upload is all or nothing, in the order sent.
  const added = files.map((f) =>
    // The SDK sends a Buffer without a filename; a stream or a browser form names the file.
    addAttachment(ctx.rt, { task, uploaderOpenId: callerOf(ctx), name: f.filename || 'attachment', bytes: f.data, contentType: f.contentType }),
  );
  return { items: added.map((a) => attachmentView(ctx.rt, a, idType)) };
}

function list(ctx: RouteContext) {
  const idType = userIdType(ctx);
  const task = taskOf(ctx, ctx.query.get('resource_type') ?? undefined, ctx.query.get('resource_id') ?? undefined);
  const size = pageSize(ctx.query.get('page_size'), PAGE, badRequest);
  if (!ownsTask(ctx, task)) throw forbidden(`no permission to read task ${task.guid}`);
  // Oldest upload first ("按照附件上传时间排序"): the order they were added.
  const all = Object.values(attachmentsOf(ctx.rt.state)).filter((a) => a.resource_id === task.guid);
  const page = pageOf(all, size, ctx.query.get('page_token'), badRequest);
  const items = page.items.map((a) => attachmentView(ctx.rt, a, idType, attachmentUrl(ctx.rt, a.guid)));
  // page_token only comes with has_more (D:列取附件).
  return page.has_more ? { items, page_token: page.page_token, has_more: true } : { items, has_more: false };
}

/** An attachment the caller may see: its task's owner or its uploader. */
function visibleAttachment(ctx: RouteContext): TaskAttachment {
  const guid = ctx.params.attachment_guid;
  const attachment = attachmentsOf(ctx.rt.state)[guid];
  if (!attachment) throw notFound(`attachment ${guid} does not exist or has been deleted`);
  if (!ownsTask(ctx, ctx.rt.state.tasks[attachment.resource_id]) && attachment.uploader_open_id !== callerOf(ctx)) throw forbidden(`no permission on attachment ${guid}`);
  return attachment;
}

function getOne(ctx: RouteContext) {
  const idType = userIdType(ctx);
  const attachment = visibleAttachment(ctx);
  return { attachment: attachmentView(ctx.rt, attachment, idType, attachmentUrl(ctx.rt, attachment.guid)) };
}

function remove(ctx: RouteContext) {
  const attachment = visibleAttachment(ctx);
  delete attachmentsOf(ctx.rt.state)[attachment.guid];
  deleteMedia(ctx.rt, attachment.file_token); // "删除后该附件不可再恢复": its bytes go too
  return {};
}

export const taskAttachmentRoutes: Route[] = [
  post(`${ATTACHMENTS}/upload`, 'user', upload),
  get(ATTACHMENTS, 'user', list),
  get(`${ATTACHMENTS}/:attachment_guid`, 'user', getOne),
  del(`${ATTACHMENTS}/:attachment_guid`, 'user', remove),
  ...attachmentLinkRoutes,
];
