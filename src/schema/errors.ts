import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { redact as rawRedact, type Redact } from '../feishu/index.js';

const defaultRedact: Redact = (text) => rawRedact(text);

/**
 * The one table from Feishu failures to the public error codes (API.md, Errors). The Feishu
 * client classifies each failure (`kind`); this module decides what a caller sees.
 */

/** What the Feishu client throws: its classification plus what Feishu answered, if it did. */
export interface FeishuFailure {
  kind: string;
  /** Feishu's `code`; null or absent when Feishu never answered (network, timeout). */
  code?: number | null;
  msg?: string;
  logId?: string | null;
  /** From `x-ogw-ratelimit-reset` or the client's back-off, for `rate-limited`; an open circuit's next probe, for `transient`. */
  retryAfterMs?: number;
  /** The request path the client called (ids only, never a token): names what was not found. */
  path?: string;
}

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'QUERY_TOO_EXPENSIVE'
  | 'TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  | 'INTERNAL_SERVER_ERROR';

const BY_KIND: Record<string, { code: ErrorCode; message: string }> = {
  auth: { code: 'UNAUTHENTICATED', message: 'Feishu refused the access token' },
  permission: { code: 'FORBIDDEN', message: 'Feishu denied access' },
  'not-found': { code: 'NOT_FOUND', message: 'Feishu has no such object' },
  invalid: { code: 'BAD_USER_INPUT', message: 'Feishu refused the input' },
  'rate-limited': { code: 'RATE_LIMITED', message: 'Feishu rate limit reached' },
  conflict: { code: 'CONFLICT', message: 'Feishu reported a conflicting write' },
  transient: { code: 'UPSTREAM_UNAVAILABLE', message: 'Feishu is unavailable' },
  timeout: { code: 'TIMEOUT', message: 'Feishu did not answer in time' },
};
const OTHER = { code: 'UPSTREAM_ERROR' as const, message: 'Feishu answered with an error' };

/**
 * `auth` failures that are not about the caller's own token: a scope is missing (99991672 app
 * scope, 99991676 token permission, 99991679 user grant), or Feishu refused the gateway's app
 * credentials or the tenant token made from them (10003, 10012-10015, 99991543, 99991661,
 * 99991663-99991665, 99991671), which no caller can fix. What is left (99991668 invalid,
 * 99991677 expired user token) is UNAUTHENTICATED.
 */
const SCOPE_CODES = new Set([99991672, 99991676, 99991679]);
const APP_CREDENTIAL_CODES = new Set([10003, 10012, 10013, 10014, 10015, 99991543, 99991661, 99991663, 99991664, 99991665, 99991671]);

/**
 * Bitable's "no such base / table / view / record / field" codes: the message says which kind of
 * object, and names the id the caller gave when the request path holds it
 * (`Feishu has no such table (tableId "tbl…")`), which Feishu's own msg (`TableIdNotFound`) does not.
 */
const NOT_FOUND_OBJECTS: Record<number, { what: string; arg?: string; segment?: string }> = {
  1254040: { what: 'base', arg: 'appToken', segment: 'apps' },
  1254041: { what: 'table', arg: 'tableId', segment: 'tables' },
  1254042: { what: 'view', arg: 'viewId', segment: 'views' },
  1254043: { what: 'record', arg: 'recordId', segment: 'records' },
  1254044: { what: 'field', arg: 'fieldId', segment: 'fields' },
  1254045: { what: 'field' },
};
/** `…/records/search` and the batch routes are actions, not record ids. */
const ACTION_SEGMENTS = new Set(['search', 'batch_get', 'batch_create', 'batch_update', 'batch_delete']);

function notFoundMessage(f: FeishuFailure): string | undefined {
  const o = typeof f.code === 'number' ? NOT_FOUND_OBJECTS[f.code] : undefined;
  if (!o) return undefined;
  if (!o.segment) return `Feishu has no such ${o.what}`;
  const segments = typeof f.path === 'string' ? f.path.split('?')[0].split('/') : [];
  const i = segments.indexOf(o.segment);
  const raw = i >= 0 ? segments[i + 1] : undefined;
  if (!raw || ACTION_SEGMENTS.has(raw)) return undefined; // the id was in the query or body
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    id = raw;
  }
  return `Feishu has no such ${o.what} (${o.arg} ${JSON.stringify(id)})`;
}

function classify(f: FeishuFailure): { code: ErrorCode; message: string } {
  if (f.kind === 'auth' && typeof f.code === 'number') {
    if (SCOPE_CODES.has(f.code)) return { code: 'FORBIDDEN', message: 'Feishu denied access: a scope is missing' };
    if (APP_CREDENTIAL_CODES.has(f.code)) return { code: 'UPSTREAM_ERROR', message: "Feishu refused the gateway's app credentials" };
  }
  if (f.kind === 'not-found') {
    const message = notFoundMessage(f);
    if (message) return { code: 'NOT_FOUND', message };
  }
  return BY_KIND[f.kind] ?? OTHER;
}

export function isFeishuFailure(error: unknown): error is FeishuFailure {
  if (typeof error !== 'object' || error === null || error instanceof GraphQLError) return false;
  const e = error as Record<string, unknown>;
  return typeof e.kind === 'string' && (e.code === undefined || e.code === null || typeof e.code === 'number');
}

/** The client-facing error for a Feishu failure; `at` supplies the path and locations. */
export function feishuError(f: FeishuFailure, at?: GraphQLError, redact: Redact = defaultRedact): GraphQLError {
  const { code, message } = classify(f);
  const extensions: GraphQLErrorExtensions = { code };
  const answered = typeof f.code === 'number';
  if (answered) extensions.feishu = { code: f.code, msg: redact(f.msg ?? ''), logId: f.logId ?? null };
  // A rate limit always says when to come back; Feishu being unavailable only when the wait is
  // known (an open circuit's next probe), not for a 5xx that might clear in a moment.
  const waitMs = code === 'RATE_LIMITED' ? (f.retryAfterMs ?? 1000) : code === 'UPSTREAM_UNAVAILABLE' ? f.retryAfterMs : undefined;
  if (waitMs !== undefined) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    extensions.retryAfter = retryAfter;
    extensions.http = { headers: { 'Retry-After': String(retryAfter) } };
  }
  const detail = f.msg ? `: ${redact(f.msg)}` : '';
  const suffix = answered ? ` (Feishu code ${f.code})` : '';
  return new GraphQLError(`${message}${detail}${suffix}`, { nodes: at?.nodes, source: at?.source, positions: at?.positions, path: at?.path, extensions });
}

/** A GraphQL error the gateway raised on purpose: its message and code are for the caller. */
export function gatewayError(code: ErrorCode, message: string, extensions: GraphQLErrorExtensions = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * Yoga's `maskError`: Feishu failures become their mapped error, the gateway's own GraphQL
 * errors pass, and anything else (a bug) becomes INTERNAL_SERVER_ERROR with the real error
 * logged as one redacted line, never its stack.
 */
export function createMaskError(logger: YogaLogger, redact: Redact = defaultRedact) {
  return (error: unknown): Error => {
    const wrapper = error instanceof GraphQLError ? error : undefined;
    const original = wrapper ? (wrapper.originalError ?? undefined) : error;
    if (isFeishuFailure(original)) return feishuError(original, wrapper, redact);
    if (wrapper && (original === undefined || original instanceof GraphQLError)) return wrapper;
    const path = wrapper?.path?.join('.');
    // A client that went away aborts its calls: expected, and nobody reads the answer.
    if ((original as Error | undefined)?.name === 'AbortError') logger.debug(`cancelled${path ? ` at ${path}` : ''}:`, describe(original));
    else logger.error(`unexpected error${path ? ` at ${path}` : ''}:`, redact(describe(original)));
    return new GraphQLError('Unexpected error.', {
      nodes: wrapper?.nodes,
      source: wrapper?.source,
      positions: wrapper?.positions,
      path: wrapper?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
