import { setTimeout as wait } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator, type Emulator } from '../../src/emulator/server.js';
import { createGateway, type Gateway } from '../../src/server/gateway.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createUpstream, type Upstream } from '../../src/server/upstream.js';
import { BASE } from './bitable.js';
import { API_KEY } from './harness.js';
import { FAST_RETRY, TASKS_PAGE, isSearch, type EmulatorCall } from './resilience-stack.js';

/**
 * The circuit breaker end to end: Feishu failing over real HTTP opens it; the gateway then answers
 * UPSTREAM_UNAVAILABLE saying so without calling the emulator, `/ready` and `/metrics` report it,
 * and after the cool-down the next call (here `/ready`'s own check) is the probe that closes it.
 */

const COOL_DOWN_MS = 600;
let emu: Emulator;
let upstream: Upstream;
let gateway: Gateway;
let url: string;
let origin: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: 'demo' });
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent' });
  const metrics = createMetrics();
  upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret, retry: FAST_RETRY, metrics, circuitBreaker: { failureThreshold: 2, coolDownMs: COOL_DOWN_MS } });
  gateway = createGateway({ config, appId: emu.rt.appId, upstream, metrics });
  ({ url } = await gateway.start(0, '127.0.0.1'));
  origin = new URL(url).origin;
});
afterAll(async () => {
  await gateway?.stop(1_000);
  await upstream?.close();
  await emu?.close();
});
beforeEach(async () => {
  await admin('/faults', 'DELETE');
  await admin('/requests', 'DELETE');
});

async function admin(path: string, method: string, body?: unknown) {
  const res = await fetch(`${emu.url}/__emulator${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status}`);
  return res.json();
}
const emulatorLog = async () => (await admin('/requests', 'GET')) as EmulatorCall[];
const gql = async (query: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: any; errors?: any[] };
};
const ready = async () => {
  const res = await fetch(`${origin}/ready`);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
};
const circuitMetrics = async () => {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const value = (name: string) => Number(text.match(new RegExp(`^feishu_gateway_${name}\\{host="${emu.url}"\\} (\\S+)$`, 'm'))?.[1]);
  return { state: value('upstream_circuit_state'), refused: value('upstream_circuit_refused_total') };
};

describe('circuit breaker through the gateway', () => {
  it('stays closed on repeated 4xx answers (NOT_FOUND): the host is up', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await gql(`{ app(appToken: "${BASE}") { table(tableId: "tblNoSuchTable000") { name } } }`);
      expect(r.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    expect((await gql(TASKS_PAGE)).errors).toBeUndefined();
    expect((await ready()).status).toBe(200);
  });

  it('opens on persistent 503s, fails fast with zero upstream calls, shows on /ready and /metrics, and a probe after the cool-down closes it', async () => {
    await admin('/faults', 'POST', { method: 'POST', path: 'records/search$', status: 503 });
    for (let i = 0; i < 2; i++) {
      const [e] = (await gql(TASKS_PAGE)).errors!;
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', feishu: { code: 1255001 } });
      // A 5xx says nothing about when Feishu is back: no retryAfter.
      expect(e.extensions.retryAfter).toBeUndefined();
    }
    expect((await emulatorLog()).filter(isSearch)).toHaveLength(2 * FAST_RETRY.maxAttempts);
    await admin('/requests', 'DELETE');

    // Open: the caller learns it at once, and when the next probe goes out (extensions and Retry-After).
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: TASKS_PAGE }) });
    expect(res.headers.get('retry-after')).toBe('1');
    const [e] = ((await res.json()) as { errors: any[] }).errors;
    expect(e.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(e.extensions.retryAfter).toBe(1);
    expect(e.extensions.feishu).toBeUndefined();
    expect(e.path).toEqual(['app', 'table', 'records']);
    expect(e.message).toMatch(new RegExp(`^Feishu is unavailable: circuit open for ${emu.url} after 2 failed calls in a row: failing fast without calling Feishu; the next probe goes out in 1 s$`));
    const notReady = await ready();
    expect(notReady).toEqual({ status: 503, body: { status: 'unavailable', reason: expect.stringMatching(/^Feishu is unavailable: circuit open for /) } });
    expect(await emulatorLog()).toEqual([]);
    expect(await circuitMetrics()).toEqual({ state: 2, refused: 2 });

    // Feishu is back; after the cool-down, /ready's own round trip is the probe.
    await admin('/faults', 'DELETE');
    await wait(COOL_DOWN_MS + 100);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await emulatorLog()).map((c) => c.path)).toEqual(['/open-apis/auth/v3/tenant_access_token/internal']);
    expect((await circuitMetrics()).state).toBe(0);
    expect((await gql(TASKS_PAGE)).errors).toBeUndefined();
  });
});
