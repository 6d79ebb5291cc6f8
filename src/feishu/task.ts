import { z } from 'zod';
import { page } from './envelope.js';
import { call, endpoint, refuse, type CallOptions, type Caller } from './endpoint.js';
import type { FilePart, MultipartForm } from './multipart.js';

/**
 * Task v2 attachments (feishu-wire.md §5): upload (multipart), list, get, delete. User tokens
 * only. Uploads and deletes are calls described, not made (`taskWrites`), so dry runs list them.
 * Uploaders are asked for as open_ids, so the schema can name them as Users.
 */

const ATTACHMENTS = '/open-apis/task/v2/attachments';

export const TaskAttachment = z.looseObject({
  guid: z.string(),
  file_token: z.string().nullish(),
  name: z.string().nullish(),
  size: z.number().nullish(),
  resource: z.looseObject({ type: z.string().nullish(), id: z.string().nullish() }).nullish(),
  uploader: z.looseObject({ id: z.string().nullish(), type: z.string().nullish(), role: z.string().nullish() }).nullish(),
  is_cover: z.boolean().nullish(),
  /** Milliseconds, as a string. */
  uploaded_at: z.union([z.string(), z.number()]).nullish(),
  /** On list and get only: a download link valid 3 minutes, for at most 3 downloads. */
  url: z.string().nullish(),
});
export const TaskAttachmentPage = page(TaskAttachment);
export const UploadedAttachments = z.looseObject({ items: z.array(TaskAttachment).nullish().transform((i) => i ?? []) });

export type TaskAttachment = z.infer<typeof TaskAttachment>;
export type TaskAttachmentPage = z.infer<typeof TaskAttachmentPage>;
export type UploadedAttachments = z.infer<typeof UploadedAttachments>;

/** Most files one upload takes, and most bytes each (D:上传附件). */
export const TASK_ATTACHMENT_FILES_MAX = 5;
export const TASK_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024;
/** page_size of the list: 1-100. */
export const TASK_ATTACHMENT_PAGE_MAX = 100;
/** How long an attachment's `url` opens (D:列取附件: 3 minutes). */
export const TASK_ATTACHMENT_URL_TTL_MS = 3 * 60 * 1000;

const read = <D>(name: string, path: string, data: z.ZodType<D>) => endpoint({ name: `task.${name}`, method: 'GET', path, rate: 'task', idempotent: true, data });

export const TASK_ENDPOINTS = {
  // Not repeatable: a second upload makes a second set of attachments.
  uploadAttachments: endpoint({ name: 'task.uploadAttachments', method: 'POST', path: `${ATTACHMENTS}/upload`, rate: 'task', idempotent: false, data: UploadedAttachments }),
  listAttachments: read('listAttachments', ATTACHMENTS, TaskAttachmentPage),
  getAttachment: read('getAttachment', `${ATTACHMENTS}/:attachment_guid`, z.looseObject({ attachment: TaskAttachment })),
  deleteAttachment: endpoint({ name: 'task.deleteAttachment', method: 'DELETE', path: `${ATTACHMENTS}/:attachment_guid`, rate: 'task', idempotent: true, data: z.looseObject({}) }),
};

export function taskApi(call: Caller) {
  const E = TASK_ENDPOINTS;
  return {
    /** A task's attachments, oldest upload first; each with a fresh `url`. */
    listAttachments: (p: { taskGuid: string; pageSize?: number; pageToken?: string }, o?: CallOptions): Promise<TaskAttachmentPage> =>
      call(E.listAttachments, { query: { resource_type: 'task', resource_id: p.taskGuid, page_size: p.pageSize, page_token: p.pageToken || undefined, user_id_type: 'open_id' } }, o),
    async getAttachment(p: { guid: string }, o?: CallOptions): Promise<TaskAttachment> {
      return (await call(E.getAttachment, { params: { attachment_guid: p.guid }, query: { user_id_type: 'open_id' } }, o)).attachment;
    },
  };
}

export type TaskApi = ReturnType<typeof taskApi>;

/** A file to upload (multipart.ts encodes the body, streaming the file). */
export type AttachmentFile = FilePart;

export const taskWrites = {
  /** One multipart upload of 1-5 files to a task, in order (repeated `file` parts); all or nothing. */
  uploadAttachments(p: { taskGuid: string; files: readonly AttachmentFile[] }) {
    const ep = TASK_ENDPOINTS.uploadAttachments;
    if (p.files.length < 1 || p.files.length > TASK_ATTACHMENT_FILES_MAX) throw refuse(ep, `an upload takes 1-${TASK_ATTACHMENT_FILES_MAX} files, got ${p.files.length}`);
    const big = p.files.find((f) => f.size > TASK_ATTACHMENT_MAX_BYTES);
    if (big) throw refuse(ep, `${big.fileName} has ${big.size} bytes, over the ${TASK_ATTACHMENT_MAX_BYTES}-byte limit`);
    const form: MultipartForm = [['resource_type', 'task'], ['resource_id', p.taskGuid], ...p.files.map((f) => ['file', f] as const)];
    return call(ep, { query: { user_id_type: 'open_id' }, form });
  },
  deleteAttachment: (guid: string) => call(TASK_ENDPOINTS.deleteAttachment, { params: { attachment_guid: guid } }),
};
