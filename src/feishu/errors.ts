/**
 * Feishu failures, classified once. Everything `src/feishu/` throws for a failed call is a
 * `FeishuError`; the schema layer maps its `kind` to a GraphQL `extensions.code` (API.md).
 */

export type FeishuErrorKind =
  | 'auth' // a token was missing, invalid or expired, or the app credentials were refused
  | 'permission' // the identity may not do this (scope, advanced permissions, contact range)
  | 'not-found'
  | 'invalid' // the request itself is wrong: parameters, filter, sort, limits
  | 'rate-limited'
  | 'conflict' // write conflict, idempotency-token reuse with another body
  | 'transient' // 5xx, "try again" codes, connection resets, timeouts
  | 'unknown'; // an unlisted non-zero code on HTTP 200, or an answer that is not a Feishu envelope

type Rule = readonly [codes: number | readonly [from: number, to: number], kind: FeishuErrorKind];

/**
 * THE mapping table (feishu-wire.md §1.3, §2, §3 and the Bitable error tables). First match
 * wins, so exact codes come before the ranges they sit in; codes not listed fall back to the
 * HTTP status (see `classify`).
 */
const RULES: readonly Rule[] = [
  // Tokens and app credentials.
  [99991661, 'auth'], [99991663, 'auth'], [99991664, 'auth'], [99991665, 'auth'], [99991668, 'auth'],
  [99991671, 'auth'], [99991677, 'auth'], [99991543, 'auth'],
  [10003, 'auth'], [10012, 'auth'], [10013, 'auth'], [10014, 'auth'], [10015, 'auth'],
  // Scopes and permissions.
  [99991672, 'permission'], [99991676, 'permission'], [99991679, 'permission'],
  [1254302, 'permission'], [1254303, 'permission'], [41050, 'permission'], [1061004, 'permission'],
  // IM: not in the chat, no right to recall, someone else's card or message; task: no permission.
  [230002, 'permission'], [230026, 'permission'], [230027, 'permission'], [230071, 'permission'], [1470403, 'permission'],
  // Rate limits: gateway-wide, Bitable, IM, message create.
  [99991400, 'rate-limited'], [1254290, 'rate-limited'], [230020, 'rate-limited'],
  [11232, 'rate-limited'], [11233, 'rate-limited'], [11247, 'rate-limited'],
  // Conflicts.
  [1254291, 'conflict'], [1255006, 'conflict'], [1254608, 'conflict'],
  // Worth repeating: "data not ready", timeouts, internal errors, "base is being copied".
  [1254607, 'transient'], [1255040, 'transient'], [1255001, 'transient'], [1255002, 'transient'],
  [1254002, 'transient'], [1254036, 'transient'],
  // Not found: base, table, view, record, field (id or name), role, member, form field, block; drive media.
  [[1254040, 1254050], 'not-found'], [1061003, 'not-found'], [1061044, 'not-found'],
  // IM: no such chat; task: no such task or attachment.
  [232006, 'not-found'], [1470404, 'not-found'],
  // Invalid requests: generic validation, Bitable parameter, value-conversion and limit errors.
  [99992402, 'invalid'], [9499, 'invalid'], [40001, 'invalid'], [41012, 'invalid'],
  [[1254000, 1254039], 'invalid'], [[1254060, 1254111], 'invalid'], [1254301, 'invalid'],
  [[1061001, 1062999], 'invalid'],
];

const BY_CODE = new Map<number, FeishuErrorKind>();
const RANGES: [number, number, FeishuErrorKind][] = [];
for (const [codes, kind] of RULES) {
  if (typeof codes === 'number') {
    if (!BY_CODE.has(codes)) BY_CODE.set(codes, kind);
  } else RANGES.push([codes[0], codes[1], kind]);
}

/** Codes that mean "the tenant token we sent is no good": evict it, fetch another, retry once. */
export const TENANT_TOKEN_INVALID: ReadonlySet<number> = new Set([99991663, 99991664, 99991671]);

/** The kind of a failed answer: by Feishu `code` when it is listed, else by HTTP status. */
export function classify(httpStatus: number, code: number | null): FeishuErrorKind {
  if (code !== null) {
    const exact = BY_CODE.get(code);
    if (exact) return exact;
    const range = RANGES.find(([from, to]) => code >= from && code <= to);
    if (range) return range[2];
  }
  if (httpStatus === 429) return 'rate-limited';
  if (httpStatus >= 500) return 'transient';
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 403) return 'permission';
  if (httpStatus === 404) return 'not-found';
  if (httpStatus === 409) return 'conflict';
  if (httpStatus >= 400) return 'invalid';
  return 'unknown';
}

/** undici / socket error codes that mean the call never got an answer. */
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ENETDOWN', 'ENETUNREACH',
  'EHOSTDOWN', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Failures where the request surely never reached Feishu: repeating them is safe even for writes. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** The error code of a network failure (undici wraps socket errors in `cause`), or undefined. */
export function networkCode(err: unknown): string | undefined {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  }
  return undefined;
}

export interface FeishuErrorInit {
  kind: FeishuErrorKind;
  /** The HTTP status Feishu answered with; 0 when there was no answer (network) or no call (throttle). */
  httpStatus: number;
  /** The envelope's `code`; null when there was no envelope. */
  code: number | null;
  msg: string;
  /** `X-Tt-Logid` (or the body's `error.log_id`), for Feishu support; null when there was no answer. */
  logId: string | null;
  /** For `rate-limited`: how long to wait before trying again. */
  retryAfterMs?: number;
  /** The endpoint's name, e.g. `bitable.listRecords`. */
  endpoint: string;
  method: string;
  /** The request path without its query (ids only: never a token). */
  path: string;
  /** For network failures: the socket/undici error code, e.g. `UND_ERR_HEADERS_TIMEOUT`. */
  network?: string;
  /** How many HTTP attempts were made before giving up. */
  attempts?: number;
  /** Refused by the host's open circuit breaker (circuitBreaker.ts): nothing was sent, and retrying now is pointless. */
  circuitOpen?: boolean;
  cause?: unknown;
}

export class FeishuError extends Error {
  override readonly name = 'FeishuError';
  readonly kind: FeishuErrorKind;
  readonly httpStatus: number;
  readonly code: number | null;
  readonly msg: string;
  readonly logId: string | null;
  retryAfterMs?: number;
  readonly endpoint: string;
  readonly method: string;
  readonly path: string;
  readonly network?: string;
  attempts: number;
  readonly circuitOpen: boolean;

  constructor(init: FeishuErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.msg = init.msg;
    this.logId = init.logId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.endpoint = init.endpoint;
    this.method = init.method;
    this.path = init.path;
    if (init.network !== undefined) this.network = init.network;
    this.attempts = init.attempts ?? 1;
    this.circuitOpen = init.circuitOpen ?? false;
  }

  /** The host failed this attempt (an answer or a transport failure, not the gateway's own refusal): what the circuit breaker counts. */
  get hostFailed(): boolean {
    return this.kind === 'transient' && (this.httpStatus > 0 || this.network !== undefined);
  }

  /** No answer arrived in time (connect, headers or body timeout). */
  get timedOut(): boolean {
    return this.network !== undefined && TIMEOUT_CODES.has(this.network);
  }

  /** The request never reached Feishu (refused, DNS, connect timeout, or the local throttle). */
  get notSent(): boolean {
    return (this.network !== undefined && NOT_SENT_CODES.has(this.network)) || (this.httpStatus === 0 && this.code === null && this.network === undefined);
  }

  toJSON() {
    const { name, kind, httpStatus, code, msg, logId, retryAfterMs, endpoint, method, path, network, attempts, circuitOpen } = this;
    return { name, message: this.message, kind, httpStatus, code, msg, logId, retryAfterMs, endpoint, method, path, network, attempts, circuitOpen };
  }
}

function describe(e: FeishuErrorInit): string {
  const what = e.code !== null ? `code ${e.code}: ${e.msg}` : e.msg;
  const status = e.httpStatus ? ` HTTP ${e.httpStatus}` : '';
  return `Feishu ${e.endpoint} (${e.method} ${e.path}) failed [${e.kind}${status}] ${what}${e.logId ? ` (log_id ${e.logId})` : ''}`;
}

