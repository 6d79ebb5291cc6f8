import * as lark from '@larksuiteoapi/node-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/server.js';

export interface TestEmulator {
  emu: Emulator;
  url: string;
  /** The official Feishu SDK pointed at the emulator. */
  sdk: lark.Client;
  /** A tenant_access_token for raw calls. */
  tenantToken(): Promise<string>;
  /** A raw Open API call: returns HTTP status, headers and the parsed body. */
  call(method: string, path: string, opts?: { body?: unknown; query?: Record<string, string | string[]>; token?: string | null }): Promise<{ status: number; headers: Headers; body: any }>;
  /** Admin API call (`/__emulator/...`). */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Starts an emulator on a free port (seed `empty` unless told) with an SDK client on it. */
export async function startTestEmulator(opts: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ port: 0, seed: 'empty', ...opts });
  const sdk = new lark.Client({
    appId: emu.rt.appId,
    appSecret: emu.rt.appSecret,
    domain: emu.url,
    // The SDK's default token cache is shared by every client of an app id: a token from one
    // emulator would otherwise be sent to the next one in the same test file.
    cache: new lark.DefaultCache(),
    loggerLevel: lark.LoggerLevel.error,
  });
  let token: string | undefined;
  const tenantToken = async () => {
    if (token && emu.rt.state.tokens.tenant[token]) return token;
    const res = await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: emu.rt.appId, app_secret: emu.rt.appSecret }),
    });
    token = ((await res.json()) as { tenant_access_token: string }).tenant_access_token;
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
  return { emu, url: emu.url, sdk, tenantToken, call, admin, close: () => emu.close() };
}
