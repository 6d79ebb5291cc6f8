import { DEFAULT_APP_ID, DEFAULT_APP_SECRET } from '../../src/emulator/config.js';
import { startNode, track, type Proc } from './proc.js';

/** One emulator log entry (README, Admin API: `GET /__emulator/requests`). */
export interface LoggedCall {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  code: number | null;
  at: number;
  durationMs: number;
  body?: unknown;
}

export interface EmulatorClient {
  proc: Proc;
  url: string;
  appId: string;
  appSecret: string;
  /** `/__emulator<path>`; throws on a non-2xx answer. */
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  /** An Open API call as the app (tenant token, fetched once); answers the envelope. */
  api<T = any>(method: string, path: string, opts?: { body?: unknown; query?: Record<string, string | string[]>; form?: FormData }): Promise<{ code: number; msg: string; data: T }>;
  config(patch: Record<string, unknown>): Promise<void>;
  clearLog(): Promise<void>;
  log(): Promise<LoggedCall[]>;
}

/**
 * The emulator through its CLI (`src/main.ts emulator`), as README "Emulator" starts it: its own
 * process, so its 20 ms of injected latency is served by a loop the gateway and the load
 * generator never block. App id and secret are the documented defaults (README, Credentials).
 */
export async function startEmulatorProcess(o: { latencyMs: number; rateLimits: 'off' | 'documented' }): Promise<EmulatorClient> {
  const proc = track(
    await startNode(
      'emulator',
      'src/main.ts',
      ['emulator', '--port', '0', '--seed', 'empty', '--latency-ms', String(o.latencyMs), '--rate-limits', o.rateLimits],
      { EMULATOR_APP_ID: DEFAULT_APP_ID, EMULATOR_APP_SECRET: DEFAULT_APP_SECRET },
    ),
  );
  const url = proc.url;
  let token: string | undefined;
  const tenantToken = async () => {
    if (token) return token;
    const res = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: DEFAULT_APP_ID, app_secret: DEFAULT_APP_SECRET }),
    });
    const body = (await res.json()) as { tenant_access_token?: string };
    if (!body.tenant_access_token) throw new Error(`no tenant token: ${JSON.stringify(body)}`);
    return (token = body.tenant_access_token);
  };
  const admin: EmulatorClient['admin'] = async (method, path, body) => {
    const res = await fetch(`${url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /__emulator${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const api: EmulatorClient['api'] = async (method, path, opts = {}) => {
    const u = new URL(path, url);
    for (const [k, v] of Object.entries(opts.query ?? {})) for (const x of [v].flat()) u.searchParams.append(k, x);
    const headers: Record<string, string> = { authorization: `Bearer ${await tenantToken()}` };
    if (opts.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetch(u, { method, headers, body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
    return (await res.json()) as any;
  };
  return {
    proc,
    url,
    appId: DEFAULT_APP_ID,
    appSecret: DEFAULT_APP_SECRET,
    admin,
    api,
    config: (patch) => admin('PUT', '/config', patch),
    clearLog: () => admin('DELETE', '/requests'),
    log: () => admin('GET', '/requests'),
  };
}

/** Answers with a non-zero code are failures of the bench's own setup, not measurements. */
export function ok<T>(res: { code: number; msg: string; data: T }, what: string): T {
  if (res.code !== 0) throw new Error(`${what}: ${res.code} ${res.msg}`);
  return res.data;
}
