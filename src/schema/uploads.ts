import type { FilePart } from '../feishu/index.js';

/**
 * What a mutation that takes uploads admits, as its field's `extensions.uploads`: the gateway's
 * multipart parser reads it from the schema to refuse a file as its bytes arrive (before any
 * resolver runs), and the resolver checks the same numbers again for uploads from elsewhere.
 */
export interface UploadCaps {
  maxFileBytes: number;
  /** Files one use of the field takes. */
  maxFiles: number;
}

/** An upload as the Feishu client sends it: streamed from the File (on disk for the gateway's own uploads). */
export const filePart = (file: File, fileName: string): FilePart => ({
  fileName,
  type: file.type || 'application/octet-stream',
  size: file.size,
  stream: () => file.stream() as unknown as AsyncIterable<Uint8Array>,
});
