import { z } from 'zod';
import { TASK_ATTACHMENT_FILES_MAX, TASK_ATTACHMENT_MAX_BYTES, taskWrites } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { TaskAttachmentRef, type TaskAttachmentShape } from './attachment.js';
import { filePart, type UploadCaps } from '../uploads.js';

/**
 * Task attachment writes (feishu-wire.md §5): one multipart upload of 1-5 files (50 MB each,
 * all or nothing on Feishu's side), and delete. User tokens only. Every file is checked before
 * the call, so a refused input writes nothing.
 */

interface AttachmentsPayload extends Planned {
  attachments?: TaskAttachmentShape[] | null;
  deletedGuid?: string | null;
}

const UploadTaskAttachmentsPayload = builder.objectRef<AttachmentsPayload>('UploadTaskAttachmentsPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    attachments: t.field({ type: [TaskAttachmentRef], nullable: true, description: 'The new attachments, in the order of files (null on a dry run).', resolve: (p) => p.attachments ?? null }),
  }),
});

const DeleteTaskAttachmentPayload = builder.objectRef<AttachmentsPayload>('DeleteTaskAttachmentPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    deletedGuid: t.string({ nullable: true, description: 'The deleted attachment\'s guid (null on a dry run).', resolve: (p) => p.deletedGuid ?? null }),
  }),
});

const MB = 1024 * 1024;
/** 1-5 uploads of at most 50 MB each; a file over it is named at its index (`input.files.2`). */
const files = z
  .array(z.custom<File>((f) => typeof (f as { size?: unknown } | null)?.size === 'number', 'a file upload'))
  .min(1, 'give at least one file')
  .max(TASK_ATTACHMENT_FILES_MAX, `at most ${TASK_ATTACHMENT_FILES_MAX} files an upload`)
  .superRefine((list, ctx) => {
    list.forEach((f, i) => {
      if (f.size > TASK_ATTACHMENT_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `${f.name || 'the file'} has ${f.size} bytes, over the ${TASK_ATTACHMENT_MAX_BYTES / MB} MB limit`, path: [i] });
    });
  });

const taskGuid = z.string().trim().min(1, 'taskGuid must not be empty').max(100, 'taskGuid must be at most 100 characters');

builder.mutationField('uploadTaskAttachments', (t) =>
  t.fieldWithInput({
    type: UploadTaskAttachmentsPayload,
    nullable: false,
    authScopes: { user: true },
    // Read by the gateway's multipart parser: too many files, or one too big, is refused as it arrives.
    extensions: { uploads: { maxFileBytes: TASK_ATTACHMENT_MAX_BYTES, maxFiles: TASK_ATTACHMENT_FILES_MAX } satisfies UploadCaps },
    description: `Attaches 1-${TASK_ATTACHMENT_FILES_MAX} files (GraphQL multipart request, ${TASK_ATTACHMENT_MAX_BYTES / MB} MB each) to a task, in one upload (user token only).`,
    input: {
      taskGuid: t.input.string({ required: true, validate: taskGuid }),
      files: t.input.field({ type: ['File'], required: true, validate: files }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      // Streamed from where the uploads are (the gateway keeps them on disk), never read whole.
      const parts = input.files.map((f) => filePart(f, f.name || 'attachment'));
      const call = taskWrites.uploadAttachments({ taskGuid: input.taskGuid, files: parts });
      if (input.dryRun) return plan([call]);
      const { items } = await send(ctx, call);
      return { attachments: items.map((raw) => ({ guid: raw.guid, raw })) };
    },
  }),
);

builder.mutationField('deleteTaskAttachment', (t) =>
  t.fieldWithInput({
    type: DeleteTaskAttachmentPayload,
    nullable: false,
    authScopes: { user: true },
    description: 'Deletes a task attachment and its file, for good (user token only).',
    input: {
      guid: t.input.string({ required: true, validate: z.string().trim().min(1, 'guid must not be empty') }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const call = taskWrites.deleteAttachment(input.guid);
      if (input.dryRun) return plan([call]);
      await send(ctx, call);
      return { deletedGuid: input.guid };
    },
  }),
);
