import { z } from 'zod';
import { call, endpoint, refuse, type CallOptions, type Caller } from './endpoint.js';
import type { FilePart, MultipartForm } from './multipart.js';

/** Drive media (feishu-wire.md §5). */

export const TmpDownloadUrl = z.looseObject({ file_token: z.string(), tmp_download_url: z.string() });
export const TmpDownloadUrlsData = z.looseObject({ tmp_download_urls: z.array(TmpDownloadUrl).nullish().transform((u) => u ?? []) });
export type TmpDownloadUrl = z.infer<typeof TmpDownloadUrl>;
export type TmpDownloadUrlsData = z.infer<typeof TmpDownloadUrlsData>;

/** Most tokens a `batch_get_tmp_download_url` takes. */
export const TMP_DOWNLOAD_URLS_MAX = 5;

/** Largest file `upload_all` takes (bigger ones need the chunked upload). */
export const UPLOAD_ALL_MAX_BYTES = 20_971_520;

export const DRIVE_ENDPOINTS = {
  uploadMedia: endpoint({
    name: 'drive.uploadMedia',
    method: 'POST',
    path: '/open-apis/drive/v1/medias/upload_all',
    rate: 'drive.media.upload',
    idempotent: false,
    data: z.looseObject({ file_token: z.string() }),
  }),
  batchGetTmpDownloadUrls: endpoint({
    name: 'drive.batchGetTmpDownloadUrls',
    method: 'GET',
    path: '/open-apis/drive/v1/medias/batch_get_tmp_download_url',
    rate: 'drive.media.read',
    idempotent: true,
    data: TmpDownloadUrlsData,
  }),
  // Makes Feishu send a file's events (for a base: record and field changes) to this app
  // (feishu-wire.md §7.4). Subscribing twice changes nothing, so it is safe to repeat. No rate
  // class: the gateway calls it once per base per process, and Feishu's page names no limit.
  subscribeFile: endpoint({
    name: 'drive.subscribeFile',
    method: 'POST',
    path: '/open-apis/drive/v1/files/:file_token/subscribe',
    rate: null,
    idempotent: true,
    data: z.looseObject({}),
  }),
};

/**
 * A media upload for a Bitable attachment cell: `parent_type` bitable_file or bitable_image,
 * `parent_node` the base. Described, not sent (dry runs list it; see bitableWrite.ts).
 */
export function uploadMediaCall(p: { appToken: string; file: FilePart; kind: 'file' | 'image' }) {
  const form: MultipartForm = [
    ['file_name', p.file.fileName],
    ['parent_type', `bitable_${p.kind}`],
    ['parent_node', p.appToken],
    ['size', String(p.file.size)],
    ['file', p.file],
  ];
  return call(DRIVE_ENDPOINTS.uploadMedia, { form });
}

export function driveApi(call: Caller) {
  const E = DRIVE_ENDPOINTS;
  return {
    /**
     * Download links valid 24 h, 1-5 tokens a call (repeated `file_tokens`). `extra` is the
     * URL-decoded JSON advanced-permission bases need (`{"bitablePerm":{...}}`).
     */
    async batchGetTmpDownloadUrls(p: { fileTokens: string[]; extra?: string }, o?: CallOptions): Promise<TmpDownloadUrlsData> {
      if (p.fileTokens.length < 1 || p.fileTokens.length > TMP_DOWNLOAD_URLS_MAX) throw refuse(E.batchGetTmpDownloadUrls, `file_tokens must hold 1-${TMP_DOWNLOAD_URLS_MAX} tokens, got ${p.fileTokens.length}`);
      return call(E.batchGetTmpDownloadUrls, { query: { file_tokens: p.fileTokens, extra: p.extra } }, o);
    },
    /** Subscribes the caller (the app, with a tenant token) to a file's events; `bitable` for a base. */
    async subscribeFile(p: { fileToken: string; fileType: 'bitable' | 'doc' | 'docx' | 'sheet' | 'file' | 'slides' }, o?: CallOptions): Promise<void> {
      await call(E.subscribeFile, { params: { file_token: p.fileToken }, query: { file_type: p.fileType } }, o);
    },
  };
}

export type DriveApi = ReturnType<typeof driveApi>;
