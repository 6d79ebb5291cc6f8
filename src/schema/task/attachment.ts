import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { TASK_ATTACHMENT_PAGE_MAX, TASK_ATTACHMENT_URL_TTL_MS, type TaskAttachment } from '../../feishu/index.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { connectionType, feishuConnection } from '../bitable/connection.js';
import { UserRef } from '../user.js';

/**
 * A task's attachment (task v2, feishu-wire.md §5). User tokens only: as the app every field is
 * FORBIDDEN without a call. Lists and gets answer a download `url` valid 3 minutes and for at
 * most 3 downloads, made fresh by every read; an upload answers none, so `url` on an uploaded
 * attachment gets it (one attachments get; there is no batch form).
 */
export interface TaskAttachmentShape {
  guid: string;
  raw?: TaskAttachment;
  /** When `raw` was read (ms): its url expires 3 minutes later. */
  readAt?: number;
}

interface Loaded {
  raw: TaskAttachment;
  readAt: number;
}

/** guid -> the attachment with a fresh url; per request, so one url serves every field asking. */
const attachmentLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, Loaded>(async (guids) => Promise.all(guids.map(async (guid) => ({ raw: await ctx.feishu.task.getAttachment({ guid }), readAt: Date.now() }))), { batch: false }),
);

/** The attachment's data; with `needUrl`, from an answer that carries a url. */
async function load(ctx: Context, a: TaskAttachmentShape, needUrl = false): Promise<Loaded> {
  if (a.raw && (!needUrl || a.raw.url)) return { raw: a.raw, readAt: a.readAt ?? Date.now() };
  return attachmentLoader(ctx).load(a.guid);
}

const field =
  <T>(pick: (raw: TaskAttachment) => T) =>
  async (a: TaskAttachmentShape, _args: unknown, ctx: Context): Promise<T> =>
    pick((await load(ctx, a)).raw);

export const TaskAttachmentRef = builder.objectRef<TaskAttachmentShape>('TaskAttachment');

builder.node(TaskAttachmentRef, {
  description: 'A file attached to a task (user token only).',
  authScopes: { user: true },
  id: { resolve: (a) => a.guid },
  loadOne: (guid) => ({ guid }),
  fields: (t) => ({
    guid: t.exposeString('guid', { nullable: false }),
    fileToken: t.string({ nullable: true, resolve: field((r) => r.file_token ?? null) }),
    name: t.string({ nullable: true, resolve: field((r) => r.name ?? null) }),
    size: t.int({ nullable: true, description: 'Bytes (at most 50 MB).', resolve: field((r) => r.size ?? null) }),
    uploadedAt: t.field({ type: 'DateTime', nullable: true, resolve: field((r) => r.uploaded_at ?? null) }),
    url: t.string({
      nullable: true,
      description: 'A download link, no token needed: valid 3 minutes and for at most 3 downloads; every read makes a new one.',
      resolve: async (a, _args, ctx) => (await load(ctx, a, true)).raw.url ?? null,
    }),
    urlExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When url stops opening (3 minutes after it was read).',
      resolve: async (a, _args, ctx) => {
        const { raw, readAt } = await load(ctx, a, true);
        return raw.url ? new Date(readAt + TASK_ATTACHMENT_URL_TTL_MS) : null;
      },
    }),
    isCover: t.boolean({ nullable: true, resolve: field((r) => r.is_cover ?? null) }),
    resourceType: t.string({ nullable: true, description: 'What it is attached to: task.', resolve: field((r) => r.resource?.type ?? null) }),
    resourceId: t.string({ nullable: true, description: 'The task\'s guid.', resolve: field((r) => r.resource?.id ?? null) }),
    uploader: t.field({
      type: UserRef,
      nullable: true,
      resolve: field((r) => (r.uploader?.id && (r.uploader.type ?? 'user') === 'user' ? { openId: r.uploader.id } : null)),
    }),
    uploaderRole: t.string({ nullable: true, description: 'The uploader\'s role on the task (creator, editor, …).', resolve: field((r) => r.uploader?.role ?? null) }),
  }),
});

export const TaskAttachmentConnection = connectionType('TaskAttachment', TaskAttachmentRef);

builder.queryFields((t) => ({
  taskAttachments: t.field({
    type: TaskAttachmentConnection,
    nullable: false,
    authScopes: { user: true },
    description: `A task's attachments, oldest upload first (user token only); first at most ${TASK_ATTACHMENT_PAGE_MAX}.`,
    args: { taskGuid: t.arg.string({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) =>
      feishuConnection(args, {
        cap: TASK_ATTACHMENT_PAGE_MAX,
        what: 'task attachments',
        fetch: ({ pageSize, pageToken }) => ctx.feishu.task.listAttachments({ taskGuid: args.taskGuid, pageSize, pageToken }),
        node: (raw): TaskAttachmentShape => ({ guid: raw.guid, raw, readAt: Date.now() }),
      }),
  }),
  taskAttachment: t.field({
    type: TaskAttachmentRef,
    nullable: true,
    authScopes: { user: true },
    description: 'A task attachment by guid (user token only). Not fetched until a field needs it.',
    args: { guid: t.arg.string({ required: true }) },
    resolve: (_root, { guid }) => ({ guid }),
  }),
}));
