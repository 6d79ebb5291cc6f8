import type { UserIdType } from '../bitable/common.js';
import { hex } from '../ids.js';
import { addMedia, mediaType } from '../mediaStore.js';
import type { Runtime } from '../runtime.js';
import type { EmulatorState, Task, TaskAttachment } from '../state.js';

/**
 * Task attachments as data: the upload route and the demo fixture both add them here. The bytes
 * and the file's name and size are a media file (mediaStore.ts), like a drive upload's; the
 * attachment links that file to its task.
 */

/** State files of older versions have no attachments yet. */
export const attachmentsOf = (state: EmulatorState): Record<string, TaskAttachment> => (state.taskAttachments ??= {});

/** A version-4 UUID from the id generator's bytes, so the demo's guids are seeded like its other ids. */
export function newGuid(): string {
  const b = Buffer.from(hex(16), 'hex');
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface NewAttachment {
  task: Task;
  uploaderOpenId: string;
  name: string;
  bytes: Buffer;
  /** The part's Content-Type, if it said one; else the name decides. */
  contentType?: string;
}

export function addAttachment(rt: Runtime, input: NewAttachment): TaskAttachment {
  const now = rt.now();
  const meta = { name: input.name, mime_type: mediaType(input.name, input.contentType), parent_type: 'task_attachment', parent_node: input.task.guid, created_at: now };
  const attachment: TaskAttachment = {
    guid: newGuid(),
    file_token: addMedia(rt, meta, input.bytes),
    resource_type: 'task',
    resource_id: input.task.guid,
    uploader_open_id: input.uploaderOpenId,
    uploaded_at: now,
  };
  attachmentsOf(rt.state)[attachment.guid] = attachment;
  return attachment;
}

/** The attachment object of the task v2 pages (D:上传附件, D:获取附件); `url` only where a read gives one. */
export function attachmentView(rt: Runtime, a: TaskAttachment, idType: UserIdType, url?: string) {
  const media = rt.state.media[a.file_token];
  const uploader = rt.findUser(a.uploader_open_id);
  const owner = rt.state.tasks[a.resource_id]?.owner_open_id;
  return {
    guid: a.guid,
    file_token: a.file_token,
    name: media?.name ?? '',
    size: media?.size ?? 0,
    resource: { type: a.resource_type, id: a.resource_id },
    // The task's owner made the task: "creator"; anyone else who may upload edits it: "editor".
    uploader: { id: (uploader && uploader[idType]) || a.uploader_open_id, type: 'user', role: a.uploader_open_id === owner ? 'creator' : 'editor' },
    is_cover: false,
    uploaded_at: String(a.uploaded_at),
    ...(url === undefined ? {} : { url }),
  };
}
