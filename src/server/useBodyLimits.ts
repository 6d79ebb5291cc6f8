import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../schema/errors.js';
import type { ServerContext } from './gateway.js';
import { parseUpload, type UploadLimits } from './multipartUpload.js';

export interface BodyLimitOptions extends UploadLimits {
  /** Where uploads are written while their request runs (UPLOAD_DIR). */
  uploadDir: string;
}

/** A GraphQL multipart request (uploads): its body is held to the upload cap, everything else to MAX_BODY_BYTES. */
export const isUpload = (contentType: string | null | undefined): boolean => (contentType ?? '').toLowerCase().startsWith('multipart/form-data');

/**
 * What a request body may be, counted as its bytes arrive (a chunked body has no Content-Length
 * to trust): an operation at most MAX_BODY_BYTES, else 413; a multipart request is parsed by
 * multipartUpload.ts, files to disk, within MAX_UPLOAD_BYTES + MAX_BODY_BYTES. Replaces yoga's
 * own body limit (one cap for everything) and its multipart parser (which holds whole files in
 * memory). Every upload's directory is deleted when its response closes: sent, refused, or the
 * client gone.
 */
export function useBodyLimits(opts: BodyLimitOptions): Plugin<Record<string, unknown>, ServerContext> {
  const hardCap = opts.maxUploadBytes + opts.maxBodyBytes;
  return {
    onRequestParse({ request, serverContext, requestParser, setRequestParser, fetchAPI }) {
      const { req, res } = serverContext;
      if (!req || !requestParser || request.method === 'GET' || request.method === 'HEAD') return;
      if (isUpload(request.headers.get('content-type'))) {
        return setRequestParser(async () => {
          const dir = await mkdtemp(join(opts.uploadDir, 'feishu-gateway-upload-'));
          const cleanup = () => void rm(dir, { recursive: true, force: true }).catch(() => undefined);
          if (!res || res.closed) cleanup();
          else res.once('close', cleanup);
          return parseUpload(req, dir, opts);
        });
      }
      setRequestParser(async () => {
        const body = await readCapped(req, opts.maxBodyBytes, hardCap);
        return requestParser(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: body.toString('utf8'), signal: request.signal }));
      });
    },
  };
}

/** The body, or a 413 at the first byte over `max`; the rest is read and dropped up to `drainMax` so the client reads the refusal. */
function readCapped(req: IncomingMessage, max: number, drainMax: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > drainMax) return void req.destroy();
      if (over) return;
      if (received <= max) return void chunks.push(chunk);
      over = true;
      chunks.length = 0;
      reject(gatewayError('BAD_USER_INPUT', `request body over the limit: MAX_BODY_BYTES is ${max} bytes`, { limit: 'MAX_BODY_BYTES', http: { status: 413 } }));
    });
    req.once('end', () => over || resolve(Buffer.concat(chunks)));
    req.once('close', () => over || req.complete || reject(new DOMException('the client went away while sending', 'AbortError')));
    req.once('error', (err) => over || reject(err));
  });
}
