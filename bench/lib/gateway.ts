import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { EmulatorClient } from './emulator.js';
import { startNode, track, type Proc } from './proc.js';

export const API_KEY = 'bench-key-0123456789abcdef';

export interface GatewayClient {
  proc: Proc;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  origin: string;
  /** POSTs an operation as the app (API key): the parsed `{data, errors}`. */
  gql(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }>;
  /** A graphql-ws client as the app (lazy: it connects on its first subscribe). */
  ws(): Client;
}

/**
 * The gateway as deployed: `node --import tsx src/main.ts serve` with its settings in the
 * environment (README, Environment), pointed at the emulator with the emulator's app credentials.
 * `env` adds or overrides (GATEWAY_BATCHING=off, FEISHU_EVENT_MODE=webhook, …).
 */
export async function startGateway(emu: EmulatorClient, env: Record<string, string> = {}): Promise<GatewayClient> {
  const proc = track(
    await startNode('gateway', 'src/main.ts', ['serve'], {
      FEISHU_APP_ID: emu.appId,
      FEISHU_APP_SECRET: emu.appSecret,
      FEISHU_BASE_URL: emu.url,
      GATEWAY_API_KEYS: API_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
      FEISHU_EVENT_MODE: 'off',
      NODE_ENV: 'production',
      ...env,
    }, gatewayNodeArgs()),
  );
  return clientFor(proc);
}

/**
 * `BENCH_GATEWAY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`: Node flags for the gateway
 * processes, for profiling a scenario (Node refuses --cpu-prof in NODE_OPTIONS).
 */
const gatewayNodeArgs = () => (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

export function clientFor(proc: Proc): GatewayClient {
  const url = proc.url.endsWith('/graphql') ? proc.url : new URL('/graphql', proc.url).href;
  return {
    proc,
    url,
    origin: new URL(url).origin,
    gql: async (query, variables) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query, variables }) });
      const text = await res.text();
      try {
        return JSON.parse(text);
      } catch {
        return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
      }
    },
    ws: () =>
      createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { 'x-api-key': API_KEY },
        retryAttempts: 0,
        lazy: true,
        // 1,000 clients on one loop: keep-alive pings would only add noise to the latencies.
        keepAlive: 0,
      }),
  };
}

/** The codes of a response's errors, for counting (`RATE_LIMITED`, …). */
export const errorCodes = (r: { errors?: any[] }): string[] => (r.errors ?? []).map((e) => e?.extensions?.code ?? 'NO_CODE');
