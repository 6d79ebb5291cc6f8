import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmulator } from '../../src/emulator/server.js';
import { eventRuntimeFor } from '../../src/server/events.js';
import { createGateway } from '../../src/server/gateway.js';
import { createLogger } from '../../src/server/logger.js';
import { createUpstream } from '../../src/server/upstream.js';
import { API_KEY } from './harness.js';
import { startLongConnectionStack, until, type LcStack } from './longConnectionStack.js';

/**
 * The gateway's long-connection client against the emulator's long connection, end to end: real
 * writes on the emulator emit events, the emulator pushes them as pbbp2 frames (fragmented when
 * big), the client reassembles and ACKs them, `ingest` publishes them, and a graphql-ws
 * `recordChanged` subscriber receives each exactly once — through a fragmented event, a dropped
 * connection and a withheld ACK. The emulator's delivery log is the other side's account.
 */

const stacks: LcStack[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) await s.close();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An emulator whose endpoint discovery fails with `code`, and a gateway in long-connection mode on it. */
async function refusedStack(code: number) {
  const emu = await startEmulator({ port: 0, seed: 'empty' });
  cleanups.push(() => emu.close());
  const admin = (method: string, path: string, body?: unknown) => fetch(`${emu.url}/__emulator${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  await admin('POST', '/faults', { path: '^/callback/ws/endpoint$', status: 200, code, msg: 'refused by the test' });
  const credentials = { baseUrl: emu.url, appId: emu.rt.appId, appSecret: emu.rt.appSecret };
  const upstream = createUpstream(credentials);
  cleanups.push(() => upstream.close());
  const config = loadConfig({ GATEWAY_API_KEYS: API_KEY, LOG_LEVEL: 'silent', FEISHU_EVENT_MODE: 'long-connection' });
  const events = eventRuntimeFor({ config, appId: emu.rt.appId, upstream, logger: createLogger('silent'), credentials, longConnection: { timing: { reconnectIntervalMs: 100 } } })!;
  const gateway = createGateway({ config, appId: emu.rt.appId, upstream, events });
  cleanups.push(() => gateway.stop(1_000));
  const { url } = await gateway.start(0, '127.0.0.1');
  const ready = async () => {
    const res = await fetch(new URL('/ready', url));
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), text };
  };
  const discoveries = async () => ((await (await admin('GET', '/requests')).json()) as Array<{ path: string }>).filter((r) => r.path === '/callback/ws/endpoint').length;
  return { emu, admin, ready, discoveries, events, secret: emu.rt.appSecret };
}
const started = async (opts: Parameters<typeof startLongConnectionStack>[0] = {}) => {
  const s = await startLongConnectionStack(opts);
  stacks.push(s);
  return s;
};

/** Every event's record ids as `event_id:record_id`, as the subscription's `id` reads. */
const graphqlIdsOf = (deliveries: Array<{ event_id: string }>, recordOf: Map<string, string>) => deliveries.map((d) => `${d.event_id}:${recordOf.get(d.event_id)}`);

describe('events over the long connection', () => {
  it('delivers events, fragmented ones included, to a recordChanged subscriber exactly once, each acknowledged at the first attempt', async () => {
    // 200-byte frames: a record event (~700 bytes, plus the text) arrives in many fragments.
    const s = await started({ emulatorConfig: { wsFragmentBytes: 200 } });
    const sub = await s.subscribe();
    // Multi-byte text: fragments split bytes, so characters straddle frames and must be joined first.
    const ids = await s.createRecords(6, { text: (i) => (i % 2 ? `長連接事件 ${i} `.repeat(40) : `event ${i}`) });
    const results = await sub.take(6, 10_000);
    expect(results.map((r) => r.data.recordChanged.recordId).sort()).toEqual([...ids].sort());
    expect(results.every((r) => r.data.recordChanged.action === 'RECORD_ADDED')).toBe(true);

    await new Promise((r) => setTimeout(r, 300)); // room for a wrongful duplicate
    expect([...sub.counts().values()]).toEqual([1, 1, 1, 1, 1, 1]);
    const stats = s.client.stats();
    expect(stats).toMatchObject({ connects: 1, events: 6, fragmented: 6, published: 6, duplicates: 0, failed: 0 });
    const log = await s.deliveries();
    expect(log).toHaveLength(6);
    expect(log.every((d) => d.channel === 'long-connection' && d.acked && d.attempts === 1 && d.target === s.client.deviceId)).toBe(true);
  });

  it('reconnects after the emulator drops every connection mid-stream; no event is lost and redeliveries are de-duplicated', async () => {
    const s = await started({
      // Fast redelivery of what the drops cut off, and an ACK deadline the drops decide.
      emulatorConfig: { redeliveryDelaysMs: [200, 400, 800, 1600, 3200, 6400], wsAckTimeoutMs: 1000 },
      longConnection: { timing: { reconnectNonceMs: 100, reconnectIntervalMs: 100 } },
    });
    const sub = await s.subscribe();
    const EVENTS = 120;
    let created = 0;
    const writes = s.createRecords(EVENTS, { concurrency: 8, onCreated: () => created++ });
    // Two drops while the writes (and their event frames and ACKs) are in flight.
    const devices: string[] = [];
    for (const at of [30, 75]) {
      await until(() => created >= at, 20_000, `${at} writes`);
      devices.push(s.client.deviceId ?? '(none)');
      expect((await s.admin('POST', '/connections/drop')).body.dropped).toBe(1);
      await until(() => s.client.state === 'connected' && s.client.deviceId !== devices.at(-1), 10_000, 'the reconnection');

    }
    const ids = await writes;
    await sub.take(EVENTS, 20_000);
    await until(async () => (await s.deliveries()).every((d) => d.acked), 20_000, 'every delivery acknowledged');
    await new Promise((r) => setTimeout(r, 500)); // room for a wrongful duplicate

    const log = await s.deliveries();
    expect(log).toHaveLength(EVENTS);
    const counts = sub.counts();
    expect([...counts.keys()].map((id) => id.split(':')[1]).sort()).toEqual([...ids].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(sub.results).toHaveLength(EVENTS);
    // Every event the emulator logged is one the subscriber saw, under the same event id.
    const recordOf = new Map([...counts.keys()].map((id) => [id.split(':')[0], id.split(':')[1]] as [string, string]));
    expect(graphqlIdsOf(log, recordOf).sort()).toEqual([...counts.keys()].sort());

    const stats = s.client.stats();
    const redelivered = log.filter((d) => d.attempts > 1).length;
    expect(stats.connects).toBe(3);
    expect(stats.published).toBe(EVENTS);
    // What came twice (ingested, but its ACK died with the socket) was dropped as a duplicate.
    expect(stats.events).toBe(EVENTS + stats.duplicates);
    console.info(`[long-connection drop] ${EVENTS} events, ${stats.connects} connections, ${redelivered} redelivered by the emulator, ${stats.duplicates} received twice and de-duplicated, ${stats.events} event receipts`);
  }, 60_000);

  it('an event whose ACK is withheld is redelivered, published once, and logged by the emulator as acknowledged once', async () => {
    const withheld = new Set<string>();
    const s = await started({
      emulatorConfig: { wsAckTimeoutMs: 300, redeliveryDelaysMs: [100, 100] },
      // Withhold the first ACK of every event: the emulator's 300 ms ACK deadline passes.
      longConnection: { withholdAck: (eventId) => !withheld.has(eventId) && !!withheld.add(eventId) },
    });
    const sub = await s.subscribe();
    const [recordId] = await s.createRecords(1);
    await until(async () => (await s.deliveries())[0]?.acked === true, 5_000, 'the acknowledgement');
    await new Promise((r) => setTimeout(r, 400));

    const [delivery] = await s.deliveries();
    expect(delivery).toMatchObject({ channel: 'long-connection', attempts: 2, acked: true, status: 'acked', last_status: 200 });
    expect(s.client.stats()).toMatchObject({ events: 2, published: 1, duplicates: 1, acksWithheld: 1 });
    expect(sub.results.map((r) => r.data.recordChanged.recordId)).toEqual([recordId]);
  });

  it('/ready: 200 once connected, and still 200 while reconnecting after a drop (Feishu redelivers; queries do not need it)', async () => {
    const s = await started({ longConnection: { timing: { reconnectNonceMs: 800, reconnectIntervalMs: 100 } } });
    const ready = async () => {
      const res = await fetch(`${s.origin}/ready`);
      return { status: res.status, body: await res.json() };
    };
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    const first = s.client.deviceId;
    await s.admin('POST', '/connections/drop');
    await until(() => s.client.state === 'reconnecting', 2_000, 'the reconnecting state');
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    await s.client.connected(5_000);
    expect(s.client.deviceId).not.toBe(first);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('/ready: 503 "long connection not established", with the last failure, until the first connection (retryable code 1000040343)', async () => {
    const s = await refusedStack(1000040343);
    await until(async () => (await s.discoveries()) >= 2, 3_000, 'a retried discovery');
    const down = await s.ready();
    expect(down.status).toBe(503);
    expect(down.body.reason).toMatch(/^long connection not established \(endpoint discovery refused: code 1000040343 \(refused by the test\)\)$/);
    expect(down.text).not.toContain(s.secret);
    await s.admin('DELETE', '/faults');
    await s.events.longConnection!.connected(3_000);
    expect((await s.ready()).status).toBe(200);
  });

  it('/ready: 503 "long connection stopped" after a fatal refusal (code 514), which is not retried', async () => {
    const s = await refusedStack(514);
    await until(() => s.events.longConnection!.state === 'stopped', 3_000, 'the stop');
    const down = await s.ready();
    expect(down).toMatchObject({ status: 503, body: { status: 'unavailable', reason: 'long connection stopped: endpoint discovery refused: code 514 (refused by the test) (fatal: not retried)' } });
    expect(down.text).not.toContain(s.secret);
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.discoveries()).toBe(1);
  });
});
