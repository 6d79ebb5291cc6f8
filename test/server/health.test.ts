import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator } from '../../src/emulator/server.js';
import { createGateway } from '../../src/server/gateway.js';
import { createUpstream } from '../../src/server/upstream.js';
import { API_KEY, startStack, type Stack } from './harness.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const started = async (env?: Record<string, string>): Promise<Stack> => {
  const stack = await startStack(env);
  cleanups.push(() => stack.close());
  return stack;
};
const getJson = async (url: string) => {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

describe('/health and /ready', () => {
  it('/health answers 200 without credentials, whatever the upstream', async () => {
    const stack = await started();
    expect((await fetch(`${stack.origin}/health`)).status).toBe(200);
    await stack.emu.close();
    expect((await fetch(`${stack.origin}/health`)).status).toBe(200);
  });

  it('/ready follows the upstream: 200 while it answers, 503 with the reason while it is down, 200 again when back', async () => {
    const stack = await started();
    expect(await getJson(`${stack.origin}/ready`)).toEqual({ status: 200, body: { status: 'ready' } });
    const { port, rt } = stack.emu;
    await stack.emu.close();
    const down = await getJson(`${stack.origin}/ready`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', reason: expect.stringMatching(/Feishu is unreachable at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/) });
    const again = await startEmulator({ port, seed: 'empty', appId: rt.appId, appSecret: rt.appSecret });
    cleanups.push(() => again.close());
    expect(await getJson(`${stack.origin}/ready`)).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('/ready is 503 when Feishu refuses the app credentials, without echoing the secret', async () => {
    const emu = await startEmulator({ port: 0, seed: 'empty' });
    cleanups.push(() => emu.close());
    const upstream = createUpstream({ baseUrl: emu.url, appId: emu.rt.appId, appSecret: 'wrong-secret-value' });
    cleanups.push(() => upstream.close());
    const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', FEISHU_APP_ID: emu.rt.appId, FEISHU_APP_SECRET: 'wrong-secret-value' });
    const gateway = createGateway({ config, appId: emu.rt.appId, upstream });
    cleanups.push(() => gateway.stop());
    const { url } = await gateway.start(0, '127.0.0.1');
    const res = await fetch(new URL('/ready', url));
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(text).reason).toMatch(/refused the app credentials \(code 10014/);
    expect(text).not.toContain('wrong-secret-value');
  });
});

describe('graceful stop', () => {
  it('finishes in-flight requests, closes WebSockets with 1001, then refuses connections', async () => {
    const stack = await started();
    stack.emu.rt.config.latencyMs = 300; // the readiness probe's upstream call takes a while
    const client = stack.ws({ 'x-api-key': API_KEY }, { lazy: false, onNonLazyError: () => {} });
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));

    const inFlight = fetch(`${stack.origin}/ready`);
    await new Promise((r) => setTimeout(r, 100));
    const stopping = stack.gateway.stop();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
    expect(await closed).toBe(1001);
    await stopping;
    await expect(fetch(`${stack.origin}/health`)).rejects.toThrow();
  });
});
