import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createClient, type Client, type ClientOptions, type ExecutionResult } from 'graphql-ws';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import type { EventRuntime } from '../../src/events/index.js';
import type { LongConnectionOptions } from '../../src/events/longConnection/index.js';
import { eventRuntimeFor } from '../../src/server/events.js';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/server/gateway.js';
import { createLogger } from '../../src/server/logger.js';
import { connectRedis } from '../../src/server/redis.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { WEBHOOK_PATH } from '../../src/server/webhookRoute.js';

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
  /** With `opts.events`: the events room and what the emulator was told. */
  events?: StackEvents;
  close(): Promise<void>;
}

export interface StackEvents {
  runtime: EventRuntime;
  mode: 'webhook' | 'long-connection';
  /** `http://127.0.0.1:<port>/webhook/event` (served in webhook mode only). */
  webhookUrl: string;
  encryptKey: string;
  verificationToken: string;
  /**
   * Webhook mode: whether the emulator took the webhook (`PUT /__emulator/webhook`): it then
   * delivers its events there. Long-connection mode: whether the client connected in time.
   */
  registered: boolean;
}

/** Test options of the gateway's long-connection client (timing overrides, withheld ACKs). */
export type StackLongConnectionOptions = Omit<LongConnectionOptions, 'baseUrl' | 'appId' | 'appSecret' | 'ingest' | 'logger'>;

export interface StackOptions {
  seed?: 'empty' | 'demo';
  /**
   * Events. `true` (or no `mode`): webhook mode with fresh secrets, the webhook registered on the
   * emulator. `mode: 'long-connection'`: the gateway's long-connection client dials the emulator
   * (no webhook), `longConnection` its test options; the stack starts once it is connected.
   * `redis` puts the bus and de-duplication in Redis under that key prefix.
   */
  events?: boolean | { redis?: { url: string; keyPrefix: string }; mode?: 'webhook' | 'long-connection'; longConnection?: StackLongConnectionOptions };
}

/**
 * The emulator (empty seed unless `opts.seed`) and a gateway on it, both on free ports. `env` is the gateway's
 * environment on top of `GATEWAY_API_KEYS=API_KEY` and `LOG_LEVEL=silent`.
 */
export async function startStack(
  env: Record<string, string> = {},
  deps: Partial<Pick<GatewayDeps, 'schema' | 'graphiql' | 'logger' | 'redis'>> = {},
  opts: StackOptions = {},
): Promise<Stack> {
  const emu = await startEmulator({ port: 0, seed: opts.seed ?? 'empty' });
  const withEvents = opts.events ? (opts.events === true ? {} : opts.events) : undefined;
  const secrets = { encryptKey: randomBytes(24).toString('base64url'), verificationToken: randomBytes(24).toString('base64url') };
  const mode = withEvents?.mode ?? 'webhook';
  const eventEnv: Record<string, string> = withEvents
    ? {
        ...(mode === 'webhook'
          ? { FEISHU_EVENT_MODE: 'webhook', FEISHU_ENCRYPT_KEY: secrets.encryptKey, FEISHU_VERIFICATION_TOKEN: secrets.verificationToken }
          : { FEISHU_EVENT_MODE: 'long-connection' }),
        ...(withEvents.redis ? { REDIS_URL: withEvents.redis.url, REDIS_KEY_PREFIX: withEvents.redis.keyPrefix } : {}),
      }
    : {};
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', ...eventEnv, ...env });
  const redis: Redis | undefined = withEvents?.redis ? connectRedis(withEvents.redis.url) : undefined;
  const upstream = createUpstream({
    baseUrl: emu.url,
    appId: emu.rt.appId,
    appSecret: emu.rt.appSecret,
    redis: redis && { client: redis, keyPrefix: config.redis.keyPrefix },
  });
  const runtime = withEvents
    ? eventRuntimeFor({
        config,
        appId: emu.rt.appId,
        upstream,
        redis,
        logger: deps.logger ?? createLogger('silent'),
        credentials: { baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret },
        longConnection: withEvents.longConnection,
      })
    : undefined;
  const gateway = createGateway({ config, appId: emu.rt.appId, upstream, events: runtime, ...deps });
  const { url } = await gateway.start(0, '127.0.0.1');
  const clients: Client[] = [];
  let events: StackEvents | undefined;
  if (runtime && mode === 'long-connection') {
    const registered = await runtime.longConnection!.connected(10_000).then(
      () => true,
      () => false,
    );
    events = { runtime, mode, webhookUrl: new URL(WEBHOOK_PATH, url).href, encryptKey: '', verificationToken: '', registered };
  } else if (runtime) {
    const webhookUrl = new URL(WEBHOOK_PATH, url).href;
    const res = await fetch(`${emu.url}/__emulator/webhook`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: webhookUrl, encryptKey: config.events.encryptKey, verificationToken: config.events.verificationToken }),
    });
    await res.arrayBuffer();
    events = { runtime, mode: 'webhook', webhookUrl, encryptKey: config.events.encryptKey ?? '', verificationToken: config.events.verificationToken ?? '', registered: res.ok };
  }
  return {
    events,
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
