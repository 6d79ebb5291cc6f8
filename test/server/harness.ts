import { createClient, type Client, type ClientOptions, type ExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/server/gateway.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';

export const API_KEY = 'test-key-0123456789';

export interface Stack {
  emu: Emulator;
  gateway: Gateway;
  upstream: Upstream;
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** POSTs a GraphQL operation with the given headers. */
  post(query: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  /** A graphql-ws client on the gateway (closed with the stack). */
  ws(connectionParams?: Record<string, unknown>, options?: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

/**
 * The emulator (empty seed unless `opts.seed`) and a gateway on it, both on free ports. `env` is the gateway's
 * environment on top of `GATEWAY_API_KEYS=API_KEY` and `LOG_LEVEL=silent`.
 */
export async function startStack(
  env: Record<string, string> = {},
  deps: Partial<Pick<GatewayDeps, 'schema' | 'graphiql' | 'logger'>> = {},
  opts: { seed?: 'empty' | 'demo' } = {},
): Promise<Stack> {
  const emu = await startEmulator({ port: 0, seed: opts.seed ?? 'empty' });
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', ...env });
  const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret });
  const gateway = createGateway({ config, appId: emu.rt.appId, upstream, ...deps });
  const { url } = await gateway.start(0, '127.0.0.1');
  const clients: Client[] = [];
  return {
    emu,
    gateway,
    upstream,
    url,
    origin: new URL(url).origin,
    post: async (query, headers = {}) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    ws: (connectionParams, options) => {
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams, ...options });
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await gateway.stop(1_000);
      await upstream.close();
      await emu.close();
    },
  };
}

/** Runs one operation over graphql-ws: its single result, or the errors the server sent instead. */
export function wsRequest(client: Client, payload: { query: string; extensions?: Record<string, unknown> }): Promise<ExecutionResult<any>> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<any> | undefined;
    client.subscribe(payload, {
      next: (value) => (result = value as ExecutionResult<any>),
      error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
      complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
    });
  });
}
