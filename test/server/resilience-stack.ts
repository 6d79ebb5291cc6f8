import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import type { FeishuCallInfo } from '../../src/feishu/index.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createUpstream, type Upstream, type UpstreamOptions } from '../../src/server/upstream.js';
import { BASE, TASKS, type LoggedCall } from './bitable.js';
import { API_KEY } from './harness.js';

/** What the emulator logged, with status and code (the demo stack's `LoggedCall` leaves them out). */
export interface EmulatorCall extends LoggedCall {
  status: number;
  code: number | null;
}

export interface GqlAnswer {
  status: number;
  headers: Headers;
  /** The raw body: the secret and token checks read it as sent. */
  text: string;
  body: { data?: any; errors?: any[] };
}

export interface ResilienceStack {
  emu: Emulator;
  gateway: Gateway;
  upstream: Upstream;
  url: string;
  /** Every HTTP attempt the gateway's Feishu client made (its `onCall` hook). */
  calls: FeishuCallInfo[];
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlAnswer>;
  fault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  emulatorConfig(patch: Record<string, unknown>): Promise<void>;
  log(): Promise<EmulatorCall[]>;
  clearLog(): Promise<void>;
  close(): Promise<void>;
}

/** Upstream settings the tests may change: retries, throttle, the longest throttle wait. */
export type UpstreamTuning = Pick<UpstreamOptions, 'retry' | 'throttle' | 'throttleMarginMs' | 'maxThrottleWaitMs' | 'dispatcher'>;

/** Small backoff so the retry tests take milliseconds; 3 attempts as in production. */
export const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

/**
 * The demo emulator and a gateway on it, like `startDemoStack`, but with the gateway's Feishu
 * client tuned (`startStack` builds its upstream with the defaults and cannot be told otherwise).
 */
export async function startResilienceStack(tuning: UpstreamTuning = {}, env: Record<string, string> = {}, emu?: Emulator): Promise<ResilienceStack> {
  const ownEmu = !emu;
  const emulator = emu ?? (await startEmulator({ port: 0, seed: 'demo' }));
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', ...env });
  const calls: FeishuCallInfo[] = [];
  const upstream = createUpstream({ baseUrl: emulator.url, appId: emulator.rt.appId, appSecret: emulator.rt.appSecret, onCall: (c) => calls.push(c), ...tuning });
  const gateway = createGateway({ config, appId: emulator.rt.appId, upstream });
  const { url } = await gateway.start(0, '127.0.0.1');
  const admin = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    emu: emulator,
    gateway,
    upstream,
    url,
    calls,
    gql: async (query, variables) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
    },
    fault: async (spec) => void (await admin('/faults', 'POST', spec)),
    clearFaults: async () => void (await admin('/faults', 'DELETE')),
    emulatorConfig: async (patch) => void (await admin('/config', 'PUT', patch)),
    log: async () => (await (await admin('/requests', 'GET')).json()) as EmulatorCall[],
    clearLog: async () => void (await admin('/requests', 'DELETE')),
    close: async () => {
      await gateway.stop(1_000);
      await upstream.close();
      if (ownEmu) await emulator.close();
    },
  };
}

/** The probe: one page of Tasks through records/search. */
export const TASKS_PAGE = `{ app(appToken: "${BASE}") { table(tableId: "${TASKS}") { records(first: 20) { edges { node { recordId } } } } } }`;

export const SEARCH_PATH = `/open-apis/bitable/v1/apps/${BASE}/tables/${TASKS}/records/search`;
export const isSearch = (c: { path: string }) => c.path === SEARCH_PATH;
export const isTokenCall = (c: { path: string }) => c.path.startsWith('/open-apis/auth/v3/');
/** An answer the emulator gave for being over a rate limit: HTTP 429, or 1254290 on HTTP 200. */
export const isRateLimited = (c: { status: number; code: number | null }) => c.status === 429 || c.code === 1254290 || c.code === 99991400;
