import { z } from 'zod';
import { UPLOAD_ALL_MAX_BYTES, uploadMediaCall } from '../../feishu/index.js';
import { builder } from '../builder.js';
import { gatewayError } from '../errors.js';
import { MutationPayload, plan, send, type Planned, dryRunInput } from '../mutations.js';
import { filePart, type UploadCaps } from '../uploads.js';

/**
 * Attachments for Bitable cells (feishu-wire.md §5): the file goes to drive `medias/upload_all`
 * under the base (`parent_type` bitable_file or bitable_image, `parent_node` the app token); the
 * answer's file token is what an attachment cell takes: `[{"file_token": "…"}]`.
 */

const AttachmentKind = builder.enumType('AttachmentKind', {
  values: { FILE: { value: 'file', description: 'Any file (bitable_file).' }, IMAGE: { value: 'image', description: 'An image, shown as one (bitable_image).' } } as const,
});

interface UploadPayload extends Planned {
  fileToken?: string;
  name?: string;
  size?: number;
  mimeType?: string;
}

const UploadBitableAttachmentPayload = builder.objectRef<UploadPayload>('UploadBitableAttachmentPayload').implement({
  interfaces: [MutationPayload],
  fields: (t) => ({
    fileToken: t.string({ nullable: true, description: 'Put it in an attachment cell as [{"file_token": …}] (null on a dry run).', resolve: (p) => p.fileToken ?? null }),
    name: t.string({ nullable: true, resolve: (p) => p.name ?? null }),
    size: t.int({ nullable: true, description: 'Bytes.', resolve: (p) => p.size ?? null }),
    mimeType: t.string({ nullable: true, resolve: (p) => p.mimeType ?? null }),
  }),
});

builder.mutationField('uploadBitableAttachment', (t) =>
  t.fieldWithInput({
    type: UploadBitableAttachmentPayload,
    nullable: false,
    description: `Uploads a file (GraphQL multipart request, at most ${UPLOAD_ALL_MAX_BYTES} bytes) for an attachment cell of the base.`,
    // Read by the gateway's multipart parser: an upload over it is refused as its bytes arrive.
    extensions: { uploads: { maxFileBytes: UPLOAD_ALL_MAX_BYTES, maxFiles: 1 } satisfies UploadCaps },
    input: {
      appToken: t.input.string({ required: true, validate: z.string().trim().min(1) }),
      file: t.input.field({ type: 'File', required: true }),
      kind: t.input.field({ type: AttachmentKind, description: 'Default FILE.' }),
      fileName: t.input.string({ description: 'The name to store (default: the uploaded file\'s name).', validate: z.string().trim().min(1).max(250) }),
      dryRun: dryRunInput(t.input),
    },
    resolve: async (_root, { input }, ctx) => {
      const { file } = input;
      const name = input.fileName ?? file.name;
      if (file.size > UPLOAD_ALL_MAX_BYTES) throw gatewayError('BAD_USER_INPUT', `input.file: ${file.size} bytes is over the ${UPLOAD_ALL_MAX_BYTES}-byte (20 MB) limit of Bitable attachments`, { argumentPath: 'input.file' });
      if (file.size === 0) throw gatewayError('BAD_USER_INPUT', 'input.file: the file is empty', { argumentPath: 'input.file' });
      if (!name || name.length > 250) throw gatewayError('BAD_USER_INPUT', 'input.fileName: a file name of 1-250 characters is needed', { argumentPath: 'input.fileName' });
      // Streamed from where the upload is (the gateway keeps uploads on disk), never read whole.
      const part = filePart(file, name);
      const call = uploadMediaCall({ appToken: input.appToken, file: part, kind: input.kind ?? 'file' });
      if (input.dryRun) return plan([call]);
      const { file_token } = await send(ctx, call);
      return { fileToken: file_token, name, size: file.size, mimeType: part.type };
    },
  }),
);
