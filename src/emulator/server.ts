import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminRoutes, isLoopback } from './admin.js';
import { authenticate, authRoutes } from './auth.js';
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, defaultRuntimeConfig, type RuntimeConfig } from './config.js';
import { ApiError } from './errors.js';
import { Faults, type Fault } from './faults.js';
import { newId } from './ids.js';
import { seedState, type SeedName } from './fixtures/index.js';
import { Persistence } from './persistence.js';
import { RequestLog, queryObject } from './requestLog.js';
import { Raw, Router, type Route } from './router.js';
import { bitableRoutes } from './bitable/index.js';
import { Runtime } from './runtime.js';
import { WriteLocks } from './writeLock.js';

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
  reset(seed: SeedName): void;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const config = { ...defaultRuntimeConfig(), latencyMs: opts.latencyMs ?? 0, rateLimits: opts.rateLimits ?? 'off' };
  let persistence: Persistence | undefined;
  const rt = new Runtime(seedState('empty'), config, opts.appId || DEFAULT_APP_ID, opts.appSecret || DEFAULT_APP_SECRET, '', () => persistence?.schedule());
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
    reset(seed) {
      rt.state = seedState(seed, rt);
      services.locks.clear();
      rt.changed();
    },
  };
  const api = new Router();
  api.add(...authRoutes, ...bitableRoutes);
  const admin = new Router();
  admin.add(...adminRoutes(services));

  const server = createServer((req, res) => {
    handle(services, api, admin, req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { code: 1255001, msg: `internal error: ${(err as Error).message}` });
      else res.destroy();
    });
  });
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
    close: () => closeServer(server, persistence),
  };
}

async function closeServer(server: Server, persistence: Persistence | undefined): Promise<void> {
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

function errorBody(err: ApiError, logId: string) {
  return { code: err.code, msg: err.message, error: { log_id: logId } };
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
    const m = admin.match(method, path.slice('/__emulator'.length));
    if (!m) return sendJson(res, 404, { code: 404, msg: `no admin route ${method} ${path}` });
    try {
      const raw = await readBody(req);
      const answer = await m.route.handle({ req, rt: s.rt, params: m.params, query: url.searchParams, body: parseJson(raw, req), rawBody: raw, identity: { kind: 'none' }, template: m.route.path });
      return answer instanceof Raw ? send(res, answer) : sendJson(res, 200, answer ?? {});
    } catch (err) {
      if (err instanceof ApiError) return sendJson(res, err.httpStatus, { code: err.code, msg: err.message });
      throw err;
    }
  }

  let status = 200;
  let code: number | null = null;
  const logged = path.startsWith('/open-apis') || path.startsWith('/callback');
  res.once('close', () => {
    if (logged) s.log.add({ method, path, query: queryObject(url.searchParams), status, code, at: started, durationMs: Date.now() - started });
  });
  const reply = (st: number, body: any, headers: Record<string, string> = {}) => {
    status = st;
    code = typeof body?.code === 'number' ? body.code : null;
    sendJson(res, st, body, headers);
  };

  const fault = logged ? s.faults.take(method, path) : undefined;
  if (fault?.delayMs) await sleep(fault.delayMs);
  const fail = (f: Fault) => (applyAction(f, res) ? undefined : replyFault(f, reply, logId));
  if (fault && fault.phase !== 'after') return fail(fault);

  const m = api.match(method, path);
  if (!m) {
    const known = api.hasPath(path);
    return reply(known ? 405 : 404, { code: known ? 405 : 404, msg: known ? `method ${method} not allowed on ${path}` : `404 page not found: ${path}` });
  }
  const route: Route = m.route;
  try {
    const identity = authenticate(s.rt, req, route.auth);
    const rawBody = await readBody(req);
    const body = parseJson(rawBody, req);
    if (route.lock) s.locks.acquire(route.lock(m.params), Math.max(s.rt.config.latencyMs, s.rt.config.writeLockMs));
    if (s.rt.config.latencyMs > 0) await sleep(s.rt.config.latencyMs);
    const answer = await route.handle({ req, rt: s.rt, params: m.params, query: url.searchParams, body, rawBody, identity, template: route.path });
    if (method !== 'GET') s.rt.changed();
    if (fault) return fail(fault);
    if (answer instanceof Raw) {
      status = answer.status;
      code = (answer.body as any)?.code ?? null;
      return send(res, answer);
    }
    reply(200, { code: 0, msg: 'success', data: answer ?? {} });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (fault) return fail(fault);
    reply(err.httpStatus, errorBody(err, logId), err.headers);
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
