import { connect } from 'node:net';
import { setTimeout as wait } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { killIfRunning, runCli, type CliRun } from '../helpers/cli.js';
import { BASE, TASKS } from './bitable.js';
import { API_KEY, startStack, type Stack } from './harness.js';
import { TASKS_PAGE } from './resilience-stack.js';

/**
 * Graceful shutdown under load (issue 10): with slow operations in flight (emulator latency) and
 * subscriptions open over graphql-ws and SSE, stopping the gateway lets every in-flight operation
 * finish with its data, closes WebSockets with 1001 (going away), completes SSE streams, and
 * refuses new connections; SIGTERM to `serve` does the same and exits 0.
 */

const LATENCY_MS = 700;
const IN_FLIGHT = 12;
const SUBSCRIBE = `subscription { recordChanged(appToken: "${BASE}", tableId: "${TASKS}") { recordId } }`;

let s: Stack | undefined;
let run: CliRun | undefined;
afterEach(async () => {
  killIfRunning(run);
  run = undefined;
  await s?.close();
  s = undefined;
});

const setLatency = (emulatorUrl: string, latencyMs: number) =>
  fetch(`${emulatorUrl}/__emulator/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) }).then((r) => r.text());

const query = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY }, body: JSON.stringify({ query: TASKS_PAGE }) }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

/** An SSE subscription: resolves once the stream is open, with a promise of how it ended. */
async function sseSubscription(url: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': API_KEY }, body: JSON.stringify({ query: SUBSCRIBE }) });
  expect(res.status).toBe(200);
  const ended = (async () => {
    let text = '';
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value, { stream: true });
    return text;
  })();
  return { ended };
}

/** Whether a fresh TCP connection to the port is refused. */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

/** Waits (bounded) until the server holds at least `n` connections. */
async function connections(server: Stack['gateway']['server'], n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const count = await new Promise<number>((resolve) => server.getConnections((_e, c) => resolve(c)));
    if (count >= n) return;
    await wait(20);
  }
  throw new Error(`fewer than ${n} connections`);
}

describe('graceful shutdown under load', () => {
  it('stop(): in-flight operations finish with data, graphql-ws closes 1001, SSE completes, new connections are refused', async () => {
    s = await startStack({}, {}, { seed: 'demo', events: true });
    const port = Number(new URL(s.url).port);
    await setLatency(s.emu.url, LATENCY_MS);

    const wsCloses: number[] = [];
    const ws = s.ws({ 'x-api-key': API_KEY }, { on: { closed: (e) => wsCloses.push((e as CloseEvent).code) } });
    const wsEnded = new Promise<string>((resolve) => ws.subscribe({ query: SUBSCRIBE }, { next: () => undefined, error: (e) => resolve(`error ${(e as CloseEvent).code ?? e}`), complete: () => resolve('complete') }));
    const sse = await sseSubscription(s.url);

    const inFlight = Array.from({ length: IN_FLIGHT }, () => query(s!.url));
    await connections(s.gateway.server, IN_FLIGHT + 2);
    await wait(100); // every request has been read and sent upstream: they wait on the emulator's latency

    const stopped = s.gateway.stop(10_000);
    expect(await refused(port)).toBe(true);

    const answers = await Promise.all(inFlight);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.app.table.records.edges).toHaveLength(20);
    }
    // The SSE stream was completed, not cut: its body ends normally, with yoga's `complete` event.
    expect(await sse.ended).toMatch(/event: complete/);
    expect(await wsEnded).toMatch(/^(complete|error 1001)$/);
    await stopped;
    expect(wsCloses).toEqual([1001]);
  }, 30_000);

  it('SIGTERM to `serve`: in-flight operations finish, the process exits 0', async () => {
    const emu = await startEmulator({ port: 0, seed: 'demo' });
    try {
      await setLatency(emu.url, LATENCY_MS);
      run = runCli(['serve'], {
        FEISHU_APP_ID: emu.rt.appId,
        FEISHU_APP_SECRET: emu.rt.appSecret,
        FEISHU_BASE_URL: emu.url,
        FEISHU_EVENT_MODE: 'off',
        GATEWAY_API_KEYS: API_KEY,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        REDIS_URL: '',
      });
      const url = await run.listening;
      const inFlight = Array.from({ length: IN_FLIGHT }, () => query(url));
      await wait(LATENCY_MS / 2);
      run.child.kill('SIGTERM');
      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
      expect(answers.every((a) => a.body.data.app.table.records.edges.length === 20)).toBe(true);
      expect(await run.exited).toBe(0);
      expect(await refused(Number(new URL(url).port))).toBe(true);
    } finally {
      await emu.close();
    }
  }, 30_000);
});
