import type { z } from 'zod';
import type { RateClass } from './throttle.js';
import { FeishuError } from './errors.js';
import { describeMultipart, type MultipartForm } from './multipart.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Feishu API: where it lives, how it is limited, whether repeating it is safe, what it answers. */
export interface Endpoint<Data> {
  /** Service and operation, e.g. `bitable.listRecords`: used in errors, logs and metrics. */
  name: string;
  method: HttpMethod;
  /** Route template with `:params`, from the origin: `/open-apis/bitable/v1/apps/:app_token`. */
  path: string;
  /** Throttle class (DOCUMENTED_RATES); null for calls Feishu does not limit per API (tokens). */
  rate: RateClass | null;
  /**
   * Repeating the call cannot change anything: reads, including POST reads (records/search,
   * batch_get). Only these are retried after 5xx, timeouts or resets; every endpoint is retried
   * after an answer that says it was refused unprocessed (rate limits, invalid tenant token).
   */
  idempotent: boolean | ((input: RequestInput) => boolean);
  /** The schema of `data` (or, for `envelope: 'top-level'`, of the whole body). Loose objects. */
  data: z.ZodType<Data>;
  /** Token endpoints answer their fields beside `code`, not under `data`. */
  envelope?: 'data' | 'top-level';
  /** For per-target budgets (per chat): the target a call addresses. */
  target?: (input: RequestInput) => string | undefined;
  /**
   * Writes that Feishu refuses to run concurrently (1254291 on one table): the key of what the
   * call holds (`appToken/tableId`). Calls with the same key are sent one at a time (writeQueue.ts).
   */
  serialize?: (input: RequestInput) => string;
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

export interface RequestInput {
  /** Values for the template's `:params` (URL-encoded here). */
  params?: Record<string, string>;
  /** Arrays become repeated keys (`user_ids=a&user_ids=b`); null and undefined are left out. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data instead of `body` (uploads). */
  form?: MultipartForm;
}

export const endpoint = <Data>(e: Endpoint<Data>): Endpoint<Data> => e;

/** Whether repeating this call cannot do anything twice (a create is, once it carries a client_token). */
export const isIdempotent = (ep: Endpoint<unknown>, input: RequestInput): boolean => (typeof ep.idempotent === 'function' ? ep.idempotent(input) : ep.idempotent);

/**
 * The path with its params filled in, URL-encoded. A missing param is a bug (TypeError); an id
 * from a caller that is empty, `.` or `..` would survive encoding as a path segment that URL
 * parsers drop or climb (`records/..` is the table itself), so it is refused as `invalid`
 * before anything is sent, whatever the caller's validation missed.
 */
export function fillPath(ep: Endpoint<unknown>, params: Record<string, string> = {}): string {
  return ep.path.replace(/:([a-z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== 'string') throw new TypeError(`missing path parameter ${name} for ${ep.path}`);
    if (value === '' || value === '.' || value === '..') throw refuse(ep, `${name} ${JSON.stringify(value)} is not an id (not sent: it would change the request path)`);
    return encodeURIComponent(value);
  });
}

export function queryString(query: Record<string, QueryValue> = {}): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) q.append(key, v);
    else q.append(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface CallOptions {
  /** Aborts the call (and any wait for the throttle or a retry); rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The gateway's request id: every log line of the call (retries, token refreshes, failures) carries it. */
  requestId?: string;
}

/** A request function already bound to an identity: what the service modules are built on. */
export type Caller = <Data>(endpoint: Endpoint<Data>, input?: RequestInput, opts?: CallOptions) => Promise<Data>;

/** A call refused before it is sent (a batch over the endpoint's limit): a bug in the caller, classified `invalid`. */
export function refuse(ep: Endpoint<unknown>, msg: string): FeishuError {
  return new FeishuError({ kind: 'invalid', httpStatus: 0, code: null, msg, logId: null, endpoint: ep.name, method: ep.method, path: ep.path, attempts: 0 });
}

/** A call described but not made: dry runs list it, real runs send it (so the two cannot differ). */
export interface Call<Data = unknown> {
  endpoint: Endpoint<Data>;
  input: RequestInput;
}

export const call = <Data>(ep: Endpoint<Data>, input: RequestInput): Call<Data> => ({ endpoint: ep, input });

/** A call as a client sees it: method, filled path, query (strings), and the JSON body or the form's fields. */
export interface PlannedCall {
  endpoint: string;
  method: HttpMethod;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
}

export function plannedCall({ endpoint: ep, input }: Call): PlannedCall {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(input.query ?? {})) {
    if (v === undefined || v === null) continue;
    query[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return { endpoint: ep.name, method: ep.method, path: fillPath(ep, input.params), query, body: input.form ? describeMultipart(input.form) : (input.body ?? null) };
}
