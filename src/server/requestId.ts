import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A caller's id is kept only when it is short and made of id-like characters: it lands in every
 * log line of the request, so it must not be able to forge fields, lines or terminal escapes.
 */
const SANE_ID = /^[A-Za-z0-9._:@=+\/-]{1,128}$/;

/**
 * The request's id: the caller's `X-Request-Id` when sane, else a fresh UUID. It is echoed as a
 * response header, and written back onto the request's headers, where yoga's `Request` (and so
 * every plugin's log line) finds it.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = saneRequestId(req.headers[REQUEST_ID_HEADER]) ?? randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** `given` when it may stand as a request id (see SANE_ID), else undefined. */
export const saneRequestId = (given: unknown): string | undefined => (typeof given === 'string' && SANE_ID.test(given) ? given : undefined);
