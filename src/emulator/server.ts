import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminRoutes, isLoopback } from './admin.js';
import { authenticate, authRoutes } from './auth.js';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, defaultRuntimeConfig, type RuntimeConfig } from './config.js';
import { ApiError } from './errors.js';
import { Faults, type Fault } from './faults.js';
import { newId } from './ids.js';
import { seedState, type SeedName } from './fixtures/index.js';
import { Persistence } from './persistence.js';
import { RequestLog, loggedParts, queryObject } from './requestLog.js';
import { parseMultipart } from './multipart.js';
import { Raw, Router, type Route } from './router.js';
import { bitableRoutes } from './bitable/index.js';
import { contactRoutes } from './contact.js';
import { driveRoutes } from './drive.js';
import { ChangeBatch, outsideBatch, runInBatch } from './events/changes.js';
import { subscribeRoutes } from './events/subscribeRoutes.js';
import { feedGroupRoutes } from './im/feedGroups.js';
import { chatRoutes } from './im/chats.js';
import { messageRoutes } from './im/messages.js';
import { taskAttachmentRoutes } from './task/attachments.js';
import { Throttle } from './throttle.js';
import { Runtime } from './runtime.js';
import { emptyState } from './state.js';
import { WriteLocks } from './writeLock.js';
import { handleUpgrade } from './ws/upgrade.js';
import { longConnectionRoutes } from './ws/routes.js';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  seed?: SeedName;
  latencyMs?: number;
  rateLimits?: RuntimeConfig['rateLimits'];
  /** `--data <file>`: load at start, save atomically after changes and on close. */
  dataFile?: string;
  appId?: string;
  appSecret?: string;
  /** Origin for download links; defaults to the listening address. */
  publicUrl?: string;
}

export interface Emulator {
  url: string;
  port: number;
  rt: Runtime;
  faults: Faults;
  log: RequestLog;
  /** Resets state to a seed (admin `POST /reset`). */
  reset(seed: SeedName): void;
  /** Saves (when `--data` is set) and stops listening, dropping open connections. */
  close(): Promise<void>;
}

/** What the admin routes and the request pipeline share. */
export interface EmulatorServices {
  rt: Runtime;
  faults: Faults;
  log: RequestLog;
  locks: WriteLocks;
  throttle: Throttle;
  reset(seed: SeedName): void;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const config = { ...defaultRuntimeConfig(), latencyMs: opts.latencyMs ?? 0, rateLimits: opts.rateLimits ?? 'off' };
  let persistence: Persistence | undefined;
  const rt = new Runtime(emptyState(), config, opts.appId || DEFAULT_APP_ID, opts.appSecret || DEFAULT_APP_SECRET, '', () => persistence?.schedule());
  if (opts.dataFile) {
    persistence = new Persistence(opts.dataFile, () => rt.state);
    rt.mediaDir = persistence.mediaDir;
  }
  rt.state = persistence?.load() ?? seedState(opts.seed ?? 'demo', rt);

  const services: EmulatorServices = {
    rt,
    faults: new Faults(),
    log: new RequestLog(),
    locks: new WriteLocks(),
    throttle: new Throttle(),
    reset(seed) {
      services.throttle.reset();
      // Data resets; the app's credentials do not, so clients holding a tenant token keep working.
      const { tenant, app } = rt.state.tokens;
      // Seed data is nobody's write: it emits no events, and what was pending goes with the old data.
      rt.state = outsideBatch(() => seedState(seed, rt));
      rt.events.reset();
      Object.assign(rt.state.tokens.tenant, tenant);
      Object.assign(rt.state.tokens.app, app);
      services.locks.clear();
      rt.changed();
    },
  };
  const api = new Router();
  api.add(...authRoutes, ...bitableRoutes, ...contactRoutes, ...driveRoutes, ...subscribeRoutes);
  api.add(...feedGroupRoutes, ...taskAttachmentRoutes);
  api.add(...messageRoutes, ...chatRoutes);
  api.add(...longConnectionRoutes);
  const admin = new Router();
  admin.add(...adminRoutes(services));

  const server = createServer((req, res) => {
    handle(services, api, admin, req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(internalError(err), res.getHeader('X-Tt-Logid') as string));
      else res.destroy();
    });
  });
  server.on('clientError', answerUnparsable);
  // Long connections (ws/): the WebSocket handshake of URLs handed out by /callback/ws/endpoint.
  server.on('upgrade', (req, socket, head) => handleUpgrade(rt.longConnections, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3100, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  rt.publicUrl = opts.publicUrl || url;

  return {
    url,
    port,
    rt,
    faults: services.faults,
    log: services.log,
    reset: services.reset,
    close: () => closeServer(server, persistence, rt),
  };
}

async function closeServer(server: Server, persistence: Persistence | undefined, rt: Runtime): Promise<void> {
  // Pending redeliveries and pushes in flight would otherwise outlive the emulator.
  rt.events.close();
  persistence?.flush();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function send(res: ServerResponse, answer: Raw): void {
  if (Buffer.isBuffer(answer.body)) {
    res.writeHead(answer.status, { 'content-length': answer.body.length, ...answer.headers });
    res.end(answer.body);
  } else sendJson(res, answer.status, answer.body, answer.headers);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer, req: IncomingMessage): any {
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 9499, 'Bad Request: the body is not valid JSON');
  }
}

function multipartForLog(req: IncomingMessage, raw: Buffer): unknown {
  if (!(req.headers['content-type'] ?? '').startsWith('multipart/')) return undefined;
  try {
    return loggedParts(parseMultipart(req.headers['content-type'], raw));
  } catch {
    return undefined; // the route answers the malformed body; the log just has none
  }
}

function errorBody(err: ApiError, logId: string) {
  return { code: err.code, msg: err.message, error: { log_id: logId } };
}

/** A bug in a handler: still a Feishu-shaped 500, and the stack goes to stderr for whoever runs us. */
function internalError(err: unknown): ApiError {
  console.error(err);
  return new ApiError(500, 1255001, `internal error: ${(err as Error)?.message ?? String(err)}`);
}

/** No route: 405 when another method has this path, else 404; JSON either way, never HTML. */
function noRoute(router: Router, method: string, path: string): { status: number; body: { code: number; msg: string } } {
  if (router.hasPath(path)) return { status: 405, body: { code: 405, msg: `method ${method} not allowed on ${path}` } };
  return { status: 404, body: { code: 404, msg: `404 page not found: ${path}` } };
}

const CLIENT_ERROR_STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/** Node answers a request it cannot parse with a bare 400; keep the JSON envelope and the log id. */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason] = CLIENT_ERROR_STATUS[err.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ code: status, msg: `${reason}: ${err.message}` });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `X-Tt-Logid: ${newId.logId()}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function handle(s: EmulatorServices, api: Router, admin: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://emulator');
  const path = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const logId = newId.logId();
  res.setHeader('X-Tt-Logid', logId);

  if (path.startsWith('/__emulator/')) {
    if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { code: 403, msg: 'the admin API answers loopback callers only' });
    const adminPath = path.slice('/__emulator'.length);
    const m = admin.match(method, adminPath);
    if (!m) {
      const { status, body } = noRoute(admin, method, adminPath);
      return sendJson(res, status, body);
    }
    try {
      const raw = await readBody(req);
      // Admin writes that stand for a user's action (a user speaks) emit events like API calls.
      const batch = new ChangeBatch(s.rt.bot.open_id);
      const answer = await runInBatch(batch, () => m.route.handle({ req, rt: s.rt, params: m.params, query: url.searchParams, body: parseJson(raw, req), rawBody: raw, identity: { kind: 'none' }, template: m.route.path }));
      s.rt.events.publishBatch(batch);
      return answer instanceof Raw ? send(res, answer) : sendJson(res, 200, answer ?? {});
    } catch (err) {
      if (err instanceof ApiError) return sendJson(res, err.httpStatus, { code: err.code, msg: err.message });
      throw err;
    }
  }

  let status = 200;
  let code: number | null = null;
  let loggedBody: unknown;
  const logged = path.startsWith('/open-apis') || path.startsWith('/callback');
  res.once('close', () => {
    if (logged) s.log.add({ method, path, query: queryObject(url.searchParams), status, code, at: started, durationMs: Date.now() - started, body: loggedBody });
  });
  const reply = (st: number, body: any, headers: Record<string, string> = {}) => {
    status = st;
    code = typeof body?.code === 'number' ? body.code : null;
    sendJson(res, st, body, headers);
  };

  const fault = logged ? s.faults.take(method, path) : undefined;
  if (fault?.delayMs) await sleep(fault.delayMs);
  const fail = (f: Fault) => {
    if (applyAction(f, res)) status = 0; // no HTTP answer was given; the log says so
    else replyFault(f, reply, logId);
  };
  if (fault && fault.phase !== 'after') return fail(fault);

  const m = api.match(method, path);
  if (!m) {
    const { status: st, body } = noRoute(api, method, path);
    return reply(st, body);
  }
  const route: Route = m.route;
  try {
    const identity = authenticate(s.rt, req, route.auth);
    const rawBody = await readBody(req);
    const body = parseJson(rawBody, req);
    // Token requests and long-connection discovery carry the app secret: the log keeps no body for them.
    if (!path.startsWith('/open-apis/auth/') && path !== '/callback/ws/endpoint') loggedBody = body ?? multipartForLog(req, rawBody);
    // After auth (Feishu counts per app) and the body (per-chat sends key on receive_id).
    s.throttle.check(s.rt, { method, template: route.path, params: m.params, query: url.searchParams, body });
    if (route.lock) s.locks.acquire(route.lock(m.params), Math.max(s.rt.config.latencyMs, s.rt.config.writeLockMs));
    if (s.rt.config.latencyMs > 0) await sleep(s.rt.config.latencyMs);
    // The call's events are published only once its handler succeeded (events/changes.ts); a
    // `phase: after` fault fails the answer of a write that happened, so they still go out.
    const batch = new ChangeBatch(identity.kind === 'user' ? identity.user.open_id : s.rt.bot.open_id);
    const answer = await runInBatch(batch, () => route.handle({ req, rt: s.rt, params: m.params, query: url.searchParams, body, rawBody, identity, template: route.path }));
    s.rt.events.publishBatch(batch);
    if (method !== 'GET') s.rt.changed();
    if (fault) return fail(fault);
    if (answer instanceof Raw) {
      status = answer.status;
      code = (answer.body as any)?.code ?? null;
      return send(res, answer);
    }
    reply(200, { code: 0, msg: 'success', data: answer ?? {} });
  } catch (err) {
    if (fault) return fail(fault);
    const e = err instanceof ApiError ? err : internalError(err);
    reply(e.httpStatus, errorBody(e, logId), e.headers);
  }
}

/** `reset` destroys the socket, `hang` never answers; both end the request here. */
function applyAction(f: Fault, res: ServerResponse): boolean {
  if (f.action === 'reset') {
    res.socket?.destroy();
    return true;
  }
  return f.action === 'hang';
}

function replyFault(f: Fault, reply: (st: number, body: unknown, headers?: Record<string, string>) => void, logId: string): void {
  const { status, code, msg } = Faults.answer(f);
  reply(status, { code, msg, error: { log_id: logId } }, f.headers ?? {});
}
