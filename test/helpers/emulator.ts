import { createRequire } from 'node:module';
import type * as Lark from '@larksuiteoapi/node-sdk';
import type { RuntimeConfigPatch } from '../../src/emulator/config.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/server.js';
import { requestTenantToken } from './tenantToken.js';

// The SDK (a CommonJS package) is loaded on first use, so the suites that never touch it are spared
// its import, a third of a second per file. Test files reach it through this module only.
const require = createRequire(import.meta.url);
const lark = (): typeof Lark => require('@larksuiteoapi/node-sdk');

/** The whole SDK module, for suites that use more than the client (the events suites' EventDispatcher). */
export const larkSdk = (): typeof Lark => lark();

/** The SDK's per-call option that sends a user_access_token instead of the tenant token. */
export const withUserAccessToken = (token: string) => lark().withUserAccessToken(token);

export interface TestEmulator {
  emu: Emulator;
  url: string;
  /** The official Feishu SDK pointed at the emulator (made on first use). */
  readonly sdk: Lark.Client;
  /** A tenant_access_token for raw calls. */
  tenantToken(): Promise<string>;
  /** A raw Open API call: returns HTTP status, headers and the parsed body. */
  call(method: string, path: string, opts?: { body?: unknown; query?: Record<string, string | string[]>; token?: string | null }): Promise<{ status: number; headers: Headers; body: any }>;
  /** Admin API call (`/__emulator/...`). */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

interface TestEmulatorOptions extends EmulatorOptions {
  /** Sent as `PUT /__emulator/config` before the emulator is handed over, e.g. `{ writeLockMs: 0 }` for suites of back-to-back writes. */
  config?: RuntimeConfigPatch;
}

/**
 * An official SDK client on an emulator. The SDK's default token cache is shared by every client
 * of an app id, so each client gets its own: a token from one emulator would otherwise be sent to
 * the next one in the same test file.
 */
export function sdkClient(domain: string, appId: string, appSecret: string, logger?: Lark.Logger): Lark.Client {
  const { Client, DefaultCache, LoggerLevel } = lark();
  return new Client({ appId, appSecret, domain, cache: new DefaultCache(), ...(logger ? { logger } : { loggerLevel: LoggerLevel.error }) });
}

/** Starts an emulator on a free port (seed `empty` unless told) with an SDK client on it. */
export async function startTestEmulator({ config, ...opts }: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ port: 0, seed: 'empty', ...opts });
  let sdk: Lark.Client | undefined;
  let token: string | undefined;
  const tenantToken = async () => {
    if (token && emu.rt.state.tokens.tenant[token]) return token;
    token = (await requestTenantToken(emu.url, emu.rt.appId, emu.rt.appSecret)).tenant_access_token!;
    return token;
  };
  const call: TestEmulator['call'] = async (method, path, o = {}) => {
    const url = new URL(path, emu.url);
    for (const [k, v] of Object.entries(o.query ?? {})) for (const x of [v].flat()) url.searchParams.append(k, x);
    const headers: Record<string, string> = {};
    const bearer = o.token === undefined ? await tenantToken() : o.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetch(url, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const admin: TestEmulator['admin'] = async (method, path, body) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const t: TestEmulator = {
    emu,
    url: emu.url,
    get sdk() {
      return (sdk ??= sdkClient(emu.url, emu.rt.appId, emu.rt.appSecret));
    },
    tenantToken,
    call,
    admin,
    close: () => emu.close(),
  };
  if (config) {
    const res = await admin('PUT', '/config', config);
    if (res.status !== 200) {
      await t.close();
      throw new Error(`could not apply ${JSON.stringify(config)}: ${JSON.stringify(res.body)}`);
    }
  }
  return t;
}

/** A user made through the admin API, with a user_access_token. */
export interface TestUser {
  open_id: string;
  union_id: string;
  user_id: string;
  name: string;
  user_access_token: string;
}

/** Makes a user through `POST /__emulator/users` (en_name defaults to the name), failing on anything but 200. */
export async function newUser(t: TestEmulator, name: string, extra: { en_name?: string; email?: string } = {}): Promise<TestUser> {
  const res = await t.admin('POST', '/users', { name, ...extra });
  if (res.status !== 200) throw new Error(`could not create user ${name}: ${JSON.stringify(res.body)}`);
  return res.body;
}
