import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { newId } from './ids.js';
import type { Runtime } from './runtime.js';
import type { EmulatorState, MediaFile } from './state.js';

/**
 * Uploaded bytes. Metadata lives in `rt.state.media` (and so in the `--data` file); the bytes
 * live in `rt.mediaDir/<file_token>` with `--data`, else in memory keyed by the state object, so
 * `POST /reset` (a new state) lets the old bytes go.
 */
const inMemory = new WeakMap<EmulatorState, Map<string, Buffer>>();

/** Tokens are ours (`box` + base62); anything else never reaches the disk. */
const SAFE_TOKEN = /^[A-Za-z0-9]+$/;

/**
 * Stores a new file, as an upload does: its bytes in the store, its metadata in `state.media`.
 * Returns the new file_token.
 */
export function addMedia(rt: Runtime, meta: Omit<MediaFile, 'file_token' | 'size'>, bytes: Buffer): string {
  const file_token = newId.fileToken();
  saveMedia(rt, file_token, bytes);
  const { name, mime_type, parent_type, parent_node, created_at } = meta;
  rt.state.media[file_token] = { file_token, name, size: bytes.length, mime_type, parent_type, parent_node, created_at };
  return file_token;
}

function saveMedia(rt: Runtime, token: string, bytes: Buffer): void {
  if (!SAFE_TOKEN.test(token)) throw new Error(`unsafe media token ${token}`);
  if (rt.mediaDir) {
    // Written before the upload is acknowledged, atomically, so a crash never leaves half a file.
    const file = join(rt.mediaDir, token);
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
    return;
  }
  let files = inMemory.get(rt.state);
  if (!files) inMemory.set(rt.state, (files = new Map()));
  files.set(token, bytes);
}

export function readMedia(rt: Runtime, token: string): Buffer | undefined {
  if (!SAFE_TOKEN.test(token)) return undefined;
  if (rt.mediaDir) {
    const file = join(rt.mediaDir, token);
    return existsSync(file) ? readFileSync(file) : undefined;
  }
  return inMemory.get(rt.state)?.get(token);
}

/** Forgets a file: its metadata and its bytes (a deleted task attachment, for one). */
export function deleteMedia(rt: Runtime, token: string): void {
  delete rt.state.media[token];
  if (!SAFE_TOKEN.test(token)) return;
  if (rt.mediaDir) rmSync(join(rt.mediaDir, token), { force: true });
  else inMemory.get(rt.state)?.delete(token);
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The type downloads answer with: the part's own Content-Type when it says something, else a
 * guess from the file name, since the official SDK labels every Buffer `application/octet-stream`.
 */
export function mediaType(fileName: string, declared: string | undefined): string {
  const base = declared?.split(';')[0].trim().toLowerCase();
  if (declared && base && base !== 'application/octet-stream') return declared.trim();
  return TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}
