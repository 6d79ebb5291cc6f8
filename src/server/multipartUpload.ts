import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { GraphQLSchema } from 'graphql';
import type { GraphQLParams } from 'graphql-yoga';
import { gatewayError } from '../schema/errors.js';
import { DiskFile } from './diskFile.js';
import { planTargets, type TargetPlan } from './uploadTargets.js';

/**
 * GraphQL multipart requests (the spec: `operations`, then `map`, then the files), parsed as
 * they stream in: each file goes to its own file in `dir` and its cap (uploadTargets.ts) is
 * checked as its bytes arrive, so an oversized upload is refused at the first byte over, before
 * any resolver or upstream call, and no upload is ever held whole in memory. The caller owns
 * `dir` and deletes it when the request ends, however it ends.
 */
export interface UploadLimits {
  /** `operations` and `map` each (MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Every file of the request together (MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  schema: GraphQLSchema;
}

const MiB = 1024 * 1024;
const inMiB = (n: number) => (n % MiB === 0 ? `${n / MiB} MiB` : `${(n / MiB).toFixed(1)} MiB`);

const refusal = (status: 400 | 413, message: string, extensions: Record<string, unknown> = {}, close = false) =>
  gatewayError('BAD_USER_INPUT', message, { ...extensions, http: { status, ...(close ? { headers: { connection: 'close' } } : {}) } });

export function parseUpload(req: IncomingMessage, dir: string, limits: UploadLimits): Promise<GraphQLParams> {
  const hardCap = limits.maxUploadBytes + limits.maxBodyBytes;
  return new Promise((resolve, reject) => {
    let failed = false;
    let operations: Record<string, unknown> | undefined;
    let map: Record<string, string[]> | undefined;
    let plan: TargetPlan | undefined;
    let received = 0;
    let uploaded = 0;
    const files = new Map<string, DiskFile>();
    const writes: Promise<void>[] = [];
    const bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fieldSize: limits.maxBodyBytes, fields: 2 } });

    const fail = (err: Error, opts: { drain?: boolean } = {}) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      bb.removeAllListeners('file').removeAllListeners('field').on('error', () => undefined);
      bb.destroy();
      // The rest of the body is read and dropped (up to the hard cap), so the client, still
      // sending, reads the refusal instead of a reset connection.
      if (opts.drain !== false) req.resume();
      reject(err);
    };

    req.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received <= hardCap) return;
      if (failed) return void req.destroy();
      req.pause();
      fail(refusal(413, `request body over the limit: ${hardCap} bytes (MAX_UPLOAD_BYTES ${limits.maxUploadBytes} + MAX_BODY_BYTES ${limits.maxBodyBytes})`, { limit: 'MAX_UPLOAD_BYTES' }, true), { drain: false });
    });
    req.once('close', () => {
      if (!req.complete) fail(new DOMException('the client went away during the upload', 'AbortError'), { drain: false });
    });

    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(refusal(413, `multipart field "${name}" over MAX_BODY_BYTES (${limits.maxBodyBytes} bytes)`, { limit: 'MAX_BODY_BYTES' }));
      if (name === 'operations') {
        operations = parseJson(value);
        if (!operations || Array.isArray(operations)) return fail(refusal(400, 'multipart field "operations" must be a JSON object (batched operations are not supported)'));
      } else if (name === 'map') {
        const parsed = parseJson(value);
        if (!operations) return fail(refusal(400, 'multipart field "operations" must come before "map"'));
        if (!isMap(parsed)) return fail(refusal(400, 'multipart field "map" must be a JSON object of arrays of paths'));
        map = parsed;
        plan = planTargets(limits.schema, operations, map);
        const over = plan.tooMany;
        if (over) return fail(refusal(400, `${over.argumentPath}: ${over.count} files, ${over.field} takes at most ${over.maxFiles} an upload`, { argumentPath: over.argumentPath }));
      }
    });

    bb.on('file', (name, stream, info) => {
      const target = plan?.files.get(name);
      if (!plan) return fail(refusal(400, 'multipart fields "operations" and "map" must come before the files'));
      if (!target || files.has(name)) return void stream.resume(); // not in the map: ignored, as the spec says
      const path = join(dir, String(files.size));
      const file = new DiskFile(path, info.filename ?? '', info.mimeType || 'application/octet-stream', 0);
      files.set(name, file);
      let size = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.byteLength;
          uploaded += chunk.byteLength;
          if (size > target.maxBytes) {
            const what = target.field ? ` of ${target.field}` : '';
            return done(refusal(413, `${target.argumentPath}: ${file.name || 'the file'} is over the ${target.maxBytes}-byte (${inMiB(target.maxBytes)}) limit${what}`, { argumentPath: target.argumentPath }));
          }
          if (uploaded > limits.maxUploadBytes) return done(refusal(413, `the request's files are over MAX_UPLOAD_BYTES (${limits.maxUploadBytes} bytes in all)`, { limit: 'MAX_UPLOAD_BYTES' }));
          done(null, chunk);
        },
      });
      writes.push(
        pipeline(stream, cap, createWriteStream(path)).then(
          () => void (file.size = size),
          (err: Error) => fail(err),
        ),
      );
    });

    bb.once('error', (err: Error) => fail(refusal(400, `malformed multipart body: ${err.message}`)));
    bb.once('close', () => {
      void Promise.all(writes).then(() => {
        if (failed) return;
        if (!operations) return fail(refusal(400, 'multipart field "operations" is missing'));
        for (const [name, paths] of Object.entries(map ?? {})) {
          const file = files.get(name);
          if (!file) return fail(refusal(400, `multipart file "${name}" is in the map but was not sent`));
          for (const path of paths) setPath(operations, path, file);
        }
        resolve(operations as GraphQLParams);
      });
    });
    req.pipe(bb);
  });
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isMap = (v: unknown): v is Record<string, string[]> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((p) => Array.isArray(p) && p.every((s) => typeof s === 'string'));

/** `variables.input.files.2` = file, creating nothing the operations did not already hold. */
function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at: any = root;
  for (const [i, key] of keys.entries()) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    if (i === keys.length - 1) at[key] = value;
    else {
      if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
      at = at[key];
    }
  }
}
