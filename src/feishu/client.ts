import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { bitableApi, type BitableApi } from './bitable.js';
import { attemptThrough, circuitOpenError, createCircuitBreaker, type CircuitBreakerOptions, type CircuitEvents } from './circuitBreaker.js';
import { contactApi, type ContactApi } from './contact.js';
import { driveApi, type DriveApi } from './drive.js';
import { imApi, type ImApi } from './im.js';
import { messagesApi, type MessagesApi } from './messages.js';
import { taskApi, type TaskApi } from './task.js';
import { endpoint, fillPath, isIdempotent, queryString, type CallOptions, type Caller, type Endpoint, type RequestInput } from './endpoint.js';
import { interpret, type AnswerError } from './envelope.js';
import { FeishuError, networkCode, TENANT_TOKEN_INVALID, type FeishuErrorKind } from './errors.js';
import { encodeMultipart } from './multipart.js';
import { redact } from './redact.js';
import { backoffMs, DEFAULT_RETRY, isRetryable, sleep, WRITE_CONFLICT, type RetryOptions } from './retry.js';
import { budgetsFor, MemoryThrottleStore, type ThrottleStore } from './throttle.js';
import { TenantTokenCache } from './tokens.js';
import { LocalWriteQueue, WriteLockUnavailable, type WriteQueue } from './writeQueue.js';

/** Who a call runs as (ARCHITECTURE.md "Identity"): the app's tenant token, or a caller's user token. */
export type Identity = { kind: 'app' } | { kind: 'user'; token: string };

/** One HTTP attempt, for metrics: the gateway counts upstream calls with it. */
export interface FeishuCallInfo {
  endpoint: string;
  method: string;
  /** The route template (`…/apps/:app_token/…`): low cardinality, no ids. */
  path: string;
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** Envelope code; null when there was no envelope. */
  code: number | null;
  /** Failure kind, when the attempt failed. */
  kind?: FeishuErrorKind;
  durationMs: number;
  /** 1 for the first HTTP attempt of a call, 2 for its first retry, and so on. */
  attempt: number;
  identity: 'app' | 'user' | 'none';
  /** Time this attempt waited for the throttle before it was sent. */
  throttleWaitMs: number;
  /** Feishu's `x-tt-logid` of the answer, for tracing (what Feishu support asks for). */
  logId?: string;
}

/** Structured logging; `fields` never hold a token, a secret or a request body. */
export interface FeishuLogger {
  debug?(msg: string, fields?: Record<string, unknown>): void;
  warn?(msg: string, fields?: Record<string, unknown>): void;
}

export interface FeishuClientOptions {
  /** `https://open.feishu.cn`, `https://open.larksuite.com`, or an emulator; may carry a path prefix. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Defaults to one keep-alive undici Agent owned (and closed) by the client. */
  dispatcher?: Dispatcher;
  /** `documented` (default) keeps every endpoint under EMULATOR.md's pinned QPS; `off` sends at once. */
  throttle?: 'documented' | 'off';
  /** Where throttle budgets are counted; defaults to this process's memory. */
  throttleStore?: ThrottleStore;
  /** Added to every throttle window (ms, default 100): covers the trip and event-loop stalls. */
  throttleMarginMs?: number;
  retry?: Partial<RetryOptions>;
  /** Serializes writes per table; defaults to a queue in this process (no cross-replica lock). */
  writeQueue?: WriteQueue;
  /** Longest wait for the throttle or a rate-limit reset before failing `rate-limited` (default 30000). */
  maxThrottleWaitMs?: number;
  logger?: FeishuLogger;
  onCall?: (call: FeishuCallInfo) => void;
  /** The host's circuit breaker (circuitBreaker.ts): thresholds and state hooks, or `false` for none. */
  circuitBreaker?: false | (Partial<CircuitBreakerOptions> & CircuitEvents);
  /** For tests: the jitter source. */
  random?: () => number;
}

export interface FeishuSession {
  readonly identity: Identity;
  readonly request: Caller;
  readonly bitable: BitableApi;
  readonly contact: ContactApi;
  readonly drive: DriveApi;
  readonly im: ImApi;
  readonly task: TaskApi;
  readonly messages: MessagesApi;
}

export interface FeishuClient {
  /** One call to an endpoint as `identity`: throttled, authenticated, retried, parsed. */
  request<Data>(endpoint: Endpoint<Data>, input: RequestInput, identity: Identity, opts?: CallOptions): Promise<Data>;
  /** The typed services, bound to an identity (and optionally a signal for every call). */
  as(identity: Identity, opts?: CallOptions): FeishuSession;
  /** A valid tenant token (cached). */
  tenantToken(signal?: AbortSignal): Promise<string>;
  /** A fresh token round trip, bypassing the cache: `/ready` proves Feishu answers and accepts the app. */
  checkCredentials(signal?: AbortSignal): Promise<void>;
  /** Closes the dispatcher if the client made it. */
  close(): Promise<void>;
}

const TENANT_TOKEN = endpoint({
  name: 'auth.tenantToken',
  method: 'POST',
  path: '/open-apis/auth/v3/tenant_access_token/internal',
  rate: null,
  idempotent: true,
  envelope: 'top-level',
  data: z.looseObject({ tenant_access_token: z.string().min(1), expire: z.number() }),
});

/** The default connection pool: keep-alive, a cap on sockets, and timeouts far below undici's 300 s. */
export const createFeishuDispatcher = (): Dispatcher =>
  new Agent({
    connections: 64,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: 15_000,
    bodyTimeout: 30_000,
    connect: { timeout: 5_000 },
  });

type Auth = Identity | { kind: 'none' };

/** First wait after a 1254291: Feishu's hold on a table after a write is short (tens of ms). */
const CONFLICT_BASE_DELAY_MS = 50;

export function createFeishuClient(options: FeishuClientOptions): FeishuClient {
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const prefix = base.pathname.replace(/\/+$/, '');
  const ownsDispatcher = !options.dispatcher;
  const dispatcher = options.dispatcher ?? createFeishuDispatcher();
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const maxWaitMs = options.maxThrottleWaitMs ?? 30_000;
  const throttleOn = (options.throttle ?? 'documented') === 'documented';
  const store = options.throttleStore ?? new MemoryThrottleStore();
  const marginMs = options.throttleMarginMs ?? 100;
  const random = options.random ?? Math.random;
  const { logger, onCall } = options;
  const writeQueue = options.writeQueue ?? new LocalWriteQueue();
  const circuit = options.circuitBreaker === false ? undefined : (options.circuitBreaker ?? {});
  const breaker =
    circuit &&
    createCircuitBreaker(origin, circuit, {
      onStateChange: (host, state, info) => {
        logger?.warn?.(`feishu circuit ${state}`, { host, ...info });
        circuit.onStateChange?.(host, state, info);
      },
      onRefused: circuit.onRefused,
    });
  /** Fails fast while the circuit is open: before the throttle, the token and any backoff. */
  const refuseIfOpen = (ep: Endpoint<unknown>, path: string) => {
    const r = breaker?.refusal();
    if (r) throw circuitOpenError(origin, r, { endpoint: ep.name, method: ep.method, path });
  };
  const throughCircuit = <Data>(ep: Endpoint<Data>, path: string, send: () => Promise<Data>): Promise<Data> =>
    breaker ? attemptThrough(breaker, send, (r) => circuitOpenError(origin, r, { endpoint: ep.name, method: ep.method, path })) : send();

  const tokens = new TenantTokenCache(async () => {
    const d = await request(TENANT_TOKEN, { body: { app_id: options.appId, app_secret: options.appSecret } }, { kind: 'none' });
    return { token: d.tenant_access_token, expireSeconds: d.expire };
  });

  /** What a text from outside must never carry: the secret, and the tokens of this call. */
  const secretsOf = (bearer: string | null) => [options.appSecret, bearer ?? undefined];

  async function throttle(ep: Endpoint<unknown>, input: RequestInput, path: string, signal?: AbortSignal): Promise<number> {
    if (!throttleOn || !ep.rate) return 0;
    const route = `${ep.method} ${ep.path}`;
    const r = await store.reserve(budgetsFor(ep.rate, route, ep.target?.(input), marginMs), maxWaitMs).catch((err: unknown) => {
      throw notSent(ep, path, (err as Error)?.message ?? String(err), 0);
    });
    if (!r.ok) {
      throw new FeishuError({
        kind: 'rate-limited',
        httpStatus: 0,
        code: null,
        msg: `the gateway's throttle would hold this call ${r.retryAfterMs} ms, longer than the ${maxWaitMs} ms allowed`,
        logId: null,
        retryAfterMs: r.retryAfterMs,
        endpoint: ep.name,
        method: ep.method,
        path,
        attempts: 0,
      });
    }
    await sleep(r.waitMs, signal);
    return r.waitMs;
  }

  /** One HTTP attempt: the answer's data, or a FeishuError. */
  async function send<Data>(ep: Endpoint<Data>, input: RequestInput, path: string, bearer: string | null, signal: AbortSignal | undefined, info: FeishuCallInfo): Promise<Data> {
    const started = performance.now();
    const fail = (init: AnswerError) => {
      info.kind = init.kind;
      return new FeishuError({ ...init, endpoint: ep.name, method: ep.method, path });
    };
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      let body: string | Readable | undefined;
      if (input.form) {
        const encoded = encodeMultipart(input.form);
        body = encoded.body;
        headers['content-type'] = encoded.contentType;
        headers['content-length'] = String(encoded.length);
      } else if (input.body !== undefined) {
        body = JSON.stringify(input.body);
        headers['content-type'] = 'application/json; charset=utf-8';
      }
      let status = 0;
      let resHeaders: Record<string, string | string[] | undefined> = {};
      let text: string;
      try {
        // A read is cut the moment its signal aborts; a write already on its way runs to its
        // answer, so no write is ever cut off halfway with its outcome unknown (the signal still
        // stops every call not yet sent: throttle waits, the write queue, retries, later chunks).
        const res = await dispatcher.request({ origin, path: prefix + path + queryString(input.query), method: ep.method, headers, body, signal: isRead(ep) ? signal : undefined });
        status = res.statusCode;
        resHeaders = res.headers;
        info.status = status;
        info.logId = [resHeaders['x-tt-logid']].flat()[0];
        text = await res.body.text();
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        const network = networkCode(err);
        const message = redact(err instanceof Error ? err.message : String(err), secretsOf(bearer));
        throw fail({
          kind: network ? 'transient' : 'unknown',
          httpStatus: status,
          code: null,
          msg: network ? `no answer: ${network} (${message})` : `request failed: ${message}`,
          logId: null,
          network: network ?? (err as { code?: string })?.code,
        });
      }
      const answer = interpret(ep, { status, headers: resHeaders, text }, secretsOf(bearer));
      info.code = answer.code;
      if (!answer.ok) throw fail(answer.error);
      return answer.data;
    } finally {
      info.durationMs = performance.now() - started;
      onCall?.({ ...info });
    }
  }

  async function request<Data>(ep: Endpoint<Data>, input: RequestInput, auth: Auth, opts: CallOptions = {}, log = tagged(logger, opts.requestId)): Promise<Data> {
    const { signal } = opts;
    if (signal?.aborted) throw signal.reason;
    const path = fillPath(ep, input.params);
    let failures = 0; // counts against retry.maxAttempts
    let conflicts = 0; // counts against retry.maxConflictRetries
    let sent = 0;
    let tokenRetried = false;
    const serialKey = ep.serialize?.(input);
    for (;;) {
      let bearer: string | null = null;
      const attempt = async () => {
        refuseIfOpen(ep, path);
        // The throttle first, then the token: a wait for the throttle can be long (up to
        // maxThrottleWaitMs), and a token taken before it could expire while the call waits.
        const throttleWaitMs = await throttle(ep, input, path, signal);
        bearer = auth.kind === 'app' ? await tokens.get(signal) : auth.kind === 'user' ? auth.token : null;
        signal?.throwIfAborted();
        const info: FeishuCallInfo = { endpoint: ep.name, method: ep.method, path: ep.path, status: 0, code: null, durationMs: 0, attempt: ++sent, identity: auth.kind, throttleWaitMs };
        // The circuit's permit is taken last: a token fetch above may itself be the probe.
        return throughCircuit(ep, path, () => send(ep, input, path, bearer, signal, info));
      };
      // A write refused with 1254291 (Feishu still holds the table after the previous write, or a
      // writer outside this gateway is busy) is repeated while this call keeps its place in the
      // queue: the refusal proves nothing was written, and letting the queue move on would only
      // hand the table to the next write to be refused the same way.
      const attemptThroughConflicts = async () => {
        for (;;) {
          try {
            return await attempt();
          } catch (err) {
            if (!(err instanceof FeishuError) || err.code !== WRITE_CONFLICT || conflicts >= retry.maxConflictRetries) throw err;
            conflicts++;
            const delayMs = backoffMs({ ...retry, baseDelayMs: CONFLICT_BASE_DELAY_MS }, conflicts, random);
            log?.debug?.('feishu write conflict; retrying', { ...fields(err), delayMs: Math.round(delayMs) });
            await sleep(delayMs, signal);
          }
        }
      };
      try {
        return await (serialKey === undefined ? attempt() : writeQueue.run(serialKey, attemptThroughConflicts, signal).catch((e: unknown) => {
          if (!(e instanceof WriteLockUnavailable)) throw e;
          throw notSent(ep, path, e.message, sent);
        }));
      } catch (err) {
        if (!(err instanceof FeishuError)) throw err;
        if (err.circuitOpen) throw err;
        err.attempts = sent;
        // The cached tenant token was refused (expired early, revoked): once per call, get another.
        if (auth.kind === 'app' && bearer && err.code !== null && TENANT_TOKEN_INVALID.has(err.code) && !tokenRetried) {
          tokenRetried = true;
          tokens.evict(bearer);
          log?.warn?.('feishu tenant token refused; fetching a new one', fields(err));
          continue;
        }
        failures++;
        if (failures >= retry.maxAttempts || !isRetryable(err, isIdempotent(ep, input))) throw giveUp(err, failures, log);
        const delayMs = err.retryAfterMs ?? backoffMs(retry, failures, random);
        if (delayMs > maxWaitMs) throw giveUp(err, failures, log);
        // Opened meanwhile (by this failure, if it was the probe): no backoff to sit through for
        // an answer known already, and the caller gets what Feishu said.
        if (breaker?.refusal(false)) throw surface(err, failures, log);
        log?.warn?.('feishu call failed; retrying', { ...fields(err), delayMs: Math.round(delayMs) });
        await sleep(delayMs, signal);
      }
    }
  }

  /** A call given up on a transient failure counts once against the host's circuit, whatever its attempts. */
  function giveUp(err: FeishuError, failures: number, log: FeishuLogger | undefined): FeishuError {
    if (err.hostFailed) breaker?.callFailed();
    return surface(err, failures, log);
  }

  /** The error as the caller gets it: a rate limit always says when to come back. */
  function surface(err: FeishuError, failures: number, log: FeishuLogger | undefined): FeishuError {
    if (err.kind === 'rate-limited' && err.retryAfterMs === undefined) err.retryAfterMs = Math.ceil(Math.max(1000, backoffMs(retry, failures, random)));
    log?.debug?.('feishu call failed', fields(err));
    return err;
  }

  const client: FeishuClient = {
    request: (ep, input, identity, opts) => request(ep, input, identity, opts),
    as(identity, sessionOpts = {}) {
      // Tagged once per handle (the gateway makes one per operation), not per call.
      const log = tagged(logger, sessionOpts.requestId);
      const caller: Caller = (ep, input = {}, opts = {}) => request(ep, input, identity, { signal: anySignal(sessionOpts.signal, opts.signal) }, log);
      return { identity, request: caller, bitable: bitableApi(caller), contact: contactApi(caller), drive: driveApi(caller), im: imApi(caller), task: taskApi(caller), messages: messagesApi(caller) };
    },
    tenantToken: (signal) => tokens.get(signal),
    async checkCredentials(signal) {
      await request(TENANT_TOKEN, { body: { app_id: options.appId, app_secret: options.appSecret } }, { kind: 'none' }, { signal });
    },
    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
  return client;
}

/**
 * Shared state (the Redis throttle budget or write lock) could not be reached: nothing was sent,
 * so a transient failure the caller may retry (UPSTREAM_UNAVAILABLE), never a silent fall-back.
 */
const notSent = (ep: Endpoint<unknown>, path: string, msg: string, attempts: number) =>
  new FeishuError({ kind: 'transient', httpStatus: 0, code: null, msg, logId: null, endpoint: ep.name, method: ep.method, path, attempts });

const fields = (e: FeishuError) => ({ endpoint: e.endpoint, method: e.method, path: e.path, kind: e.kind, httpStatus: e.httpStatus, code: e.code, msg: e.msg, logId: e.logId, attempts: e.attempts, network: e.network });

/** GETs, and the POST reads (idempotent, holding no table): safe to cut while in flight. */
const isRead = (ep: Endpoint<unknown>): boolean => ep.method === 'GET' || (ep.method === 'POST' && ep.idempotent === true && !ep.serialize);

function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

/**
 * The client's logger with the gateway's request id on every line. Circuit changes keep the
 * plain logger: the breaker is the host's, shared by every request, so no one request owns its change.
 */
function tagged(logger: FeishuLogger | undefined, requestId: string | undefined): FeishuLogger | undefined {
  if (!logger || !requestId) return logger;
  return { debug: (msg, fields) => logger.debug?.(msg, { ...fields, requestId }), warn: (msg, fields) => logger.warn?.(msg, { ...fields, requestId }) };
}
